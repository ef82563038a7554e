# corpus: threads-and-join
# expect: accepted  none
# why: A ThreadPoolExecutor with one worker per URL runs every fetch in its own pool thread (each fetch sleeps, so no worker is free to take a second one), the with-block waits for all of them, and future.result() in URL order re-raises the first failure.

from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch):
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        futures = [pool.submit(fetch, url) for url in urls]
    return [future.result() for future in futures]
