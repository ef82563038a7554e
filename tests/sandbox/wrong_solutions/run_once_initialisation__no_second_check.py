"""Takes the lock but does not check again under it: threads that waited for the lock call
the factory once more."""

import threading

_NOT_MADE = object()


class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._value = _NOT_MADE
        self._lock = threading.Lock()

    def get(self):
        if self._value is _NOT_MADE:
            with self._lock:
                self._value = self._factory()
        return self._value
