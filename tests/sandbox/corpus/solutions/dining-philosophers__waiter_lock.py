# corpus: dining-philosophers
# expect: accepted  none
# why: Forks are picked up only while holding a single waiter lock, and a philosopher holding forks without the waiter is eating or putting them down, never waiting; so the waiter's holder can only wait for forks that will be released and no cycle can form.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("a table needs two seats")
        self.forks = [threading.Lock() for _ in range(seats)]
        self.meals_served = 0
        self._waiter = threading.Lock()
        self._tally = threading.Lock()

    def dine(self, seat, meals, eat):
        left = self.forks[seat]
        right = self.forks[(seat + 1) % len(self.forks)]
        for _ in range(meals):
            with self._waiter:  # only one philosopher picks up forks at a time
                left.acquire()
                right.acquire()
            try:
                eat(seat)
                with self._tally:
                    self.meals_served += 1
            finally:
                right.release()
                left.release()
