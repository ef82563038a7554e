# corpus: print-in-order
# expect: accepted  none
# why: One Condition guards a stage counter; each method waits with wait_for (a loop) for its stage, runs its action, advances the stage and wakes everybody with notify_all, so no wake-up is lost or acted on too early.

import threading


class InOrder:
    def __init__(self):
        self._stage = 1
        self._turn = threading.Condition()

    def _run_at(self, stage, action):
        with self._turn:
            self._turn.wait_for(lambda: self._stage == stage)
        action()
        with self._turn:
            self._stage = stage + 1
            self._turn.notify_all()

    def first(self, action):
        self._run_at(1, action)

    def second(self, action):
        self._run_at(2, action)

    def third(self, action):
        self._run_at(3, action)
