# corpus: print-in-order
# expect: deadlock  foreign_release
# why: The gates are RLocks acquired by the thread that built the object, and an RLock may only be released by its owner, so first() in its own thread dies with RuntimeError("cannot release un-acquired lock") and second() waits for good; test_threads_started_in_reverse_order_still_act_in_order is left with "second" and "third" stuck (the one-thread test passes, since there the owner releases).

import threading


class InOrder:
    def __init__(self):
        # RLock instead of Lock, to be on the safe side
        self.first_done = threading.RLock()
        self.second_done = threading.RLock()
        self.first_done.acquire()
        self.second_done.acquire()

    def first(self, action):
        action()
        self.first_done.release()

    def second(self, action):
        self.first_done.acquire()
        action()
        self.second_done.release()

    def third(self, action):
        self.second_done.acquire()
        action()
