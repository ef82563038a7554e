"""Readers-writers tests for a solution written as functions read(sem, id) / write(sem, id)
around a ReadWrite object; the critical sections are the solution's own print() calls,
so the test observes them by giving the module a print that records who is inside.
"""
import threading
import time

import solution


class Room:
    def __init__(self):
        self.guard = threading.Lock()
        self.readers = 0
        self.writers = 0
        self.violations = []

    def read(self, who):
        with self.guard:
            if self.writers:
                self.violations.append(f"{who} read while a writer was inside")
            self.readers += 1
        time.sleep(0.001)
        with self.guard:
            self.readers -= 1

    def write(self, who):
        with self.guard:
            if self.writers or self.readers:
                self.violations.append(
                    f"{who} wrote with {self.readers} reader(s) and {self.writers} writer(s) inside")
            self.writers += 1
        time.sleep(0.001)
        with self.guard:
            self.writers -= 1


def test_writers_exclusive_and_everyone_finishes():
    room = Room()

    def observing_print(*args, **kwargs):
        text = " ".join(str(a) for a in args)
        if text.startswith("Reading on thread"):
            room.read(text)
        elif text.startswith("Writing on thread"):
            room.write(text)

    solution.print = observing_print
    try:
        lock = solution.ReadWrite()
        errors = []
        done = []

        def reader(i):
            try:
                for _ in range(3):
                    solution.read(lock, i)
                done.append(i)
            except BaseException as e:
                errors.append(repr(e))

        def writer(i):
            try:
                for _ in range(2):
                    solution.write(lock, i)
                done.append(i)
            except BaseException as e:
                errors.append(repr(e))

        threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(3)]
        threads += [threading.Thread(target=writer, args=(10 + i,), daemon=True) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=3)
        stuck = [t.name for t in threads if t.is_alive()]
        assert not errors, errors
        assert not stuck, f"threads did not finish: {stuck}"
        assert room.violations == [], room.violations[:3]
        assert len(done) == 5
    finally:
        del solution.print
