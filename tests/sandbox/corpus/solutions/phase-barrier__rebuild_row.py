# corpus: phase-barrier
# expect: race_detected  unsafe_container
# why: Each worker records its result with rows[phase] = rows[phase] + [(worker, value)], a get-then-set of an item of the shared list, so two workers finishing the same phase can both read the old row and one entry is lost; test_results_are_indexed_by_phase_then_worker fails under some interleaving.

import threading


def run_in_phases(workers, phases, step):
    if workers < 1 or phases < 0:
        raise ValueError("invalid arguments")
    rows = [[] for _ in range(phases)]
    barrier = threading.Barrier(workers)

    def work(worker):
        for phase in range(phases):
            value = step(worker, phase)
            rows[phase] = rows[phase] + [(worker, value)]
            barrier.wait()

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [[value for _, value in sorted(row, key=lambda pair: pair[0])] for row in rows]
