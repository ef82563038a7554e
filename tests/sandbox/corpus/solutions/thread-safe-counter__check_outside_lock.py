# corpus: thread-safe-counter
# expect: race_detected  check_then_act
# why: increment_if_below reads the value (under the lock, via the property) and then adds in a separate locked step, so several threads can pass the check for the last unit; test_only_one_thread_wins_the_last_unit and test_the_limit_holds_when_eight_threads_push_against_it fail under some interleaving.

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
        # both calls below are thread safe, so this is too (?)
        if self.value + amount > limit:
            return False
        self.increment(amount)
        return True
