"""Checks and sets without a lock: two threads can both see "not made yet"."""

_NOT_MADE = object()


class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._value = _NOT_MADE

    def get(self):
        if self._value is _NOT_MADE:
            self._value = self._factory()
        return self._value
