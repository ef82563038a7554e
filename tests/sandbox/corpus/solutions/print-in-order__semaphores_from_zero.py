# corpus: print-in-order
# expect: accepted  none
# why: Semaphores that start at 0 are released by the thread that finished the previous action and acquired by the next; a release before the acquire is counted, not lost, so every start order works.

import threading


class InOrder:
    def __init__(self):
        self.second_may_go = threading.Semaphore(0)
        self.third_may_go = threading.Semaphore(0)

    def first(self, action):
        action()
        self.second_may_go.release()

    def second(self, action):
        self.second_may_go.acquire()
        action()
        self.third_may_go.release()

    def third(self, action):
        self.third_may_go.acquire()
        action()
