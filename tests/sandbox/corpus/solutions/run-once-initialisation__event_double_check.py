# corpus: run-once-initialisation
# expect: accepted  none
# why: Double-checked locking with an Event as the "made" flag: the value is stored before the Event is set, the second check happens under the lock, and a raising factory never sets the Event, so the factory runs exactly once per successful make.

import threading


class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._value = None
        self._made = threading.Event()
        self._lock = threading.Lock()

    def get(self):
        if not self._made.is_set():
            with self._lock:
                if not self._made.is_set():
                    self._value = self._factory()
                    self._made.set()
        return self._value
