# corpus: word-count
# expect: wrong_answer  missing_join
# why: The worker threads are started but never joined, so count_words returns the shared Counter while every (sleeping) read is still in progress; test_counts_the_words_of_several_files gets an empty result in a plain run.

import threading
from collections import Counter


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    counts = Counter()
    lock = threading.Lock()
    chunks = [names[i::workers] for i in range(workers)]

    def work(chunk):
        for name in chunk:
            words = read(name).lower().split()
            with lock:
                counts.update(words)

    for chunk in chunks:
        threading.Thread(target=work, args=(chunk,)).start()
    return counts
