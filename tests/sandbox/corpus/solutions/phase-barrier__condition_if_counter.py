# corpus: phase-barrier
# expect: accepted  none
# why: The home-made barrier waits under `if` with no generation number, yet it is correct: Python's Condition.wait has no spurious wake-ups and the only notify_all comes from the last arrival of the same phase, after the count was reset, so a woken thread's condition is really true and early arrivals for the next phase are counted afresh.

import threading


class Gate:
    def __init__(self, n):
        self.n = n
        self.count = 0
        self.cond = threading.Condition()

    def wait(self):
        with self.cond:
            self.count += 1
            if self.count == self.n:
                self.count = 0
                self.cond.notify_all()
            else:
                self.cond.wait()


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("workers must be >= 1 and phases >= 0")
    results = [[None] * workers for _ in range(phases)]
    gate = Gate(workers)

    def run(w):
        for p in range(phases):
            results[p][w] = step(w, p)
            gate.wait()

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
