# corpus: print-in-order
# expect: accepted  none
# note: foreign_release
# why: Two Locks are acquired in __init__ and released by the thread that finished the previous action (a thread that does not hold them), which Python's Lock allows; each is acquired once by the next method, so the order always holds, but a Lock used as a signal earns a style note.

import threading


class InOrder:
    def __init__(self):
        self.gate2 = threading.Lock()
        self.gate3 = threading.Lock()
        self.gate2.acquire()  # closed until first() is done
        self.gate3.acquire()  # closed until second() is done

    def first(self, action):
        action()
        self.gate2.release()

    def second(self, action):
        with self.gate2:
            action()
        self.gate3.release()

    def third(self, action):
        with self.gate3:
            action()
