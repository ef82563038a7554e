# corpus: dining-philosophers
# expect: deadlock  lock_order_deadlock
# why: Every philosopher takes fork `seat` and then fork `seat + 1`, so the last seat takes fork n-1 before fork 0 against everyone else's order; in test_two_philosophers_share_two_forks (or any all-seats test) each can hold one fork and wait for the other's for good.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("at least two seats")
        self.forks = [threading.Lock() for _ in range(seats)]
        self.meals_served = 0
        self._count = threading.Lock()

    def dine(self, seat, meals, eat):
        left = self.forks[seat]
        right = self.forks[(seat + 1) % len(self.forks)]
        for _ in range(meals):
            with left:
                with right:
                    eat(seat)
                    with self._count:
                        self.meals_served += 1
