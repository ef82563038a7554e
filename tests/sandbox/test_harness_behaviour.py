"""The in-sandbox harness, through the grader: what it finds in threaded code, what it tells the
student, and that correct code never raises an alarm."""

from __future__ import annotations

from textwrap import dedent

import pytest

from sandbox.grader import ACCEPTED, DEADLOCK, RACE_DETECTED, WRONG_ANSWER
from sandbox.harness.reports import safe_repr
from sandbox.job import Limits
from tests.sandbox.grading_support import explain, grade_code

# Correct code that leans on every blocking primitive the harness replaces or schedules.
EVERY_PRIMITIVE = dedent(
    """\
    import queue
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor, as_completed

    _local = threading.local()


    def square_all(numbers):
        with ThreadPoolExecutor(max_workers=3) as pool:
            return list(pool.map(lambda n: n * n, numbers))


    def wait_for_all(count):
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(time.sleep, 0.01) for _ in range(count)]
            return sum(1 for future in as_completed(futures, timeout=5) if future.done())


    def thread_local_values(count):
        seen = []
        lock = threading.Lock()

        def work(value):
            _local.value = value
            time.sleep(0.001)
            with lock:
                seen.append(_local.value == value)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=5)
        return seen


    def doubled_through_a_queue(items):
        jobs = queue.Queue(maxsize=2)
        results = []

        def consumer():
            while True:
                item = jobs.get()
                if item is None:
                    jobs.task_done()
                    return
                results.append(item * 2)
                jobs.task_done()

        threading.Thread(target=consumer, daemon=True).start()
        for item in items:
            jobs.put(item)
        jobs.put(None)
        jobs.join()
        return results


    def meet_at_a_barrier(parties):
        barrier = threading.Barrier(parties)
        arrived = []
        lock = threading.RLock()

        def party(index):
            with lock:
                with lock:
                    arrived.append(index)
            barrier.wait(timeout=5)

        threads = [threading.Thread(target=party, args=(i,)) for i in range(parties)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(arrived)


    def event_wait_times_out():
        event = threading.Event()
        started = time.monotonic()
        got = event.wait(0.2)
        return got, time.monotonic() - started


    def timer_fires():
        event = threading.Event()
        timer = threading.Timer(0.05, event.set)
        timer.start()
        fired = event.wait(2)
        timer.join()
        return fired


    def most_at_once(count, limit):
        semaphore = threading.BoundedSemaphore(limit)
        lock = threading.Lock()
        active = most = 0

        def work():
            nonlocal active, most
            with semaphore:
                with lock:
                    active += 1
                    most = max(most, active)
                time.sleep(0.01)
                with lock:
                    active -= 1

        threads = [threading.Thread(target=work) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return most


    def condition_wait_for():
        condition = threading.Condition()
        box = []

        def producer():
            time.sleep(0.01)
            with condition:
                box.append(1)
                condition.notify_all()

        thread = threading.Thread(target=producer)
        thread.start()
        with condition:
            ok = condition.wait_for(lambda: box, timeout=2)
        thread.join()
        return bool(ok)


    def queue_get_times_out():
        try:
            queue.Queue().get(timeout=0.1)
        except queue.Empty:
            return True
        return False


    def a_daemon_spins_on():
        def spin():
            while True:
                time.sleep(0.01)

        thread = threading.Thread(target=spin, daemon=True)
        thread.start()
        return thread.is_alive()


    def join_with_a_timeout():
        thread = threading.Thread(target=time.sleep, args=(0.5,))
        thread.start()
        thread.join(timeout=0.05)
        alive_then = thread.is_alive()
        thread.join()
        return alive_then, thread.is_alive()
    """
)

