"""Cigarette smokers with Lock-based signalling: an Agent thread runs 10 rounds; the three
smoker threads loop forever by design and are daemon threads (as in the published main).
Each placement must be followed by the complementary smoker before the next placement,
and the agent must finish its 10 rounds.
"""
import threading

import solution

EXPECT = {
    "Agent places tobacco and paper on the table.": "Match smoker",
    "Agent places tobacco and a match on the table.": "Paper smoker",
    "Agent places a match and paper on the table.": "Tobacco smoker",
}


def test_agent_rounds_each_answered_by_the_right_smoker():
    log = []
    lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with lock:
            log.append(" ".join(str(a) for a in args))

    solution.print = recording_print
    try:
        locks = solution.Locks()
        smokers = [solution.Tobacco(locks), solution.Paper(locks), solution.Match(locks)]
        agent = solution.Agent(locks)
        for t in smokers + [agent]:
            t.daemon = True
        agent.start()
        for t in smokers:
            t.start()
        agent.join(timeout=3)
        assert not agent.is_alive(), "agent did not finish its rounds"
    finally:
        del solution.print
    expected = None
    rounds = 0
    violations = []
    for line in log:
        if line in EXPECT:
            if expected is not None:
                violations.append("agent placed new items before the previous pair was taken")
            expected = EXPECT[line]
            rounds += 1
        elif " smoker picks up " in line:
            if not line.startswith(expected or "<nothing placed>"):
                violations.append(f"{line!r} but expected {expected}")
            expected = None
    assert violations == [], violations[:3]
    assert rounds == 10
