# corpus: bounded-buffer
# expect: deadlock  lost_wakeup
# why: get() never notifies not_full, so a producer waiting on a full buffer is never woken even after consumers make room; in test_a_producer_and_a_consumer_pass_fifty_items the producer fills the 2 slots and waits for good, the consumer empties them and waits for good too.

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
            while len(self._items) >= self._capacity:
                self._not_full.wait()
            self._items.append(item)
            self._not_empty.notify()

    def get(self):
        with self._not_empty:
            while not self._items:
                self._not_empty.wait()
            return self._items.popleft()

    def __len__(self):
        with self._not_empty:
            return len(self._items)
