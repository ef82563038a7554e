# corpus: dining-philosophers
# expect: wrong_answer  thread_exception
# why: The right fork is self.forks[seat + 1] without the wrap-around, so the last seat's thread dies with IndexError before taking any fork (every other seat takes the lower fork first, so nothing deadlocks); test_five_philosophers_all_finish_dinner counts 40 meals instead of 50 in a plain run.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("at least two seats")
        self.forks = [threading.Lock() for _ in range(seats)]
        self.meals_served = 0
        self.lock = threading.Lock()

    def dine(self, seat, meals, eat):
        left = self.forks[seat]
        right = self.forks[seat + 1]
        for _ in range(meals):
            with left, right:
                eat(seat)
                with self.lock:
                    self.meals_served += 1
