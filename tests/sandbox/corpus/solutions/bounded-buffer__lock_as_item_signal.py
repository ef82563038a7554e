# corpus: bounded-buffer
# expect: deadlock  foreign_release
# why: A Lock (created locked) is used as an "item ready" signal released by the producer, a thread that does not hold it; a second put before a get releases an unlocked Lock and raises RuntimeError (test_items_come_out_in_the_order_they_went_in fails plainly), and in test_a_producer_and_a_consumer_pass_fifty_items the producer thread dies that way, leaving the consumer (and the main thread's join) waiting for good.

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._items = deque()
        self._mutex = threading.Lock()
        self._free_slots = threading.Semaphore(capacity)
        self._ready = threading.Lock()
        self._ready.acquire()  # locked = nothing to take yet

    def put(self, item):
        self._free_slots.acquire()
        with self._mutex:
            self._items.append(item)
        self._ready.release()  # let a consumer through

    def get(self):
        self._ready.acquire()
        with self._mutex:
            item = self._items.popleft()
        self._free_slots.release()
        return item

    def __len__(self):
        with self._mutex:
            return len(self._items)
