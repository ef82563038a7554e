# corpus: word-count
# expect: accepted  none
# why: Names go into a queue.Queue before `workers` threads start; each worker takes names with get_nowait() until queue.Empty (one atomic step, no separate empty() check), adds its words to the shared dict under a lock, and every worker is joined.

import queue
import threading


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")

    todo = queue.Queue()
    for name in names:
        todo.put(name)

    counts = {}
    counts_lock = threading.Lock()

    def worker():
        while True:
            try:
                name = todo.get_nowait()
            except queue.Empty:
                return
            words = read(name).lower().split()
            with counts_lock:
                for word in words:
                    counts[word] = counts.get(word, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts
