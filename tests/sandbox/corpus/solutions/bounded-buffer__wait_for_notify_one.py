# corpus: bounded-buffer
# expect: deadlock  lost_wakeup
# why: wait_for loops correctly, but one Condition serves producers and consumers and each change wakes only one thread with notify(); the wake-up can go to a thread of the same kind, which waits again, so in test_several_consumers_wait_for_few_items or test_many_producers_and_consumers_pass_every_item_once every thread can end up waiting.

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.items = deque()
        self.cond = threading.Condition()

    def put(self, item):
        with self.cond:
            self.cond.wait_for(lambda: len(self.items) < self.capacity)
            self.items.append(item)
            self.cond.notify()

    def get(self):
        with self.cond:
            self.cond.wait_for(lambda: self.items)
            item = self.items.popleft()
            self.cond.notify()
            return item

    def __len__(self):
        with self.cond:
            return len(self.items)
