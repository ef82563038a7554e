"""Dining savages with a Pot(n) object and thread classes SavageThread / CookThread (each
savage takes one portion; the pot starts full). Setup: a 3-portion pot and 4 savages, so the
cook must refill once. The pot's log lines are printed under its lock; replaying them checks
that nobody takes from an empty pot and the cook refills only an empty pot; all threads
(savages and cook) must finish.
"""
import re
import threading

import solution


def _make_threads(pot, n_savages):
    import inspect
    params = inspect.signature(solution.SavageThread.__init__).parameters
    if "all_savages" in params:
        savages = [solution.SavageThread(pot, i, []) for i in range(n_savages)]
        for s in savages:
            s.all_savages = savages
        cook = solution.CookThread(pot, savages)
    else:
        savages = [solution.SavageThread(pot, i) for i in range(n_savages)]
        cook = solution.CookThread(pot)
    return savages, cook


def test_savages_eat_cook_refills_empty_pot_everyone_finishes():
    log = []
    log_lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with log_lock:
            log.append(" ".join(str(a) for a in args))

    solution.print = recording_print
    try:
        pot = solution.Pot(3)
        savages, cook = _make_threads(pot, 4)
        for t in savages + [cook]:
            t.daemon = True
        cook.start()
        for t in savages:
            t.start()
        for t in savages:
            t.join(timeout=3)
        cook.join(timeout=3)
        stuck = [t.name for t in savages + [cook] if t.is_alive()]
        assert not stuck, f"threads did not finish: {stuck}"

        portions, taken, violations = 3, 0, []
        for line in log:
            if line.startswith("Cook filled the pot"):
                if portions != 0:
                    violations.append(f"cook filled a pot that still had {portions} portions")
                portions = int(re.search(r"with (\d+) portions", line).group(1))
            elif "took a portion" in line:
                if portions == 0:
                    violations.append("a portion was taken from an empty pot")
                portions -= 1
                taken += 1
        assert violations == [], violations[:3]
        assert taken == 4
    finally:
        del solution.print
