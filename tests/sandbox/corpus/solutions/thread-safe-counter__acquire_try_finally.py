# corpus: thread-safe-counter
# expect: accepted  none
# why: Explicit acquire() with release() in finally around each whole operation, including the check and the add of increment_if_below, so no update is lost and the limit holds.

import threading


class Counter:
    def __init__(self, start=0):
        self._count = start
        self._mutex = threading.Lock()

    def increment(self, amount=1):
        self._mutex.acquire()
        try:
            self._count = self._count + amount
        finally:
            self._mutex.release()

    def decrement(self, amount=1):
        self._mutex.acquire()
        try:
            self._count = self._count - amount
        finally:
            self._mutex.release()

    @property
    def value(self):
        self._mutex.acquire()
        try:
            return self._count
        finally:
            self._mutex.release()

    def increment_if_below(self, limit, amount=1):
        self._mutex.acquire()
        try:
            new_count = self._count + amount
            if new_count > limit:
                return False
            self._count = new_count
            return True
        finally:
            self._mutex.release()
