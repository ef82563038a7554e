# corpus: dining-philosophers
# expect: race_detected  lost_update
# why: meals_served += 1 is done while holding only the philosopher's two forks, which do not exclude a non-neighbour (seats 0 and 2 share no fork), so two increments can interleave and one is lost; test_every_meal_is_counted and test_five_philosophers_all_finish_dinner fail under some interleaving.

import threading


class Table:
    def __init__(self, seats):
        if seats < 2:
            raise ValueError("at least two seats please")
        self.forks = [threading.Lock() for _ in range(seats)]
        self.meals_served = 0

    def dine(self, seat, meals, eat):
        a, b = sorted((seat, (seat + 1) % len(self.forks)))
        for _ in range(meals):
            with self.forks[a], self.forks[b]:
                eat(seat)
                self.meals_served += 1  # we hold our forks, so this is safe
