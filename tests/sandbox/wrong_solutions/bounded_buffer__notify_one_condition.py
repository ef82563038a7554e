"""One Condition for producers and consumers, woken with notify(): a wake-up can go to a
thread of the wrong kind, and then every thread waits."""

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._items = deque()
        self._changed = threading.Condition()

    def put(self, item):
        with self._changed:
            while len(self._items) >= self._capacity:
                self._changed.wait()
            self._items.append(item)
            self._changed.notify()

    def get(self):
        with self._changed:
            while not self._items:
                self._changed.wait()
            item = self._items.popleft()
            self._changed.notify()
            return item

    def __len__(self):
        with self._changed:
            return len(self._items)
