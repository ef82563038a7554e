"""Waits under `if` instead of `while`: a woken consumer may find the item already taken."""

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
            if len(self._items) >= self._capacity:
                self._changed.wait()
            self._items.append(item)
            self._changed.notify_all()

    def get(self):
        with self._changed:
            if not self._items:
                self._changed.wait()
            item = self._items.popleft()
            self._changed.notify_all()
            return item

    def __len__(self):
        with self._changed:
            return len(self._items)
