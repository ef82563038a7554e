# corpus: phase-barrier
# expect: wrong_answer  missing_join
# why: The threads are started but never joined, so run_in_phases returns the table while the (sleeping) steps are still running; test_results_are_indexed_by_phase_then_worker sees None entries in a plain run.

import threading


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("invalid arguments")
    results = [[None] * workers for _ in range(phases)]
    barrier = threading.Barrier(workers)

    def work(worker):
        for phase in range(phases):
            results[phase][worker] = step(worker, phase)
            barrier.wait()

    for worker in range(workers):
        threading.Thread(target=work, args=(worker,)).start()
    return results
