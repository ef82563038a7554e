"""Dining savages, module-level semaphore solution (cook() / savage() read global quotas).

The test sets small quotas (2 cooks x 2 refills of a 3-serving pot, 4 savages x 3 servings),
observes the solution's own fill_pot()/get_serving() helpers, and checks: no serving is taken
from an empty pot, the pot is refilled only when empty, every thread finishes.
"""
import threading

import solution


def test_savages_and_cooks_finish_and_pot_rules_hold():
    solution.CAPACITY = 3
    solution.COOKS = 2
    solution.COOK_QUOTA = 2
    solution.SAVAGES = 4
    solution.SAVAGE_QUOTA = 3          # 4 * 3 == 2 * 2 * 3 servings
    solution.servings = 0
    solution.mutex = threading.Semaphore(1)
    solution.empty_pot = threading.Semaphore(0)
    solution.full_pot = threading.Semaphore(0)

    log_lock = threading.Lock()
    events = {"fills": 0, "servings": 0}
    violations = []

    def fill_pot(amount):
        with log_lock:
            events["fills"] += 1
            if solution.servings != 0:
                violations.append(f"pot refilled while it still had {solution.servings} servings")

    def get_serving():
        with log_lock:
            events["servings"] += 1
            if solution.servings < 0:
                violations.append("a serving was taken from an empty pot")

    solution.fill_pot = fill_pot
    solution.get_serving = get_serving
    solution.print = lambda *a, **k: None
    errors = []

    def run(fn):
        try:
            fn()
        except BaseException as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=run, args=(solution.cook,), daemon=True) for _ in range(2)]
    threads += [threading.Thread(target=run, args=(solution.savage,), daemon=True) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=3)
    finally:
        del solution.print
    stuck = [t.name for t in threads if t.is_alive()]
    assert not errors, errors
    assert not stuck, f"threads did not finish: {stuck}"
    assert violations == [], violations[:3]
    assert events == {"fills": 4, "servings": 12}
