# corpus: thread-safe-counter
# expect: deadlock  self_deadlock
# why: increment_if_below holds the non-reentrant Lock and calls increment(), which acquires the same Lock again, so the calling thread waits for itself; test_increment_if_below_follows_its_limit hangs on its first call (plainly, in the main thread).

import threading


class Counter:
    def __init__(self, start=0):
        self._value = start
        self._lock = threading.Lock()

    def increment(self, amount=1):
        with self._lock:
            self._value += amount

    def decrement(self, amount=1):
        with self._lock:
            self._value -= amount

    @property
    def value(self):
        with self._lock:
            return self._value

    def increment_if_below(self, limit, amount=1):
        with self._lock:
            if self._value + amount > limit:
                return False
            self.increment(amount)
            return True
