# corpus: daemon-threads
# expect: accepted  none
# why: The heartbeat waits on a never-set Event with a timeout, which sleeps exactly `interval` before each beat; both threads are daemons with the right names and the worker survives a failing job, so every test passes.

import threading


def start_heartbeat(interval, beat):
    never = threading.Event()

    def loop():
        while not never.wait(interval):
            beat()

    t = threading.Thread(target=loop, name="heartbeat")
    t.daemon = True
    t.start()
    return t


def start_worker(jobs, handle):
    def loop():
        while True:
            item = jobs.get()
            try:
                handle(item)
            except Exception as error:  # noqa: BLE001 - keep serving jobs
                print(f"job {item!r} failed: {error}")
            jobs.task_done()

    t = threading.Thread(target=loop, name="worker")
    t.daemon = True
    t.start()
    return t
