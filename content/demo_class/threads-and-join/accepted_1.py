import threading


def fetch_all(urls, fetch):
    """Return [fetch(url) for url in urls], with every fetch running in its own thread."""
    results = [None] * len(urls)
    errors = [None] * len(urls)

    def worker(i, url):
        try:
            results[i] = fetch(url)
        except Exception as e:
            errors[i] = e

    threads = []
    for i, url in enumerate(urls):
        t = threading.Thread(target=worker, args=(i, url))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()

    for e in errors:
        if e is not None:
            raise e
    return results
