# corpus: threads-and-join
# expect: race_detected  missing_join
# why: After the start loop only `thread`, the last one started, is joined, so results are read while earlier fetches may still run; test_order_holds_when_later_urls_finish_first fails plainly (the last URL is the fastest), and tests with equal delays such as test_returns_the_results_in_the_order_of_the_urls pass plainly but fail when an earlier thread is held back by the schedule, so the verdict is race_detected.

import threading


def fetch_all(urls, fetch):
    results = [None] * len(urls)
    errors = [None] * len(urls)

    def work(i, url):
        try:
            results[i] = fetch(url)
        except Exception as e:
            errors[i] = e

    for i, url in enumerate(urls):
        thread = threading.Thread(target=work, args=(i, url))
        thread.start()
    if urls:
        thread.join()
    for e in errors:
        if e is not None:
            raise e
    return results
