# corpus: bounded-buffer
# expect: accepted  none
# why: One Condition for both sides, but every wait is in a while loop and every change wakes everybody with notify_all(), so a thread woken for the wrong reason just waits again and the right one is always woken too.

import threading
from collections import deque


class BoundedBuffer:
    def __init__(self, capacity):
        # a buffer that holds nothing makes no sense
        if capacity < 1:
            raise ValueError("capacity has to be 1 or more, not " + str(capacity))
        self.capacity = capacity
        self.items = deque()  # front = oldest item
        # one condition (with its own lock inside) protects everything
        self.changed = threading.Condition()
        print("made a buffer with room for", capacity, "items")

    def put(self, item):
        with self.changed:
            # the buffer might still be full when we wake up, so check again every time
            while len(self.items) == self.capacity:
                self.changed.wait()
            self.items.append(item)
            # wake up EVERYONE: producers and consumers wait on the same condition
            self.changed.notify_all()

    def get(self):
        with self.changed:
            # same idea: keep waiting while there is nothing to take
            while len(self.items) == 0:
                self.changed.wait()
            item = self.items.popleft()
            self.changed.notify_all()
            return item

    def __len__(self):
        with self.changed:
            return len(self.items)
