# corpus: thread-safe-counter
# expect: accepted  none
# why: Every operation holds one RLock for its whole read-modify-write; increment_if_below re-enters it through increment(), which an RLock allows, so the check and the update stay one step.

import threading


class Counter:
    def __init__(self, start=0):
        self._value = start
        self._lock = threading.RLock()

    def increment(self, amount=1):
        with self._lock:
            self._value += amount

    def decrement(self, amount=1):
        self.increment(-amount)

    @property
    def value(self):
        with self._lock:
            return self._value

    def increment_if_below(self, limit, amount=1):
        with self._lock:
            if self._value + amount > limit:
                return False
            self.increment(amount)  # re-entering our own RLock is fine
            return True
