# corpus: threads-and-join
# expect: wrong_answer  thread_exception
# why: The exception raised by fetch ends its thread and never reaches the caller, so fetch_all returns a list with None in the failed slots instead of raising; test_the_first_failing_url_raises_after_every_thread_has_finished fails in a plain run.

import threading


def fetch_all(urls, fetch):
    results = [None] * len(urls)

    def work(index, url):
        results[index] = fetch(url)

    threads = [threading.Thread(target=work, args=(index, url)) for index, url in enumerate(urls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
