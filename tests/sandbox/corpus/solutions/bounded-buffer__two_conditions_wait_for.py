# corpus: bounded-buffer
# expect: accepted  none
# why: Two Conditions on one lock, each waited on with wait_for (which re-checks in a loop) and each notified when its state may have become true, so no wake-up goes to the wrong kind of thread and no woken thread acts on a stale check.

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._items = deque()
        self._lock = threading.Lock()
        self._not_full = threading.Condition(self._lock)
        self._not_empty = threading.Condition(self._lock)

    def put(self, item):
        with self._not_full:
            self._not_full.wait_for(lambda: len(self._items) < self._capacity)
            self._items.append(item)
            self._not_empty.notify()

    def get(self):
        with self._not_empty:
            self._not_empty.wait_for(lambda: len(self._items) > 0)
            item = self._items.popleft()
            self._not_full.notify()
            return item

    def __len__(self):
        with self._lock:
            return len(self._items)
