"""What the student is told comes from what happened: a wrong answer is claimed only when the
serial schedule (each thread alone, one after the other) fails too, every failure carries a seed
that replays the very same card, and a cause is named where it is (a semaphore cycle, a lock made
per call). Plain Python: no Django."""

from __future__ import annotations

from textwrap import dedent

from sandbox.grader import DEADLOCK, RACE_DETECTED, WRONG_ANSWER
from sandbox.harness.scheduler import SERIAL_SEED
from tests.code_samples import ADDING_COUNTER_TESTS as COUNTER_TESTS
from tests.code_samples import LOCK_PER_CALL_COUNTER
from tests.sandbox.grading_support import explain, grade_code

SEQUENTIAL_CLAIM = "no other thread in the way"


def _card(result) -> dict:
    """What the student's card shows of the first bug."""
    bug = result.bugs[0]
    return {
        "verdict": result.verdict,
        "title": bug["title"],
        "summary": bug["summary"],
        "fix": bug["fix"],
        "lines": bug["lines"],
        "timeline": bug["timeline"],
    }


UNLOCKED_COUNTER = dedent(
    """\
    import threading


    class Counter:
        def __init__(self):
            self.value = 0

        def add(self, times):
            for _ in range(times):
                self.value += 1
    """
)


def test_a_plain_wrong_answer_is_confirmed_serially_and_replays_as_the_same_card():
    solution = dedent(
        """\
        import threading


        class Counter:
            def __init__(self):
                self.value = 0
                self.lock = threading.Lock()

            def add(self, times):
                for _ in range(times - 1):
                    with self.lock:
                        self.value += 1
        """
    )
    result = grade_code(solution, COUNTER_TESTS)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert result.bugs[0]["diagnosis"] == "wrong_result"
    assert result.bugs[0]["seed"] == SERIAL_SEED
    assert "each thread running alone, one after the other" in result.message
    replay = grade_code(solution, COUNTER_TESTS, replay_seed=SERIAL_SEED)
    assert _card(replay) == _card(result)


def test_a_race_is_never_claimed_to_fail_with_no_other_thread_in_the_way():
    # 4 x 50 unlocked increments: whatever the plain run shows, the serial one passes.
    for seed in (1, 2, 3):
        result = grade_code(UNLOCKED_COUNTER, COUNTER_TESTS, seed=seed)
        assert result.verdict == RACE_DETECTED, explain(result)
        assert result.bugs[0]["diagnosis"] == "lost_update"
        assert SEQUENTIAL_CLAIM not in result.message
        assert result.bugs[0]["seed"] not in (None, SERIAL_SEED)


def test_a_race_replays_as_the_same_card():
    result = grade_code(UNLOCKED_COUNTER, COUNTER_TESTS)
    replay = grade_code(UNLOCKED_COUNTER, COUNTER_TESTS, replay_seed=result.bugs[0]["seed"])
    assert _card(replay) == _card(result)


def test_a_plain_deadlock_is_found_again_under_a_schedule_and_replays_as_the_same_card():
    solution = dedent(
        """\
        import threading

        first = threading.Lock()
        second = threading.Lock()


        def one():
            with first:
                with second:
                    pass


        def two():
            with second:
                with first:
                    pass
        """
    )
    tests = dedent(
        """\
        import threading
        import solution


        def test_both_finish():
            threads = [threading.Thread(target=f) for f in (solution.one, solution.two)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=3)
            assert not any(thread.is_alive() for thread in threads)
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == DEADLOCK, explain(result)
    seed = result.bugs[0]["seed"]
    assert seed is not None
    assert _card(grade_code(solution, tests, replay_seed=seed)) == _card(result)


def test_philosophers_holding_semaphore_forks_in_a_cycle_are_a_lock_order_deadlock():
    solution = dedent(
        """\
        import threading

        forks = [threading.Semaphore(1) for _ in range(3)]


        def dine(seat):
            left, right = forks[seat], forks[(seat + 1) % 3]
            for _ in range(20):
                left.acquire()
                right.acquire()
                right.release()
                left.release()
        """
    )
    tests = dedent(
        """\
        import threading
        import solution


        def test_everyone_eats():
            threads = [threading.Thread(target=solution.dine, args=(s,)) for s in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=3)
            assert not any(thread.is_alive() for thread in threads)
        """
    )
    result = grade_code(solution, tests, schedules=20)
    assert result.verdict == DEADLOCK, explain(result)
    bug = result.bugs[0]
    assert bug["diagnosis"] == "lock_order_deadlock", explain(result)
    assert "the Semaphore `forks`" in bug["summary"]
    assert {mark["line"] for mark in bug["lines"]} & {9, 10}
    # The picture shows every philosopher stuck, and the replay is the very same card.
    lanes = bug["timeline"]["threads"]
    assert {"Thread-1 (dine)", "Thread-2 (dine)", "Thread-3 (dine)"} <= set(lanes)
    replay = grade_code(solution, tests, schedules=20, replay_seed=bug["seed"])
    assert _card(replay) == _card(result)


def test_a_lock_made_on_every_call_is_marked_where_it_is_made_with_a_fix_for_it():
    result = grade_code(LOCK_PER_CALL_COUNTER, COUNTER_TESTS)
    assert result.verdict == RACE_DETECTED, explain(result)
    bug = result.bugs[0]
    assert 10 in [mark["line"] for mark in bug["lines"]]
    assert "created anew on every call" in bug["summary"]
    assert "once in `__init__`" in bug["fix"]
    assert "self._lock" in bug["fix"]
