# corpus: phase-barrier
# expect: wrong_answer  wrong_result
# why: `[[None] * workers] * phases` makes every row the same list, so each phase overwrites the previous one and all rows show the last phase; test_results_are_indexed_by_phase_then_worker fails in a plain run (the barrier itself is fine).

import threading


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("invalid arguments")
    results = [[None] * workers] * phases
    barrier = threading.Barrier(workers)

    def work(worker):
        for phase in range(phases):
            results[phase][worker] = step(worker, phase)
            barrier.wait()

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
