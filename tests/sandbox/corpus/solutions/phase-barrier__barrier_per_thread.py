# corpus: phase-barrier
# expect: deadlock  lost_wakeup
# why: Each thread creates its own Barrier(workers) inside its function, so with two or more workers every thread waits at a barrier nobody else will ever reach; test_results_are_indexed_by_phase_then_worker hangs in a plain run.

import threading


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("invalid arguments")
    results = [[None] * workers for _ in range(phases)]

    def work(worker):
        barrier = threading.Barrier(workers)  # everybody waits here after each phase
        for phase in range(phases):
            results[phase][worker] = step(worker, phase)
            barrier.wait()

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
