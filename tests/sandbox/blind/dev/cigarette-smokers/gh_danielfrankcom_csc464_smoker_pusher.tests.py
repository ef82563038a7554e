"""Cigarette smokers, LBoS pusher solution driven by the solution's own main().

main() wires 3 agents (each always offers the same pair), 3 pushers and 3 smokers and starts
them with _thread.start_new_thread; the test routes that call to threading.Thread so the
threads can be joined, and sets ITERATIONS small. Each agent's pair must always make the
complementary smoker smoke: tobacco+paper -> match smoker, paper+match -> tobacco smoker,
match+tobacco -> paper smoker; every agent, pusher and smoker finishes its fixed rounds.
"""
import threading
import types

import solution


def test_each_round_the_right_smoker_smokes_and_all_threads_finish():
    started = []

    def start_new_thread(fn, args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        started.append(t)
        t.start()
        return t.ident

    smokes = []
    lock = threading.Lock()

    def recording_print(*args, **kwargs):
        with lock:
            smokes.append(" ".join(str(a) for a in args))

    solution._thread = types.SimpleNamespace(start_new_thread=start_new_thread)
    solution.ITERATIONS = 3
    solution.print = recording_print
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
        for t in started:
            t.join(timeout=3)
    finally:
        del solution.print
    assert not errors, errors
    assert not main_t.is_alive(), "main() did not return"
    stuck = [t.name for t in started if t.is_alive()]
    assert len(started) == 9
    assert not stuck, f"threads did not finish: {stuck}"
    counts = {name: sum(1 for s in smokes if s == f"Smoker with {name} is smoking.")
              for name in ("tobacco", "paper", "match")}
    assert counts == {"tobacco": 3, "paper": 3, "match": 3}, smokes
