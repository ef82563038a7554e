# corpus: bounded-buffer
# expect: race_detected  wait_without_loop
# why: put() waits under `if`, so a producer woken by a consumer appends without re-checking even when a fresh producer filled the freed slot first; test_many_producers_and_consumers_pass_every_item_once records an overfull buffer under some interleaving (get() loops correctly, so nothing is lost or stuck).

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._items = deque()
        lock = threading.Lock()
        self._not_full = threading.Condition(lock)
        self._not_empty = threading.Condition(lock)

    def put(self, item):
        with self._not_full:
            if len(self._items) >= self._capacity:
                self._not_full.wait()
            self._items.append(item)
            self._not_empty.notify()

    def get(self):
        with self._not_empty:
            while not self._items:
                self._not_empty.wait()
            item = self._items.popleft()
            self._not_full.notify()
            return item

    def __len__(self):
        with self._not_full:
            return len(self._items)
