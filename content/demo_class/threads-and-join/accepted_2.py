import threading


def fetch_all(urls, fetch):
    """Return [fetch(url) for url in urls], with every fetch running in its own thread."""
    outcome = {}

    def run(position, url):
        try:
            outcome[position] = ("ok", fetch(url))
        except Exception as error:
            outcome[position] = ("error", error)

    threads = [threading.Thread(target=run, args=(n, url)) for n, url in enumerate(urls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    results = []
    for position in range(len(urls)):
        kind, value = outcome[position]
        if kind == "error":
            raise value
        results.append(value)
    return results
