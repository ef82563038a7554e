# corpus: print-in-order
# expect: race_detected  wait_without_loop
# why: third() waits under `if self.stage < 2`, but first() wakes every waiter with notify_all when the stage only reaches 1, so a third() already waiting wakes, skips the re-check and runs before second(); test_threads_started_in_reverse_order_still_act_in_order and test_every_start_order_gives_the_same_log log first, third, second under some interleaving.

import threading


class InOrder:
    def __init__(self):
        self.stage = 0
        self.cond = threading.Condition()

    def first(self, action):
        with self.cond:
            action()
            self.stage = 1
            self.cond.notify_all()

    def second(self, action):
        with self.cond:
            if self.stage < 1:
                self.cond.wait()
            action()
            self.stage = 2
            self.cond.notify_all()

    def third(self, action):
        with self.cond:
            if self.stage < 2:
                self.cond.wait()
            action()
