# corpus: dining-philosophers
# expect: deadlock  lock_order_deadlock
# why: The waiter lock is taken before the forks when sitting down but after them when counting the meal, so a philosopher holding the waiter and waiting for a fork and an eater holding that fork and waiting for the waiter form a cycle; test_neighbours_never_eat_at_the_same_time (eating sleeps) or any all-seats test can hang.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("a table needs two seats")
        self.forks = [threading.Lock() for _ in range(seats)]
        self.meals_served = 0
        self.waiter = threading.Lock()

    def dine(self, seat, meals, eat):
        left = self.forks[seat]
        right = self.forks[(seat + 1) % len(self.forks)]
        for _ in range(meals):
            with self.waiter:  # ask the waiter before picking up forks
                left.acquire()
                right.acquire()
            try:
                eat(seat)
                with self.waiter:  # the waiter also keeps the tally
                    self.meals_served += 1
            finally:
                right.release()
                left.release()
