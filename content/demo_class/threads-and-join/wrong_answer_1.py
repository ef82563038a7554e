import threading


def fetch_all(urls, fetch):
    """Return [fetch(url) for url in urls], with every fetch running in its own thread."""
    results = [None] * len(urls)

    def worker(i, url):
        results[i] = fetch(url)

    threads = [threading.Thread(target=worker, args=(i, url)) for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
