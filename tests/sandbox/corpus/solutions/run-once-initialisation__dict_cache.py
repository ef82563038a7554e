# corpus: run-once-initialisation
# expect: race_detected  unsafe_container
# why: "if key not in cache: cache[key] = factory()" is a check-then-modify on a shared dict with no lock, so several threads can all miss and all call the factory; test_eight_threads_calling_get_at_once_make_the_value_once passes plainly but fails under some interleaving (test_a_slow_factory_still_runs_once fails even plainly).

class Lazy:
    def __init__(self, factory):
        self._factory = factory
        self._cache = {}

    def get(self):
        if "value" not in self._cache:
            self._cache["value"] = self._factory()
        return self._cache["value"]
