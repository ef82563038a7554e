# corpus: phase-barrier
# expect: accepted  none
# note: busy_wait
# why: Each worker counts its arrival for the phase under a lock and then polls with time.sleep(0.0001) until the phase's count reaches `workers`; the counts only grow, so nobody leaves early and nobody is stuck, but the waiting is a polling loop.

import threading
import time


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("bad arguments")
    results = [[None] * workers for _ in range(phases)]
    arrived = [0] * phases
    lock = threading.Lock()

    def work(worker):
        for phase in range(phases):
            results[phase][worker] = step(worker, phase)
            with lock:
                arrived[phase] += 1
            while arrived[phase] < workers:
                time.sleep(0.0001)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
