"""Starts every thread but never joins them: fetch_all returns before the fetches finish."""

import threading


def fetch_all(urls, fetch):
    results = [None] * len(urls)

    def work(index, url):
        results[index] = fetch(url)

    for index, url in enumerate(urls):
        threading.Thread(target=work, args=(index, url)).start()
    return results
