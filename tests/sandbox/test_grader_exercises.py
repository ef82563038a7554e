"""The demo course's threading exercises, graded end to end: every reference solution is
accepted under several seeds, and each typical mistake gets the verdict it deserves."""

from __future__ import annotations

import ast

import pytest

from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import (
    ACCEPTED,
    DEADLOCK,
    RACE_DETECTED,
    WRONG_ANSWER,
)
from tests.sandbox.grading_support import (
    BACKENDS,
    SLUGS,
    explain,
    grade_exercise,
    load_exercise,
    tidy_backends,
    wrong_solution,
)

LESSONS = {"threads-start-and-join", "daemon-threads", "thread-safety-locks-events-conditions"}
REQUIRED = {
    "threads-and-join",
    "daemon-threads",
    "thread-safe-counter",
    "bank-transfer",
    "bounded-buffer",
    "run-once-initialisation",
}


@pytest.fixture(scope="module", autouse=True)
def _tidy():
    yield
    tidy_backends()


def test_the_demo_course_has_every_required_exercise():
    assert set(SLUGS) >= REQUIRED


@pytest.mark.parametrize("slug", SLUGS)
def test_an_exercise_file_is_complete_and_its_code_compiles(slug):
    exercise = load_exercise(slug)
    assert exercise["slug"] == slug
    assert exercise["lesson"] in LESSONS
    assert exercise["title"].strip()
    assert exercise["prompt"].strip()
    assert exercise["schedules"] > 0
    for key in ("starter_code", "visible_tests", "hidden_tests", "reference_solution"):
        compile(exercise[key], f"{slug}:{key}", "exec")
    for key in ("visible_tests", "hidden_tests"):
        tree = ast.parse(exercise[key])
        names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert any(name.startswith("test_") for name in names), f"{key} of {slug}: no tests"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_starter_code_does_not_pass(slug):
    exercise = load_exercise(slug)
    result = grade_exercise(slug, exercise["starter_code"], backend=UnconfinedBackend())
    assert result.verdict == WRONG_ANSWER, explain(result)


@pytest.mark.parametrize("seed", [11, 22, 33])
@pytest.mark.parametrize("slug", SLUGS)
def test_the_reference_solution_is_accepted_whatever_the_seed(slug, seed):
    exercise = load_exercise(slug)
    result = grade_exercise(
        slug, exercise["reference_solution"], backend=UnconfinedBackend(), seed=seed
    )
    assert result.verdict == ACCEPTED, explain(result)
    assert result.races == []
    assert result.deadlocks == []
    assert result.lock_order_inversions == []
    assert result.leaked_threads == []
    # Every test ran all its schedules, but those that start no thread (nothing to interleave).
    assert {test.schedules_run for test in result.tests} <= {0, exercise["schedules"]}
    assert any(test.schedules_run for test in result.tests)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("slug", ["bank-transfer", "bounded-buffer"])
