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
        return self._value

    def increment_if_below(self, limit, amount=1):
        with self._lock:
            if self._value + amount < limit:
                self._value += amount
                return True
            return False
