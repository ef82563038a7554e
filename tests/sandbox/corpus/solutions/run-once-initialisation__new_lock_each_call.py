# corpus: run-once-initialisation
# expect: race_detected  check_then_act
# why: get() makes a brand-new Lock on every call, so no two threads ever contend for the same lock and the "not made yet" check goes stale before the factory call; test_eight_threads_calling_get_at_once_make_the_value_once passes plainly but fails under some interleaving (test_a_slow_factory_still_runs_once fails even plainly).

import threading


class Lazy:
    def __init__(self, factory):
        self.factory = factory
        self.made = False
        self.value = None

    def get(self):
        with threading.Lock():
            if not self.made:
                self.value = self.factory()
                self.made = True
        return self.value
