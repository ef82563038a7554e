# corpus: word-count
# expect: accepted  none
# why: A ThreadPoolExecutor of `workers` threads reads every name; each future's text is counted in the calling thread as it completes, so the Counter is only touched by one thread, and the with-block joins the pool before returning.

from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed


def count_words(names, read, workers=3):
    if workers < 1:
        raise ValueError("need at least one worker")
    total = Counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(read, name) for name in names]
        for future in as_completed(futures):
            total.update(future.result().lower().split())
    return total
