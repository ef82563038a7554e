# corpus: word-count
# expect: deadlock  lost_wakeup
# why: Only one None "stop" marker is queued for several workers, so the first worker to take it exits and the others wait in todo.get() for an item nobody will put, while count_words waits in join(); test_counts_the_words_of_several_files (workers=2) hangs in a plain run.

import queue
import threading
from collections import Counter


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    todo = queue.Queue()
    results = queue.Queue()

    def worker():
        while True:
            name = todo.get()
            if name is None:  # no more work
                break
            results.put(Counter(read(name).lower().split()))

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for name in names:
        todo.put(name)
    todo.put(None)
    for t in threads:
        t.join()

    total = Counter()
    while not results.empty():
        total += results.get()
    return total
