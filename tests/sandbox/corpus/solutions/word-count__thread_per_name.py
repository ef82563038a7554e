# corpus: word-count
# expect: wrong_answer  wrong_result
# why: One thread per name instead of `workers` threads, so all six reads run at once; test_reads_overlap_in_worker_threads_that_are_done_at_the_end sees most_active == 6 instead of 3 in a plain run (each thread writes its own slot and all are joined, so nothing races).

import threading


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    texts = [None] * len(names)

    def fetch(index, name):
        texts[index] = read(name)

    threads = [threading.Thread(target=fetch, args=(i, name)) for i, name in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = {}
    for text in texts:
        for word in text.lower().split():
            counts[word] = counts.get(word, 0) + 1
    return counts
