# corpus: daemon-threads
# expect: wrong_answer  wrong_result
# why: The heartbeat calls beat() first and sleeps afterwards, so the first beat comes at once instead of after one interval; test_beats_are_spaced_by_the_interval (times[0] - started >= 0.045) fails in a plain run, as does test_start_heartbeat_returns_before_the_first_beat.

import threading
import time


def start_heartbeat(interval, beat):
    def run():
        while True:
            beat()
            time.sleep(interval)

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
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

    thread = threading.Thread(target=run, name="worker", daemon=True)
    thread.start()
    return thread
