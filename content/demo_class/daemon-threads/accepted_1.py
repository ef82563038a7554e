import threading
import time


def start_heartbeat(interval, beat):
    def loop():
        while True:
            time.sleep(interval)
            beat()

    t = threading.Thread(target=loop, name="heartbeat")
    t.daemon = True  # must be set before start()
    t.start()
    return t


def start_worker(jobs, handle):
    def loop():
        while True:
            item = jobs.get()
            try:
                handle(item)
            except Exception as e:
                print("job failed:", e)
            finally:
                jobs.task_done()

    t = threading.Thread(target=loop, name="worker", daemon=True)
    t.start()
    return t
