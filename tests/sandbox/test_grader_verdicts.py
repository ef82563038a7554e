"""grade(): from a submission to a verdict and a message the student can act on."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest

from sandbox.grader import (
    INTERNAL_ERROR,
    OUTPUT_LIMIT,
    RACE_DETECTED,
    RUNTIME_ERROR,
    SYNTAX_ERROR,
    TIME_LIMIT,
    WRONG_ANSWER,
    grade,
)
from sandbox.job import Limits
from tests.sandbox.grading_support import (
    BACKENDS,
    explain,
    grade_code,
    grade_exercise,
    tidy_backends,
    wrong_solution,
)

SIMPLE_TEST = "def test_nothing():\n    pass\n"


@pytest.fixture(scope="module", autouse=True)
def _tidy():
    yield
    tidy_backends()


class NoSandbox:
    """A backend that fails the test if anything tries to run in it."""

    name = "none"

    def run(self, job, *, on_message=None):
        raise AssertionError("no sandbox should have been started")


def test_a_syntax_error_gives_its_line_without_starting_a_sandbox():
    result = grade(
        solution="def broken(:\n    pass\n",
        tests=SIMPLE_TEST,
        limits=Limits(),
        schedules=5,
        backend=NoSandbox(),
    )
    assert result.verdict == SYNTAX_ERROR
    assert result.line == 1
    assert result.message.startswith("solution.py has a syntax error on line 1:")


def test_tests_that_do_not_compile_are_our_fault_not_the_students():
    result = grade(
        solution="x = 1\n",
        tests="def test_broken(:\n",
        limits=Limits(),
        schedules=5,
        backend=NoSandbox(),
    )
    assert result.verdict == INTERNAL_ERROR
    assert "tests do not compile" in result.internal_detail


def test_an_exception_while_importing_the_solution_is_a_runtime_error_with_its_line():
    solution = "import threading\n\nraise RuntimeError('configuration missing')\n"
    result = grade_code(solution, "import solution\n\n" + SIMPLE_TEST)
    assert result.verdict == RUNTIME_ERROR, explain(result)
    assert result.line == 3
    assert result.message == (
        "solution.py raised RuntimeError at line 3 while being imported: configuration missing."
    )


def test_a_name_the_tests_need_but_the_solution_lacks_is_a_wrong_answer():
    tests = "from solution import Counter\n\n" + SIMPLE_TEST
    result = grade_code("def other():\n    pass\n", tests)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert "cannot import name 'Counter' from 'solution'" in result.message


def test_an_infinite_loop_is_a_time_limit_and_later_tests_still_run():
    solution = dedent(
        """\
        def spin():
            n = 0
            while True:
                n += 1
        """
    )
    tests = dedent(
        """\
        import solution

        def test_spins():
            solution.spin()

        def test_runs_afterwards():
            assert True
        """
    )
    result = grade_code(solution, tests, limits=Limits(wall_seconds=8, cpu_seconds=8))
    assert result.verdict == TIME_LIMIT, explain(result)
    outcomes = {test.name: test.outcome for test in result.tests}
    assert outcomes == {"test_spins": "timeout", "test_runs_afterwards": "passed"}
    assert "did not finish within 2 s" in result.message
    assert "solution.py:3 `while True:`" in result.message


def test_result_lines_printed_by_the_student_are_ignored():
    solution = dedent(
        """\
        import os

        def cheat():
            forged = '{"event": "result", "tests": [], "import_error": null}'
            print(forged)
            try:
                os.write(3, (forged + "\\n").encode())
            except OSError as error:
                print("fd 3:", error.strerror)
            return 41
        """
    )
    tests = "import solution\n\ndef test_answer():\n    assert solution.cheat() == 42\n"
    result = grade_code(solution, tests)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert '"event": "result"' in result.stdout
    assert "fd 3: Bad file descriptor" in result.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_ending_the_process_from_the_solution_is_a_runtime_error(backend):
    solution = "import os\n\ndef leave():\n    os._exit(0)\n"
    tests = "import solution\n\ndef test_leave():\n    solution.leave()\n"
    result = grade_code(solution, tests, backend=backend)
    assert result.verdict == RUNTIME_ERROR, explain(result)
    assert "ended the test process (exit code 0) before the tests finished" in result.message


def test_a_crash_is_a_runtime_error():
    solution = "import os, signal\n\ndef crash():\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
    tests = "import solution\n\ndef test_crash():\n    solution.crash()\n"
    result = grade_code(solution, tests)
    assert result.verdict == RUNTIME_ERROR, explain(result)
    assert "crashed the test process (signal 11)" in result.message


def test_flooding_stdout_is_an_output_limit():
    solution = "def shout():\n    while True:\n        print('x' * 1000)\n"
    tests = "import solution\n\ndef test_shout():\n    solution.shout()\n"
    result = grade_code(solution, tests)
    assert result.verdict == OUTPUT_LIMIT, explain(result)
    assert result.stdout_truncated
    assert len(result.stdout) <= Limits().output_bytes
    assert result.message.endswith("while running test_shout, so it was stopped. Print less.")


@pytest.mark.parametrize("backend", BACKENDS)
def test_replaying_the_reported_seed_reproduces_the_failure(backend):
    solution = wrong_solution("thread_safe_counter__no_lock")
    found = grade_exercise("thread-safe-counter", solution, backend=backend, seed=7)
    assert found.verdict == RACE_DETECTED, explain(found)
    race = found.races[0]

    replays = [
        grade_exercise("thread-safe-counter", solution, backend=backend, replay_seed=race["seed"])
        for _ in range(2)
    ]
    for replay in replays:
        assert replay.verdict == RACE_DETECTED, explain(replay)
        replayed = {test.name: test for test in replay.tests}[race["test"]]
        assert (replayed.schedules_run, replayed.schedules_failed) == (1, 1)
        assert replayed.message == race["message"]  # the very same lost updates
        assert f"when replaying forced schedule {race['seed']}" in replay.message


def test_the_same_seed_gives_the_same_grade():
    solution = wrong_solution("run_once_initialisation__no_lock")
    first, second = (
        grade_exercise("run-once-initialisation", solution, backend=BACKENDS[0].values[0], seed=3)
        for _ in range(2)
    )
    assert first.verdict == RACE_DETECTED
    assert first.races == second.races
    assert first.message == second.message


def test_progress_names_each_test_and_schedule_as_it_runs():
    events = []
    # Each test starts a thread: a test that starts none has no schedules to force.
    tests = (
        "import threading\n\n"
        "def test_one():\n    threading.Thread(target=print).start()\n\n"
        "def test_two():\n    threading.Thread(target=print).start()\n"
    )
    result = grade_code("x = 1\n", tests, schedules=3, on_progress=events.append)
    assert result.verdict == "accepted", explain(result)
    seen = [
        (e["test"], e["phase"], e.get("schedule"), e.get("schedules") or e.get("tests"))
        for e in events
    ]
    assert seen == [
        ("test_one", "plain", None, 2),
        ("test_one", "schedules", 1, 3),
        ("test_one", "schedules", 2, 3),
        ("test_one", "schedules", 3, 3),
        ("test_two", "plain", None, 2),
        ("test_two", "schedules", 1, 3),
        ("test_two", "schedules", 2, 3),
        ("test_two", "schedules", 3, 3),
    ]


def test_a_grade_is_json_serialisable():
    solution = wrong_solution("bank_transfer__argument_order")
    result = grade_exercise("bank-transfer", solution, backend=BACKENDS[0].values[0])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["verdict"] == "deadlock"
    assert data["deadlocks"][0]["cycle"]
    assert data["tests"][0]["name"] == "test_a_transfer_moves_money"
