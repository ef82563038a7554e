# corpus: daemon-threads
# expect: wrong_answer  daemon_misuse
# why: The worker is a daemon but the heartbeat thread is not, so a thread that loops forever would keep the program from exiting; test_the_heartbeat_is_a_daemon_that_keeps_beating fails its `assert thread.daemon` in a plain run.

import threading
import time


def start_heartbeat(interval, beat):
    def run():
        while True:
            time.sleep(interval)
            beat()

    heartbeat = threading.Thread(target=run, name="heartbeat")
    heartbeat.start()
    return heartbeat


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

    worker = threading.Thread(target=run, name="worker", daemon=True)
    worker.start()
    return worker
