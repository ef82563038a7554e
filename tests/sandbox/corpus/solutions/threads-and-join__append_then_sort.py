# corpus: threads-and-join
# expect: accepted  none
# why: Threads append (index, result) or (index, error) pairs to shared lists in whatever order they finish; list.append is atomic and every thread is joined before the lists are read, and sorting by index restores URL order, so no interleaving breaks it.

import threading


def fetch_all(urls, fetch):
    finished = []
    failed = []

    def work(index, url):
        try:
            finished.append((index, fetch(url)))
        except Exception as error:
            failed.append((index, error))

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise min(failed, key=lambda pair: pair[0])[1]
    return [result for _, result in sorted(finished, key=lambda pair: pair[0])]
