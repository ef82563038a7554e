# corpus: daemon-threads
# expect: wrong_answer  daemon_misuse
# why: daemon is set after start(), which raises RuntimeError("cannot set daemon status of active thread") in the calling thread and leaves a non-daemon thread looping forever; test_the_heartbeat_is_a_daemon_that_keeps_beating (and every other test) fails in a plain run.

import threading
import time


def start_heartbeat(interval, beat):
    def run():
        while True:
            time.sleep(interval)
            beat()

    thread = threading.Thread(target=run, name="heartbeat")
    thread.start()
    thread.daemon = True  # it is running now, make it a background thread
    return thread


def start_worker(jobs, handle):
    def run():
        while True:
            item = jobs.get()
            try:
                handle(item)
            except Exception:
                pass
            finally:
                jobs.task_done()

    thread = threading.Thread(target=run, name="worker")
    thread.start()
    thread.daemon = True
    return thread
