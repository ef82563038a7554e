# corpus: word-count
# expect: wrong_answer  wrong_result
# why: The texts are split without lower(), so "The" and "the" are counted as different words; test_counts_the_words_of_several_files fails in a plain run, while the threading (map over a pool, counting in one thread) is fine.

from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("workers must be >= 1")
    with ThreadPoolExecutor(workers) as pool:
        texts = list(pool.map(read, names))
    counts = Counter()
    for text in texts:
        counts.update(text.split())
    return counts
