"""Cigarette smokers, Condition-based class Smoker(rounds): the constructor starts 3 smoker
threads and an agent thread that places `rounds` random pairs; waitForCompletion() joins the
agent and tells the smokers to stop. Smoking time is shortened. After each placement exactly
one smoke must follow, by the smoker owning the missing ingredient; every thread finishes.
"""
import threading
import time
import types

import solution

OWNER = {"TOBACCO": "Smoker_WithTobacco", "PAPER": "Smoker_WithPaper", "MATCHES": "Smoker_WithMatches"}


def test_right_smoker_each_round_and_everyone_finishes():
    log = []
    lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with lock:
            log.append(" ".join(str(a) for a in args))

    real_sleep = time.sleep
    solution.time = types.SimpleNamespace(sleep=lambda s: real_sleep(0.001))
    solution.print = recording_print
    errors = []
    holder = {}

    def run():
        try:
            obj = solution.Smoker(4)
            holder["obj"] = obj
            obj.waitForCompletion()
        except BaseException as e:
            errors.append(repr(e))

    try:
        t = threading.Thread(target=run, daemon=True)
        t.start()
        t.join(timeout=3)
        obj = holder.get("obj")
        threads = [] if obj is None else obj.smokerThreads + [obj.agentThread]
        for s in threads:
            s.join(timeout=3)
    finally:
        solution.time = time
        del solution.print
    assert not errors, errors
    assert not t.is_alive(), "agent/waitForCompletion did not finish"
    stuck = [s.name for s in threads if s.is_alive()]
    assert not stuck, f"threads did not finish: {stuck}"

    expected = None
    rounds = 0
    violations = []
    for line in log:
        if line.startswith("agent produced:"):
            if expected is not None:
                violations.append("agent placed new items before anyone smoked")
            placed = set(line[len("agent produced:"):].replace(" and ", " ").split())
            missing = ({"TOBACCO", "PAPER", "MATCHES"} - placed).pop()
            expected = OWNER[missing]
            rounds += 1
        elif line.endswith("started smoking."):
            who = line.split(" ")[0]
            if who != expected:
                violations.append(f"{who} smoked, expected {expected}")
            expected = None
    assert violations == [], violations[:3]
    assert rounds == 4 and expected is None
