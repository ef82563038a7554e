# corpus: bounded-buffer
# expect: accepted  none
# note: busy_wait
# why: put and get poll with time.sleep(0.0001) instead of waiting on a Condition, but each check-and-modify is done under the lock, so the buffer never overfills and no item is lost; only a style note applies.

import threading
import time
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._items = deque()
        self._lock = threading.Lock()

    def put(self, item):
        while True:
            with self._lock:
                if len(self._items) < self._capacity:
                    self._items.append(item)
                    return
            time.sleep(0.0001)

    def get(self):
        while True:
            with self._lock:
                if self._items:
                    return self._items.popleft()
            time.sleep(0.0001)

    def __len__(self):
        with self._lock:
            return len(self._items)
