# corpus: dining-philosophers
# expect: accepted  none
# why: Every philosopher takes the lower-numbered fork first (explicit acquire, release in finally), which rules out a cycle of waits, and meals_served has its own lock because non-neighbours eat at the same time.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("need at least 2 seats, got " + str(seats))
        self.seats = seats
        # fork i lies between seat i and seat i + 1
        self.forks = []
        for _ in range(seats):
            self.forks.append(threading.Lock())
        self.meals_served = 0
        # the forks do not protect this counter: philosophers 0 and 2 share no fork
        self.counter_lock = threading.Lock()

    def dine(self, seat, meals, eat):
        my_forks = [seat, (seat + 1) % self.seats]
        # ALWAYS pick up the smaller number first, that way nobody waits in a circle
        my_forks.sort()
        first_fork = self.forks[my_forks[0]]
        second_fork = self.forks[my_forks[1]]

        for meal in range(meals):
            first_fork.acquire()
            try:
                second_fork.acquire()
                try:
                    eat(seat)
                    with self.counter_lock:
                        self.meals_served = self.meals_served + 1
                finally:
                    second_fork.release()
            finally:
                first_fork.release()
