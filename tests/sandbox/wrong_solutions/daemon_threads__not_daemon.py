"""Forgets daemon=True: the threads loop forever and would keep the program from exiting."""

import threading
import time


def start_heartbeat(interval, beat):
    def run():
        while True:
            time.sleep(interval)
            beat()

    thread = threading.Thread(target=run, name="heartbeat")
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

    thread = threading.Thread(target=run, name="worker")
    thread.start()
    return thread
