"""Cigarette smokers, LBoS pusher solution (module-level ingredient semaphores, pushers and
smokers loop forever by design). As in the book, the agent's code is fixed, so the test plays
the agent: each round it releases two ingredient semaphores and waits for a smoke. Pushers and
smokers run as daemon threads. Each pair must be smoked by the owner of the third ingredient
(tobacco+paper -> smoker_c, paper+match -> smoker_a, tobacco+match -> smoker_b).
"""
import threading
import time

import solution

ROUNDS = [("tobacco", "paper", "smoker_c"), ("paper", "match", "smoker_a"),
          ("tobacco", "match", "smoker_b"), ("paper", "match", "smoker_a"),
          ("tobacco", "paper", "smoker_c"), ("tobacco", "match", "smoker_b")]


def test_agent_pairs_are_smoked_by_the_right_smoker():
    smokes = []
    lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with lock:
            smokes.append(" ".join(str(a) for a in args))

    solution.print = recording_print
    for name in ("tobacco", "paper", "match", "match_complemented",
                 "tobacco_complemented", "paper_complemented"):
        setattr(solution, name, threading.Semaphore(0))
    solution.lock = threading.Semaphore(1)
    solution.available.clear()
    workers = [solution.pusher_a, solution.pusher_b, solution.pusher_c,
               solution.smoker_a, solution.smoker_b, solution.smoker_c]
    threads = [threading.Thread(target=f, daemon=True) for f in workers]
    try:
        for t in threads:
            t.start()
        violations = []
        for i, (a, b, who) in enumerate(ROUNDS):
            getattr(solution, a).release()
            getattr(solution, b).release()
            deadline = time.time() + 1.0
            while len(smokes) <= i and time.time() < deadline:
                time.sleep(0.001)
            assert len(smokes) == i + 1, f"round {i}: nobody smoked {a}+{b}"
            if smokes[i] != who:
                violations.append(f"round {i}: {smokes[i]} smoked {a}+{b}, expected {who}")
        time.sleep(0.005)
        assert violations == [], violations[:3]
        assert len(smokes) == len(ROUNDS), smokes
        assert solution.available == []
    finally:
        del solution.print