EVERY_PRIMITIVE_TESTS = dedent(
    """\
    import threading

    import solution


    def test_executor_map():
        assert solution.square_all([1, 2, 3, 4]) == [1, 4, 9, 16]

    def test_as_completed():
        assert solution.wait_for_all(3) == 3

    def test_thread_local():
        assert solution.thread_local_values(4) == [True] * 4

    def test_queue():
        assert solution.doubled_through_a_queue([1, 2, 3, 4, 5]) == [2, 4, 6, 8, 10]

    def test_barrier_and_rlock():
        assert solution.meet_at_a_barrier(3) == [0, 1, 2]

    def test_event_timeout():
        got, waited = solution.event_wait_times_out()
        assert got is False
        assert 0.19 <= waited < 1.0

    def test_timer():
        assert solution.timer_fires()

    def test_semaphore():
        assert solution.most_at_once(6, 2) == 2

    def test_condition_wait_for():
        assert solution.condition_wait_for()

    def test_queue_get_timeout():
        assert solution.queue_get_times_out()

    def test_daemon():
        assert solution.a_daemon_spins_on()

    def test_join_timeout():
        assert solution.join_with_a_timeout() == (True, False)

    def test_runs_in_the_main_thread():
        assert threading.current_thread() is threading.main_thread()
    """
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_correct_code_using_every_primitive_raises_no_alarm(seed):
    result = grade_code(EVERY_PRIMITIVE, EVERY_PRIMITIVE_TESTS, schedules=20, seed=seed)
    assert result.verdict == ACCEPTED, explain(result)
    # Every test that starts a thread ran all its schedules; one that starts none has none.
    single = {"test_event_timeout", "test_queue_get_timeout", "test_runs_in_the_main_thread"}
    runs = {t.name: t.schedules_run for t in result.tests}
    assert {name for name, run in runs.items() if run == 0} <= single
    assert all(run == 20 for name, run in runs.items() if name not in single)
    assert result.leaked_threads == []
    assert result.lock_order_inversions == []


def test_sleeps_cost_virtual_time_in_forced_schedules():
    solution = "import time\n\ndef nap():\n    time.sleep(0.2)\n    return time.monotonic()\n"
    tests = dedent(
        """\
        import time
        import solution

        def test_a_long_nap():
            started = time.monotonic()
            assert solution.nap() - started >= 0.2
        """
    )
    result = grade_code(solution, tests, schedules=50)
    assert result.verdict == ACCEPTED, explain(result)
    # One real nap (the plain run), fifty virtual ones.
    assert result.wall_seconds < 0.2 * 10


def test_a_lock_order_inversion_is_reported_even_when_no_deadlock_happened():
    # The two orders run one after the other, never at the same time: no deadlock can strike
    # here, but the same code run concurrently would deadlock.
    solution = dedent(
        """\
        import threading

        first = threading.Lock()
        second = threading.Lock()


        def forwards():
            with first:
                with second:
                    pass


        def backwards():
            with second:
                with first:
                    pass
        """
    )
    tests = dedent(
        """\
        import threading
        import solution

        def test_one_after_the_other():
            for target in (solution.forwards, solution.backwards):
                thread = threading.Thread(target=target)
                thread.start()
                thread.join()
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == ACCEPTED, explain(result)
    assert len(result.lock_order_inversions) == 1
    inversion = result.lock_order_inversions[0]
    assert inversion["steps"] == [
        {
            "thread": "Thread-1 (forwards)",
            "holds": "`first` (created at solution.py:3)",
            "held_at": "solution.py:8",
            "takes": "`second` (created at solution.py:4)",
            "at": "solution.py:9",
        },
        {
            "thread": "Thread-2 (backwards)",
            "holds": "`second` (created at solution.py:4)",
            "held_at": "solution.py:14",
            "takes": "`first` (created at solution.py:3)",
            "at": "solution.py:15",
        },
    ]
    assert "Warning: Lock order inversion" in result.message


def test_opposite_orders_under_a_common_lock_are_not_an_inversion():
    solution = dedent(
        """\
        import threading

        gate = threading.Lock()
        first = threading.Lock()
        second = threading.Lock()


        def forwards():
            with gate, first, second:
                pass


        def backwards():
            with gate, second, first:
                pass
        """
    )
    tests = dedent(
        """\
        import threading
        import solution

        def test_both_orders_at_once():
            threads = [threading.Thread(target=f) for f in (solution.forwards, solution.backwards)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == ACCEPTED, explain(result)
    assert result.lock_order_inversions == []


def test_a_leaked_thread_is_reported_with_its_name_and_where_it_started():
    solution = dedent(
        """\
        import threading
        import time


        def start_polling():
            def poll():
                while True:
                    time.sleep(0.01)

            threading.Thread(target=poll, name="poller").start()
        """
    )
    tests = "import solution\n\ndef test_polls():\n    solution.start_polling()\n"
    result = grade_code(solution, tests)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert result.leaked_threads == [
        {
            "thread": "poller",
            "started_at": "solution.py:10",
            "at": {
                "file": "solution.py",
                "line": 8,
                "code": "time.sleep(0.01)",
                "function": "poll",
                "op": None,
            },
            "summary": "poller (started at solution.py:10) was still running after the test"
            " ended, at solution.py:8 `time.sleep(0.01)`",
        }
    ]
    assert "poller (started at solution.py:10) was still running" in result.message


def test_a_failed_assert_shows_its_operands_without_running_student_code():
    solution = dedent(
        """\
        class Box:
            def __init__(self):
                self.items = [1, 2]
                self.size = 2

            def __repr__(self):
                raise RuntimeError("a student's __repr__ must not run")

            def count(self):
                return len(self.items) + 1
        """
    )
    tests = dedent(
        """\
        from solution import Box

        def test_attribute():
            box = Box()
            assert box.size == 3

        def test_subscript_and_name():
            box = Box()
            expected = [1, 2, 3]
            assert box.items[:] == expected

        def test_call():
            box = Box()
            assert box.count() == 2

        def test_object():
            box = Box()
            assert box is None

        def test_message():
            box = Box()
            assert box.size > 5, "the box is too small"
        """
    )
    result = grade_code(solution, tests, schedules=2)
    messages = {test.name: test.message for test in result.tests}
    assert messages == {
        "test_attribute": "assert box.size == 3 failed: box.size is 2",
        "test_subscript_and_name": (
            "assert box.items[:] == expected failed: box.items[:] is [1, 2], expected is [1, 2, 3]"
        ),
        "test_call": "assert box.count() == 2 failed: box.count() is 3",
        "test_object": "assert box is None failed: box is <Box object>",
        "test_message": "the box is too small (assert box.size > 5 failed: box.size is 2)",
    }
    assert {test.line for test in result.tests} == {5, 10, 14, 18, 22}


def test_safe_repr_shows_built_in_values_only():
    class Loud:
        def __repr__(self):
            raise AssertionError("must not be called")

    assert safe_repr([1, "a", (2,), {"k": None}]) == "[1, 'a', (2,), {'k': None}]"
    assert safe_repr({"b", "a"}) == "{'a', 'b'}"
    assert safe_repr(Loud()) == "<Loud object>"
    assert safe_repr([Loud()]) == "[<Loud object>]"
    assert safe_repr(list(range(20))).endswith(", 10, 11, ...]")


def test_an_exception_in_a_thread_is_an_error_of_the_test():
    solution = dedent(
        """\
        import threading


        def average_in_a_thread(values):
            result = []

            def work():
                result.append(sum(values) / len(values))

            thread = threading.Thread(target=work, name="averager")
            thread.start()
            thread.join()
            return result
        """
    )
    tests = "import solution\n\ndef test_empty():\n    solution.average_in_a_thread([])\n"
    result = grade_code(solution, tests)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert result.tests[0].outcome == "error"
    assert result.tests[0].message == (
        "averager raised ZeroDivisionError: division by zero at solution.py:8"
        " `result.append(sum(values) / len(values))`"
    )


def test_a_deadlock_of_real_threads_is_reported_with_the_lock_cycle():
    solution = dedent(
        """\
        import threading
        import time

        left = threading.Lock()
        right = threading.Lock()


        def one():
            with left:
                time.sleep(0.05)
                with right:
                    pass


        def two():
            with right:
                time.sleep(0.05)
                with left:
                    pass
        """
    )
    tests = dedent(
        """\
        import threading
        import solution

        def test_both():
            threads = [threading.Thread(target=solution.one), threading.Thread(target=solution.two)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == DEADLOCK, explain(result)
    # Seen plainly, then found again under a forced schedule, whose seed replays it.
    assert result.message.startswith("Lock-order deadlock: test_both failed in forced thread")
    assert [bug["diagnosis"] for bug in result.bugs] == ["lock_order_deadlock"]
    assert result.bugs[0]["seed"] is not None
    deadlock = result.deadlocks[0]
    assert deadlock["phase"] == "schedules"
    assert deadlock["cycle"] == ["Thread-1 (one)", "Thread-2 (two)"]
    assert (
        "Thread-1 (one) holds `left` (taken at solution.py:9) and waits at solution.py:11"
        " `with right:` for `right`, held by Thread-2 (two)"
    ) in deadlock["summary"]


def test_a_lost_wake_up_is_reported_as_every_thread_waiting():
    solution = dedent(
        """\
        import threading

        ready = threading.Condition()


        def wait_for_a_signal_that_never_comes():
            with ready:
                ready.wait()
        """
    )
    tests = dedent(
        """\
        import threading
        import solution

        def test_waits():
            thread = threading.Thread(target=solution.wait_for_a_signal_that_never_comes)
            thread.start()
            thread.join()
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == DEADLOCK, explain(result)
    assert result.deadlocks[0]["summary"] == (
        "Every thread is waiting and none is left to wake the others: MainThread waits in"
        " join() for Thread-1 (wait_for_a_signal_that_never_comes) at test_solution.py:7"
        " `thread.join()`; Thread-1 (wait_for_a_signal_that_never_comes) waits in"
        " Condition.wait() at solution.py:8 `ready.wait()`."
    )


def test_a_check_then_act_race_is_found_and_named_in_the_test():
    solution = dedent(
        """\
        import threading

        class Tickets:
            def __init__(self, left):
                self.left = left

            def buy(self):
                if self.left > 0:
                    self.left -= 1
                    return True
                return False
        """
    )
    tests = dedent(
        """\
        import threading
        from solution import Tickets

        def test_the_last_ticket_is_sold_once():
            tickets = Tickets(1)
            sold = []
            threads = [
                threading.Thread(target=lambda: sold.append(tickets.buy())) for _ in range(3)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sold.count(True) == 1
        """
    )
    result = grade_code(solution, tests, schedules=30)
    assert result.verdict == RACE_DETECTED, explain(result)
    assert "sold.count(True) is 2" in result.races[0]["message"] or "is 3" in result.message


def test_prints_show_once_not_once_per_schedule():
    tests = "def test_says_hello():\n    print('hello from the test')\n"
    result = grade_code("x = 1\n", tests, schedules=10)
    assert result.verdict == ACCEPTED, explain(result)
    assert result.stdout == "hello from the test\n"


def test_a_thread_spinning_forever_is_stopped_and_later_tests_still_run():
    solution = dedent(
        """\
        import threading

        def spin_in_a_thread():
            def spin():
                n = 0
                while True:
                    n += 1

            thread = threading.Thread(target=spin)
            thread.start()
            thread.join()
        """
    )
    tests = dedent(
        """\
        import solution

        def test_spins():
            solution.spin_in_a_thread()

        def test_after():
            assert 1 + 1 == 2
        """
    )
    result = grade_code(solution, tests, limits=Limits(wall_seconds=8, cpu_seconds=8))
    outcomes = {test.name: test.outcome for test in result.tests}
    assert outcomes == {"test_spins": "timeout", "test_after": "passed"}, explain(result)
    assert "solution.py:7 `n += 1`" in result.message or "solution.py:6" in result.message


def test_thread_names_restart_in_every_run():
    solution = "import threading\n\ndef names():\n    return threading.Thread().name\n"
    tests = dedent(
        """\
        import solution

        def test_first():
            assert solution.names() == "Thread-1"

        def test_second():
            assert solution.names() == "Thread-1"
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == ACCEPTED, explain(result)


def test_a_test_stuck_beyond_reach_still_gets_a_verdict():
    # A raw _thread lock blocks in C, where the harness can neither see nor interrupt it: the
    # harness reports what it knows and ends the process itself, before the sandbox would.
    solution = dedent(
        """\
        import _thread

        def stuck():
            lock = _thread.allocate_lock()
            lock.acquire()
            lock.acquire()
        """
    )
    tests = dedent(
        """\
        import solution

        def test_stuck():
            solution.stuck()

        def test_never_reached():
            pass
        """
    )
    result = grade_code(solution, tests, limits=Limits(wall_seconds=8, cpu_seconds=8))
    assert result.verdict == "time_limit", explain(result)
    outcomes = {test.name: test.outcome for test in result.tests}
    assert outcomes == {"test_stuck": "timeout", "test_never_reached": "not_run"}
    assert result.wall_seconds < 8


def test_a_test_replacing_the_thread_excepthook_does_not_blind_later_tests():
    solution = dedent(
        """\
        import threading

        def fail_in_a_thread():
            thread = threading.Thread(target=lambda: 1 / 0, name="divider")
            thread.start()
            thread.join()
        """
    )
    tests = dedent(
        """\
        import threading
        import solution

        def test_catches_the_error_itself():
            caught = []
            threading.excepthook = lambda args: caught.append(args.exc_type)
            solution.fail_in_a_thread()
            assert caught == [ZeroDivisionError]

        def test_leaves_it_to_the_grader():
            solution.fail_in_a_thread()
        """
    )
    result = grade_code(solution, tests)
    outcomes = {test.name: test.outcome for test in result.tests}
    assert outcomes == {
        "test_catches_the_error_itself": "passed",
        "test_leaves_it_to_the_grader": "error",
    }, explain(result)
