# corpus: word-count
# expect: race_detected  unsafe_container
# why: Workers update one shared dict with counts[word] = counts.get(word, 0) + 1 and no lock, a get-then-set on a dict item that another worker can interleave, losing a count; test_counts_the_words_of_several_files and test_many_files_are_counted_exactly (workers 2 and 4) fail under some interleaving.

import threading


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    counts = {}

    def worker(my_names):
        for name in my_names:
            for word in read(name).lower().split():
                counts[word] = counts.get(word, 0) + 1

    # deal the names out like cards: worker k gets names k, k + workers, ...
    threads = [threading.Thread(target=worker, args=(names[k::workers],)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts
