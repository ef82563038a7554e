import threading


class Counter:
    def __init__(self, start=0):
        self.count = start
        self.lock = threading.Lock()

    def increment(self, amount=1):
        self.lock.acquire()
        try:
            self.count = self.count + amount
        finally:
            self.lock.release()

    def decrement(self, amount=1):
        self.increment(-amount)

    @property
    def value(self):
        return self.count

    def increment_if_below(self, limit, amount=1):
        self.lock.acquire()
        try:
            new = self.count + amount
            if new <= limit:
                self.count = new
                return True
            return False
        finally:
            self.lock.release()
