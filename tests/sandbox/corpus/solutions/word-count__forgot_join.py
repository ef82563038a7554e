# corpus: word-count
# expect: race_detected  missing_join
# why: The worker threads are started but never joined, so count_words returns the shared Counter while every (sleeping) read is still in progress; test_counts_the_words_of_several_files gets an empty result in a plain run. (Relabelled with issue 18: run one after the other the workers finish before the counts are read, so the failure is the order of the main thread's read and the workers' writes, a race; it was labelled wrong_answer when that claim was never checked.)

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
