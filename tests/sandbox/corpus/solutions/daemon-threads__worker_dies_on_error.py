# corpus: daemon-threads
# expect: deadlock  thread_exception
# why: The worker has try/finally but no except, so handle()'s ValueError still ends the worker thread after task_done() for "bad"; "b" is never handled, and in test_the_worker_survives_a_failing_job the main thread waits in jobs.join() for good with no live thread left to finish the job.

import threading
import time


def start_heartbeat(interval, beat):
    def run():
        while True:
            time.sleep(interval)
            beat()

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
    return thread


def start_worker(jobs, handle):
    def run():
        while True:
            item = jobs.get()
            try:
                handle(item)
            finally:
                jobs.task_done()  # always mark the job done

    thread = threading.Thread(target=run, name="worker", daemon=True)
    thread.start()
    return thread