def test_the_reference_solution_is_accepted_in_each_backend(slug, backend):
    exercise = load_exercise(slug)
    result = grade_exercise(slug, exercise["reference_solution"], backend=backend, seed=5)
    assert result.verdict == ACCEPTED, explain(result)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unlocked_counter_is_a_race(backend):
    result = grade_exercise(
        "thread-safe-counter", wrong_solution("thread_safe_counter__no_lock"), backend=backend
    )
    assert result.verdict == RACE_DETECTED, explain(result)
    race = result.races[0]
    assert race["test"] == "test_counts_every_increment_from_four_threads"
    # Exploration stops at the first failing schedule: one is proof enough.
    assert 1 <= race["schedules_run"] <= 20
    assert race["schedules_failed"] == 1
    assert "counter.value is" in race["message"]
    assert f"in forced thread schedule {race['schedules_run']} (seed {race['seed']})" in (
        result.message
    )
    assert result.message.startswith("Lost update: ")
    lost = race["lost_update"]
    assert (lost["name"], lost["read_at"], lost["written_at"]) == (
        "self._value",
        "solution.py:9",
        "solution.py:9",
    )
    assert lost["overwritten_by"] != lost["thread"]
    # The threads are named in full once, then by their short names.
    assert lost["summary"].split(": ")[0] in result.message
    bug = result.bugs[0]
    assert bug["diagnosis"] == "lost_update"
    assert bug["lines"] == [{"line": 9, "note": "read of `self._value`"}]
    # The picture: the loser's read, the other thread's write, the loser's write in conflict;
    # then the assert, where the test fails (not itself a conflict between threads).
    events = bug["timeline"]["events"]
    conflicts = [(e["thread"], e["kind"]) for e in events if e["conflict"]]
    assert conflicts == [
        (lost["thread"], "read"),
        (lost["overwritten_by"], "write"),
        (lost["thread"], "write"),
    ]
    assert (events[-1]["thread"], events[-1]["kind"], events[-1]["conflict"]) == (
        "MainThread",
        "assert",
        False,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_locking_accounts_in_argument_order_deadlocks_and_says_who_waits_for_what(backend):
    result = grade_exercise(
        "bank-transfer", wrong_solution("bank_transfer__argument_order"), backend=backend
    )
    assert result.verdict == DEADLOCK, explain(result)
    deadlock = result.deadlocks[0]
    assert deadlock["test"] == "test_transfers_in_opposite_directions_finish"
    assert deadlock["cycle"] == ["Thread-1 (a_to_b)", "Thread-2 (b_to_a)"]
    waiting = {entry["thread"]: entry for entry in deadlock["threads"]}
    first = waiting["Thread-1 (a_to_b)"]
    assert first["at"]["file"] == "solution.py"
    assert first["at"]["code"] == "with dst.lock:"
    assert first["waits"] == (
        "for `self.lock` of Account #2 (created at solution.py:17), held by Thread-2 (b_to_a)"
    )
    assert first["holds"] == [
        {"lock": "`self.lock` of Account #1 (created at solution.py:17)", "since": "solution.py:23"}
    ]
    assert "Each thread holds one lock and waits for another's" in result.message
    # The same cause in several tests is one bug, said once.
    assert [bug["diagnosis"] for bug in result.bugs] == ["lock_order_deadlock"]
    assert "take the locks in one global order" in result.message.lower()


def test_forgetting_join_is_a_race_between_the_results_and_the_workers():
    # Run one after the other, the workers finish before the results are read: the failure
    # needs the main thread to read first, an order of threads, not a plain wrong answer.
    result = grade_exercise(
        "threads-and-join",
        wrong_solution("threads_and_join__no_join"),
        backend=UnconfinedBackend(),
    )
    assert result.verdict == RACE_DETECTED, explain(result)
    assert result.bugs[0]["diagnosis"] == "missing_join"
    assert "[None, None, None]" in result.message


def test_joining_inside_the_start_loop_is_a_wrong_answer():
    result = grade_exercise(
        "threads-and-join",
        wrong_solution("threads_and_join__join_in_start_loop"),
        backend=UnconfinedBackend(),
    )
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert "web.most_active is 1" in result.message


def test_a_non_daemon_background_thread_fails_and_is_reported_as_leaked():
    result = grade_exercise(
        "daemon-threads", wrong_solution("daemon_threads__not_daemon"), backend=UnconfinedBackend()
    )
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert "assert thread.daemon failed" in result.message
    assert [bug["diagnosis"] for bug in result.bugs] == ["daemon_misuse"]
    leaked = {leak["thread"]: leak for leak in result.leaked_threads}
    assert leaked["heartbeat"]["started_at"] == "solution.py:14"
    assert leaked["worker"]["started_at"] == "solution.py:30"


@pytest.mark.parametrize("backend", BACKENDS)
def test_waiting_under_if_instead_of_while_is_caught(backend):
    result = grade_exercise(
        "bounded-buffer", wrong_solution("bounded_buffer__if_not_while"), backend=backend
    )
    # A consumer that wakes to an empty buffer crashes (and the others may then hang for good).
    assert result.verdict in (RACE_DETECTED, WRONG_ANSWER, DEADLOCK), explain(result)
    assert "IndexError" in result.message or "overfull" in result.message
    assert result.bugs[0]["diagnosis"] == "wait_without_loop", explain(result)


def test_notify_on_a_shared_condition_leaves_every_thread_waiting():
    # A lost wake-up: the program hangs with all threads in Condition.wait(), which the grader
    # calls a deadlock (and explains as such), whether it strikes plainly or in a schedule.
    result = grade_exercise(
        "bounded-buffer",
        wrong_solution("bounded_buffer__notify_one_condition"),
        backend=UnconfinedBackend(),
    )
    assert result.verdict == DEADLOCK, explain(result)
    assert result.message.startswith("Lost wakeup:"), explain(result)
    assert "`notify()` wakes just one waiting thread" in result.message
    assert "Condition.wait() on `self._changed` at line" in result.message
    assert result.deadlocks[0]["summary"].startswith(
        "Every thread is waiting and none is left to wake the others"
    )


@pytest.mark.parametrize(
    ("name", "read_at", "written_at"),
    [
        ("run_once_initialisation__no_lock", "solution.py:12", "solution.py:13"),
        # The check outside the lock is the stale one; the write under the lock is too late.
        ("run_once_initialisation__no_second_check", "solution.py:16", "solution.py:18"),
    ],
)
def test_initialisation_without_a_proper_double_check_is_a_race(name, read_at, written_at):
    result = grade_exercise(
        "run-once-initialisation", wrong_solution(name), backend=UnconfinedBackend()
    )
    assert result.verdict == RACE_DETECTED, explain(result)
    race = result.races[0]
    assert race["test"] == "test_eight_threads_calling_get_at_once_make_the_value_once"
    lost = race["lost_update"]
    assert (lost["name"], lost["read_at"], lost["written_at"]) == (
        "self._value",
        read_at,
        written_at,
    )
