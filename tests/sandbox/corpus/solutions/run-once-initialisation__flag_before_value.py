# corpus: run-once-initialisation
# expect: race_detected  unprotected_state
# why: The "ready" flag is set under the lock before the factory has produced the value, and the fast path reads the flag without the lock, so another thread can return the placeholder None while the factory runs; test_eight_threads_calling_get_at_once_make_the_value_once passes plainly but fails under some interleaving (the slow-factory and failing-factory tests fail even plainly).

import threading


class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._ready = False
        self._value = None
        self._lock = threading.Lock()

    def get(self):
        if self._ready:
            return self._value
        with self._lock:
            if not self._ready:
                self._ready = True  # claim it first so nobody else starts making it
                self._value = self._factory()
        return self._value
