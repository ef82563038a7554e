class Counter:
    def __init__(self, start=0):
        self._value = start

    def increment(self, amount=1):
        self._value += amount

    def decrement(self, amount=1):
        self._value -= amount

    @property
    def value(self):
        return self._value

    def increment_if_below(self, limit, amount=1):
        if self._value + amount <= limit:
            self._value += amount
            return True
        return False
