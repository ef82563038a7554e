# corpus: threads-and-join
# expect: accepted  none
# why: One thread per URL, all started before any is joined, each writing only its own slot of the results and errors lists; after joining all of them the first error in list order is raised, so every test passes under any interleaving.

import threading


def fetch_all(urls, fetch):
    """Return [fetch(url) for url in urls], with every fetch running in its own thread."""
    print("fetching", len(urls), "urls")
    # one slot per url, so the threads never write to the same place
    results = [None] * len(urls)
    errors = [None] * len(urls)

    def download(position, url):
        # runs inside the thread
        try:
            results[position] = fetch(url)
        except Exception as problem:
            # an exception would just disappear with the thread, so keep it for later
            errors[position] = problem

    # step 1: make all the threads
    threads = []
    for position in range(len(urls)):
        thread = threading.Thread(target=download, args=(position, urls[position]))
        threads.append(thread)

    # step 2: start ALL of them (so they run at the same time)
    for thread in threads:
        thread.start()

    # step 3: now wait for every single one
    for thread in threads:
        thread.join()
    print("all threads finished")

    # step 4: the first url that failed (in list order) wins
    for problem in errors:
        if problem is not None:
            raise problem
    return results
