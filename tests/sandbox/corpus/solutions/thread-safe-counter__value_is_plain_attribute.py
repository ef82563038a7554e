# corpus: thread-safe-counter
# expect: wrong_answer  wrong_result
# why: Every update is locked, but value is a plain attribute rather than a read-only property, so `counter.value = 3` is allowed; test_value_is_read_only fails in a plain run.

import threading


class Counter:
    def __init__(self, start=0):
        self.value = start
        self.lock = threading.Lock()

    def increment(self, amount=1):
        with self.lock:
            self.value += amount

    def decrement(self, amount=1):
        with self.lock:
            self.value -= amount

    def increment_if_below(self, limit, amount=1):
        with self.lock:
            if self.value + amount <= limit:
                self.value += amount
                return True
            return False
