# corpus: print-in-order
# expect: accepted  none
# note: busy_wait
# why: second and third spin in `while not flag: pass` until the previous action has returned; the flags are set only after the actions, so the order is always right, but the threads burn CPU instead of blocking.

class InOrder:
    def __init__(self):
        self.first_done = False
        self.second_done = False

    def first(self, action):
        action()
        self.first_done = True

    def second(self, action):
        while not self.first_done:
            pass
        action()
        self.second_done = True

    def third(self, action):
        while not self.second_done:
            pass
        action()
