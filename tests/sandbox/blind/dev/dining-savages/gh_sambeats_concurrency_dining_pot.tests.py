"""Dining savages with a DiningPot(capacity) object: savages call get_serving(id); the cook
(as in the published cook() loop) keeps calling refill_pot(0). The pot's own log lines are
printed under its lock, so replaying them gives the exact sequence of takes and refills.
Rules: no take from an empty pot, refill only when the pot is empty, every savage finishes.
"""
import re
import threading
import time

import solution


def test_savages_eat_and_cook_refills_only_empty_pot():
    log = []
    log_lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with log_lock:
            log.append(" ".join(str(a) for a in args))

    solution.print = recording_print
    try:
        pot = solution.DiningPot(2)
        savages_done = threading.Event()
        errors = []

        def savage(i):
            try:
                for _ in range(2):
                    pot.get_serving(i)
                    time.sleep(0.001)   # eat
            except BaseException as e:
                errors.append(repr(e))

        def cook():
            try:
                while not savages_done.is_set():
                    pot.refill_pot(0)
                    time.sleep(0.001)
            except BaseException as e:
                errors.append(repr(e))

        savages = [threading.Thread(target=savage, args=(i,), daemon=True) for i in range(3)]
        cook_t = threading.Thread(target=cook, daemon=True)
        cook_t.start()
        for t in savages:
            t.start()
        for t in savages:
            t.join(timeout=3)
        savages_done.set()
        cook_t.join(timeout=3)
        stuck = [t.name for t in savages + [cook_t] if t.is_alive()]
        assert not errors, errors
        assert not stuck, f"threads did not finish: {stuck}"

        servings, taken, violations = 0, 0, []
        for line in log:
            if "refilled the pot" in line:
                if servings != 0:
                    violations.append(f"refilled a pot that still had {servings} servings")
                servings = int(re.search(r"(\d+)\s*$", line).group(1))
            elif "took a serving" in line:
                if servings == 0:
                    violations.append("took a serving from an empty pot")
                servings -= 1
                taken += 1
        assert violations == [], violations[:3]
        assert taken == 6
    finally:
        del solution.print
