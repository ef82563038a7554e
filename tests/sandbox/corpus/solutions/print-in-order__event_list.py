# corpus: print-in-order
# expect: accepted  none
# why: Two Events set after the first and second actions return; an Event remembers being set, so a signal sent before anyone waits is not lost and every start order runs the actions in order.

import threading


class InOrder:
    def __init__(self):
        self._done = [threading.Event(), threading.Event()]

    def first(self, action):
        action()
        self._done[0].set()

    def second(self, action):
        self._done[0].wait()
        action()
        self._done[1].set()

    def third(self, action):
        self._done[1].wait()
        action()
