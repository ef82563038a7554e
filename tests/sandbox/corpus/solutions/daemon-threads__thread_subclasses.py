# corpus: daemon-threads
# expect: accepted  none
# why: Two Thread subclasses created with daemon=True and the required names, started before being returned; the heartbeat sleeps before each beat and the worker calls task_done() in finally after swallowing handle()'s exception, so every test passes.

import threading
import time


class Heartbeat(threading.Thread):
    def __init__(self, interval, beat):
        super().__init__(name="heartbeat", daemon=True)
        self.interval = interval
        self.beat = beat

    def run(self):
        while True:
            time.sleep(self.interval)
            self.beat()


class Worker(threading.Thread):
    def __init__(self, jobs, handle):
        super().__init__(name="worker", daemon=True)
        self.jobs = jobs
        self.handle = handle

    def run(self):
        while True:
            job = self.jobs.get()
            try:
                self.handle(job)
            except Exception:
                pass  # a bad job must not kill the worker
            finally:
                self.jobs.task_done()


def start_heartbeat(interval, beat):
    thread = Heartbeat(interval, beat)
    thread.start()
    return thread


def start_worker(jobs, handle):
    thread = Worker(jobs, handle)
    thread.start()
    return thread
