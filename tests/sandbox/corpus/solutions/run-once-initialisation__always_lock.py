# corpus: run-once-initialisation
# expect: accepted  none
# why: Every get() takes the lock and checks a private sentinel under it, so exactly one thread calls the factory, None is remembered like any value, and a factory that raises leaves the sentinel in place for the next call.

import threading


class Lazy:
    _MISSING = object()

    def __init__(self, factory):
        self._factory = factory
        self._value = Lazy._MISSING
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._value is Lazy._MISSING:
                self._value = self._factory()
            return self._value
