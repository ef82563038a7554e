# corpus: run-once-initialisation
# expect: wrong_answer  wrong_result
# why: Correct double-checked locking, but None doubles as "not made yet", so a factory that returns None is called again on every get(); test_none_is_a_value_like_any_other fails in a plain run.

import threading


class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._value = None
        self._lock = threading.Lock()

    def get(self):
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
        return self._value
