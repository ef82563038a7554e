"""Cigarette smokers, round-robin solution driven by the solution's own main().

main() starts 3 agents and 3 smokers with _thread.start_new_thread (routed here to daemon
threading.Threads: agents and smokers loop forever by design) and returns when every smoker
has smoked ITERATIONS cigarettes. The test records every Table.put (two ingredients placed)
and every smoke: each smoke must take the two ingredients of an earlier, not yet taken put,
by the smoker who owns the third ingredient; main() must return.
"""
import threading
import types

import solution

COMPLEMENT = {
    frozenset(("tobacco", "paper")): "match",
    frozenset(("paper", "match")): "tobacco",
    frozenset(("match", "tobacco")): "paper",
}


def test_every_smoke_uses_a_placed_pair_and_main_returns():
    events = []
    lock = threading.Lock()
    original_put = solution.Table.put

    def recording_put(self, r1, r2):
        with lock:
            events.append(("put", frozenset((str(r1), str(r2)))))
        return original_put(self, r1, r2)

    def recording_print(*args, **kwargs):
        text = " ".join(str(a) for a in args)
        if text.startswith("Smoker with ") and text.endswith(" is smoking."):
            with lock:
                events.append(("smoke", text[len("Smoker with "):-len(" is smoking.")]))

    def start_new_thread(fn, args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        return t.ident

    solution._thread = types.SimpleNamespace(start_new_thread=start_new_thread)
    solution.ITERATIONS = 2
    solution.print = recording_print
    solution.Table.put = recording_put
    errors = []

    def run_main():
        try:
            solution.main()
        except BaseException as e:
            errors.append(repr(e))

    try:
        main_t = threading.Thread(target=run_main, daemon=True)
        main_t.start()
        main_t.join(timeout=3)
    finally:
        solution.Table.put = original_put
        del solution.print
    assert not errors, errors
    assert not main_t.is_alive(), "main() did not return"
    pending = []
    violations = []
    smokes = 0
    for kind, what in list(events):
        if kind == "put":
            pending.append(what)
        else:
            smokes += 1
            if not pending:
                violations.append(f"{what} smoker smoked with nothing on the table")
            else:
                pair = pending.pop(0)
                if COMPLEMENT[pair] != what:
                    violations.append(f"{what} smoker took {sorted(pair)}")
    assert violations == [], violations[:3]
    assert smokes >= 6
