# corpus: print-in-order
# expect: deadlock  lost_wakeup
# why: second() and third() wait on a Condition unconditionally and nothing records that the signal was already sent, so a notify that comes before the wait is lost; test_calls_made_in_order_from_one_thread_do_not_wait waits for good inside second() (plainly, in the main thread).

import threading


class InOrder:
    def __init__(self):
        self.after_first = threading.Condition()
        self.after_second = threading.Condition()

    def first(self, action):
        action()
        with self.after_first:
            self.after_first.notify()

    def second(self, action):
        with self.after_first:
            self.after_first.wait()
        action()
        with self.after_second:
            self.after_second.notify()

    def third(self, action):
        with self.after_second:
            self.after_second.wait()
        action()
