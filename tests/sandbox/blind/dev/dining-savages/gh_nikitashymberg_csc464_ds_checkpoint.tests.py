"""Dining savages, module-level semaphores and a list `pot` (cook() appends M servings,
savage() pops one per meal; both have fixed round counts: 3 savages x 10 meals, pot of 10).
The pot is replaced by a list that checks the rules: the cook starts a refill only when the
pot is empty, and popping an empty pot raises. sleep() is shortened; every thread must finish.
"""
import threading
import time

import solution


class CheckedPot(list):
    def __init__(self):
        super().__init__()
        self.violations = []
        self.popped = 0

    def append(self, item):
        if item == 0 and len(self) != 0:
            self.violations.append(f"refill started while the pot held {len(self)} servings")
        super().append(item)

    def pop(self, *args):
        value = super().pop(*args)   # IndexError on an empty pot
        self.popped += 1
        return value


def test_three_savages_ten_meals_each_and_cook_finishes():
    pot = CheckedPot()
    solution.pot = pot
    solution.mutex = threading.Semaphore()
    solution.emptyPot = threading.Semaphore(0)
    solution.fullPot = threading.Semaphore(0)
    real_sleep = time.sleep
    solution.sleep = lambda s: real_sleep(0.0005)
    solution.print = lambda *a, **k: None
    errors = []

    def run(fn, *args):
        try:
            fn(*args)
        except BaseException as e:
            errors.append(repr(e))

    import inspect
    takes_index = len(inspect.signature(solution.savage).parameters) > 0
    chef = threading.Thread(target=run, args=(solution.cook,), daemon=True)
    savages = [threading.Thread(target=run, args=((solution.savage, i) if takes_index else (solution.savage,)),
                                daemon=True) for i in range(3)]
    try:
        chef.start()
        for s in savages:
            s.start()
        for s in savages:
            s.join(timeout=3)
        chef.join(timeout=3)
    finally:
        del solution.print
    stuck = [t.name for t in savages + [chef] if t.is_alive()]
    assert not errors, errors
    assert not stuck, f"threads did not finish: {stuck}"
    assert pot.violations == [], pot.violations[:3]
    assert pot.popped == 30
