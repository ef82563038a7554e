# corpus: word-count
# expect: deadlock  check_then_act
# why: Workers loop `while not todo.empty(): name = todo.get()`, so two workers can both see one name left, one takes it and the other blocks in get() for good, and count_words waits for it in join(); test_counts_the_words_of_several_files (or any multi-worker test) hangs under some interleaving.

import queue
import threading
from collections import Counter


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    todo = queue.Queue()
    for name in names:
        todo.put(name)
    total = Counter()
    lock = threading.Lock()

    def worker():
        while not todo.empty():
            name = todo.get()
            words = read(name).lower().split()
            with lock:
                total.update(words)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return total
