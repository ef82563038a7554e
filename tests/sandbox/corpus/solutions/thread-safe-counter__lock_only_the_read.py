# corpus: thread-safe-counter
# expect: race_detected  lost_update
# why: increment/decrement read the value under the lock but write it back after releasing it, so two threads can write results computed from the same old value; test_counts_every_increment_from_four_threads (and test_increments_and_decrements_from_many_threads_cancel_out) catch it under some interleaving.

import threading


class Counter:
    def __init__(self, start=0):
        self._value = start
        self._lock = threading.Lock()

    def increment(self, amount=1):
        with self._lock:
            current = self._value
        self._value = current + amount

    def decrement(self, amount=1):
        with self._lock:
            current = self._value
        self._value = current - amount

    @property
    def value(self):
        with self._lock:
            return self._value

    def increment_if_below(self, limit, amount=1):
        with self._lock:
            if self._value + amount > limit:
                return False
            self._value += amount
            return True
