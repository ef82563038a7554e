# corpus: phase-barrier
# expect: accepted  none
# why: One pool task per worker with max_workers=workers: every task blocks at the Barrier after its first step, so no pool thread is ever free to take a second task and each worker runs in a thread of its own; the Barrier separates the phases and the with-block joins the pool.

import threading
from concurrent.futures import ThreadPoolExecutor


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("need workers >= 1 and phases >= 0")
    results = [[None] * workers for _ in range(phases)]
    barrier = threading.Barrier(workers)

    def worker(w):
        for p in range(phases):
            results[p][w] = step(w, p)
            barrier.wait()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(worker, w) for w in range(workers)]:
            future.result()
    return results
