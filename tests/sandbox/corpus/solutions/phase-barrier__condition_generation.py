# corpus: phase-barrier
# expect: accepted  none
# why: A home-made reusable barrier: arrivals are counted under a Condition, the last arrival starts a new generation and calls notify_all, and the others wait in a while loop until the generation changes, so no thread leaves early or waits for good.

import threading


class PhaseGate:
    def __init__(self, parties):
        self.parties = parties
        self.arrived = 0
        self.generation = 0
        self.cond = threading.Condition()

    def wait(self):
        with self.cond:
            my_generation = self.generation
            self.arrived += 1
            if self.arrived == self.parties:
                self.arrived = 0
                self.generation += 1
                self.cond.notify_all()
            else:
                while self.generation == my_generation:
                    self.cond.wait()


def run_in_phases(workers, phases, step):
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if phases < 0:
        raise ValueError("phases cannot be negative")
    results = [[None for _ in range(workers)] for _ in range(phases)]
    gate = PhaseGate(workers)

    def work(worker):
        for phase in range(phases):
            results[phase][worker] = step(worker, phase)
            gate.wait()

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
