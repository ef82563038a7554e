"""Grades a student's threading solution: compile on the host, run the harness in a sandbox,
turn what it reports into a verdict and a paragraph the student can act on.

Verdicts, and which wins when several apply (first match):
1. syntax_error   - solution.py does not compile (found on the host; no sandbox is started).
2. internal_error - our fault: the exercise's tests do not compile, the harness failed, or the
                    test process never started.
3. memory_limit, time_limit, output_limit, runtime_error (thread/process limit) - the sandbox
                    cut the run short; what was running then is named.
4. runtime_error  - the student's code ended the test process (os._exit, a crash, garbage on the
                    result channel) or raised while solution.py was being imported.
5. deadlock       - some test's threads were stuck for good (plainly or in a schedule): a lock
                    cycle, a lock taken twice, a wait no live thread will end (a lost
                    wakeup), or a thread that died leaving the others waiting for it.
6. race_detected  - some test passed plainly but failed under a forced thread schedule.
7. time_limit     - some test did not finish within its own time limit.
8. wrong_answer   - some test failed or raised (a leaked non-daemon thread fails its test).
9. accepted       - everything passed. Lock-order inversions are reported as warnings only: the
                    tests did not fail, and correct code can take locks in different orders
                    when other synchronisation keeps those paths apart.

The message leads with the first bug that sandbox/diagnosis.py finds behind the failing tests:
its diagnosis, how it showed (plainly, or in which forced schedule), a few sentences and the fix.
"""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from sandbox.diagnosis import SEQUENTIAL_DIAGNOSES, diagnose
from sandbox.errors import SandboxUnavailable
from sandbox.harness.scheduler import SERIAL_SEED
from sandbox.job import (
    CHANNEL_FD,
    LIMIT_CPU,
    LIMIT_MEMORY,
    LIMIT_OUTPUT,
    LIMIT_TASKS,
    LIMIT_WALL,
    Job,
    Limits,
    RunResult,
)

PYTHON = "/usr/bin/python3"
HARNESS_PACKAGE = "_spindle_harness"
SOLUTION_MODULE = "solution"
TESTS_MODULE = "test_solution"
CONFIG_FILE = "_spindle_config.json"
# Seconds a test's non-daemon threads get to finish after it returns before they count as leaked.
LEAK_GRACE = 0.25
# Seconds kept back from the sandbox's limits for the harness to start, stop hung threads and
# report: it must always report before the sandbox ends the process.
HARNESS_RESERVE = 2.5

ACCEPTED = "accepted"
WRONG_ANSWER = "wrong_answer"
RACE_DETECTED = "race_detected"
DEADLOCK = "deadlock"
TIME_LIMIT = "time_limit"
MEMORY_LIMIT = "memory_limit"
OUTPUT_LIMIT = "output_limit"
RUNTIME_ERROR = "runtime_error"
SYNTAX_ERROR = "syntax_error"
INTERNAL_ERROR = "internal_error"
VERDICTS = (
    ACCEPTED,
    WRONG_ANSWER,
    RACE_DETECTED,
    DEADLOCK,
    TIME_LIMIT,
    MEMORY_LIMIT,
    OUTPUT_LIMIT,
    RUNTIME_ERROR,
    SYNTAX_ERROR,
    INTERNAL_ERROR,
)


class Backend(Protocol):
    """What grade() needs from a sandbox backend (see sandbox.backends)."""

    def run(self, job: Job, *, on_message: Callable[[dict], None] | None = None) -> RunResult: ...


@dataclass
class TestResult:
    name: str
    outcome: str  # passed, failed, error, race, deadlock, timeout, not_run
    message: str = ""
    file: str | None = None
    line: int | None = None
    schedules_run: int = 0
    schedules_failed: int = 0
    failing_seed: int | None = None


@dataclass
class Grade:
    verdict: str
    message: str
    tests: list[TestResult] = field(default_factory=list)
    races: list[dict] = field(default_factory=list)
    deadlocks: list[dict] = field(default_factory=list)
    lock_order_inversions: list[dict] = field(default_factory=list)
    leaked_threads: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # One entry per distinct cause, most important first, and advice on code that passed
    # (sandbox/diagnosis.py; the shape is in sandbox/REPORT_CONTRACT.md).
    bugs: list[dict] = field(default_factory=list)
    style_notes: list[dict] = field(default_factory=list)
    line: int | None = None  # in solution.py, for syntax and import errors
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    seed: int | None = None
    schedules: int = 0
    replay_seed: int | None = None
    # Our own diagnostics for internal errors: for the logs, not for the student.
    internal_detail: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# Every grading starts a fresh interpreter in the sandbox; compiling the harness's ~2,000
# lines each time costs ~13 ms. So the harness travels as a zip of bytecode, compiled once per
# worker process by the sandbox's own interpreter (bytecode is specific to its version).
HARNESS_ARCHIVE = f"{HARNESS_PACKAGE}.zip"
ENTRY_FILE = "_spindle_main.py"
ENTRY = f"""\
import os, sys
# -I keeps the working directory off sys.path: the solution and tests live there.
sys.path[0:0] = [os.path.abspath({HARNESS_ARCHIVE!r}), os.getcwd()]
from {HARNESS_PACKAGE}.runner import main
sys.exit(main(sys.argv[1:]))
"""
_BUILD_ARCHIVE = """\
import importlib.util, io, marshal, pathlib, sys, zipfile
folder, package = pathlib.Path(sys.argv[1]), sys.argv[2]
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as archive:
    for path in sorted(folder.glob("*.py")):
        code = compile(path.read_text(encoding="utf-8"), f"/{package}/{path.name}", "exec",
                       dont_inherit=True)
        # A .pyc header (magic, flags, mtime, size) with no source beside it: never re-checked.
        header = importlib.util.MAGIC_NUMBER + bytes(12)
        archive.writestr(f"{package}/{path.stem}.pyc", header + marshal.dumps(code))
sys.stdout.buffer.write(out.getvalue())
"""


@cache
def harness_files() -> dict[str, str | bytes]:
    """The harness as job files: the precompiled package and a small entry script."""
    folder = Path(__file__).parent / "harness"
    try:
        built = subprocess.run(
            [PYTHON, "-I", "-S", "-c", _BUILD_ARCHIVE, str(folder), HARNESS_PACKAGE],
            capture_output=True, timeout=60, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        raise SandboxUnavailable(f"could not build the harness archive: {error}") from error
    return {HARNESS_ARCHIVE: built.stdout, ENTRY_FILE: ENTRY}


def grade(
    *,
    solution: str,
    tests: str,
    limits: Limits,
    schedules: int,
    seed: int | None = None,
    replay_seed: int | None = None,
    backend: Backend,
    on_progress: Callable[[dict], None] | None = None,
) -> Grade:
    """Grade `solution` against `tests` (a pytest-style module) in `backend`.

    on_progress receives the harness's progress events as they happen, e.g.
    {"event": "progress", "phase": "schedules", "test": "test_x", "schedule": 3, "schedules": 20}.
    """
    try:
        compile(solution, f"{SOLUTION_MODULE}.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return _syntax_error(error)
    try:
        compile(tests, f"{TESTS_MODULE}.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return Grade(
            verdict=INTERNAL_ERROR,
            message="This exercise's tests are broken, so your solution could not be graded.",
            internal_detail=f"the tests do not compile: {error}",
        )
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    config = {
        "solution": {"module": SOLUTION_MODULE, "file": f"{SOLUTION_MODULE}.py"},
        "tests": [{"module": TESTS_MODULE, "file": f"{TESTS_MODULE}.py"}],
        "schedules": schedules,
        "seed": seed,
        "replay_seed": replay_seed,
        # One run of one test; then all forced schedules together. Both leave room inside the
        # sandbox's own wall and CPU limits for the plain runs and for start-up.
        "test_timeout": min(5.0, limits.wall_seconds / 4),
        "schedule_budget": min(limits.wall_seconds * 0.5, limits.cpu_seconds * 0.6),
        "total_budget": max(1.0, min(limits.wall_seconds, limits.cpu_seconds) - HARNESS_RESERVE),
        "leak_grace": LEAK_GRACE,
        "channel_fd": CHANNEL_FD,
    }
    files = {
        f"{SOLUTION_MODULE}.py": solution,
        f"{TESTS_MODULE}.py": tests,
        CONFIG_FILE: json.dumps(config),
        **harness_files(),
    }
    argv = [PYTHON, "-I", "-S", "-B", ENTRY_FILE, CONFIG_FILE]

    def on_message(message: dict) -> None:
        if on_progress is not None and message.get("event") == "progress":
            on_progress(message)

    result = backend.run(Job(files=files, argv=argv, limits=limits), on_message=on_message)
    grade_ = _interpret(result, limits, solution)
    grade_.seed = seed
    grade_.schedules = schedules
    grade_.replay_seed = replay_seed
    return grade_


def _syntax_error(error: SyntaxError | ValueError) -> Grade:
    if isinstance(error, SyntaxError):
        line = error.lineno
        where = f" on line {line}" if line else ""
        return Grade(
            verdict=SYNTAX_ERROR,
            message=f"solution.py has a syntax error{where}: {error.msg}.",
            line=line,
        )
    return Grade(verdict=SYNTAX_ERROR, message=f"solution.py cannot be read as Python: {error}.")


def _interpret(run: RunResult, limits: Limits, solution: str) -> Grade:
    events: dict[str, dict] = {}
    for message in run.messages:
        events[str(message.get("event"))] = message  # the last of each kind
    grade_ = Grade(
        verdict=INTERNAL_ERROR,
        message="",
        stdout=run.stdout,
        stderr=run.stderr,
        stdout_truncated=run.stdout_truncated,
        stderr_truncated=run.stderr_truncated,
        wall_seconds=round(run.wall_seconds, 3),
        cpu_seconds=round(run.cpu_seconds, 3),
    )
    result = events.get("result")
    if result is not None:
        # Diagnosis first: it may tell a plainly failing test apart from a race (and mark it).
        grade_.bugs, grade_.style_notes = diagnose(result, solution)
        _fill_reports(grade_, result)
    if "internal_error" in events:
        grade_.message = "Grading failed on our side, not yours. Please submit again."
        grade_.internal_detail = str(events["internal_error"].get("message"))
    elif run.limit is not None:
        grade_.verdict, grade_.message = _limit_verdict(run.limit, limits, events.get("progress"))
    elif result is None:
        _no_result(grade_, run, started="hello" in events)
    elif result.get("import_error"):
        _import_error(grade_, result["import_error"])
    else:
        _verdict_from_tests(grade_, result)
    return grade_


def _during(progress: dict | None) -> str:
    if progress is None:
        return ""
    if progress.get("phase") == "schedules":
        return (
            f" while running {progress['test']} (forced schedule {progress['schedule']} of"
            f" {progress['schedules']})"
        )
    return f" while running {progress.get('test')}"


def _limit_verdict(limit: str, limits: Limits, progress: dict | None) -> tuple[str, str]:
    during = _during(progress)
    if limit == LIMIT_MEMORY:
        return MEMORY_LIMIT, f"Your program used more than {limits.memory_mb} MB of memory{during}."
    if limit == LIMIT_TASKS:
        return RUNTIME_ERROR, (
            f"Your program tried to run more than {limits.max_tasks} threads and processes at"
            f" once, the most the grader allows{during}. Start fewer threads, or let threads"
            " finish (join them) before starting more."
        )
    if limit == LIMIT_OUTPUT:
        return OUTPUT_LIMIT, (
            f"Your program printed more than {limits.output_bytes // 1024} KB{during}, so it was"
            " stopped. Print less."
        )
    if limit == LIMIT_CPU:
        return TIME_LIMIT, (
            f"Your program used more than {limits.cpu_seconds:g} s of CPU time{during}. Look for"
            " a loop that never ends, or a thread that spins instead of waiting."
        )
    if limit != LIMIT_WALL:
        return INTERNAL_ERROR, f"The run was stopped by an unknown limit ({limit})."
    return TIME_LIMIT, (
        f"Your program ran out of time ({limits.wall_seconds:g} s){during}. Look for a loop that"
        " never ends, or threads that wait for something that never happens."
    )


def _no_result(grade_: Grade, run: RunResult, *, started: bool) -> None:
    if not started:
        grade_.message = "Grading failed on our side, not yours. Please submit again."
        grade_.internal_detail = (
            f"the harness never started (exit code {run.exit_code}, signal {run.signal},"
            f" channel error {run.channel_error}); stderr: {run.stderr[-2000:]}"
        )
        return
    grade_.verdict = RUNTIME_ERROR
    if run.channel_error:
        how = "wrote over the grader's result channel"
    elif run.signal is not None:
        how = f"crashed the test process (signal {run.signal})"
    else:
        how = f"ended the test process (exit code {run.exit_code}) before the tests finished"
    grade_.message = (
        f"Your program {how}. Do not call os._exit() or close file descriptors you did not open."
    )


def _import_error(grade_: Grade, error: dict) -> None:
    at = error.get("at") or {}
    grade_.line = at.get("line")
    grade_.verdict = SYNTAX_ERROR if error.get("type") == "SyntaxError" else RUNTIME_ERROR
    where = f" at line {grade_.line}" if grade_.line else ""
    grade_.message = (
        f"solution.py raised {error.get('type')}{where} while being imported:"
        f" {error.get('message')}."
    )


def _fill_reports(grade_: Grade, result: dict) -> None:
    grade_.lock_order_inversions = result.get("lock_order_inversions") or []
    grade_.leaked_threads = result.get("leaked_threads") or []
    grade_.notes = result.get("notes") or []
    for test in result.get("tests") or []:
        schedules = test.get("schedules") or {}
        at = test.get("at") or {}
        grade_.tests.append(
            TestResult(
                name=test["name"],
                outcome=test["outcome"],
                message=test.get("message", ""),
                file=at.get("file"),
                line=at.get("line"),
                schedules_run=schedules.get("run", 0),
                schedules_failed=schedules.get("failed", 0),
                failing_seed=schedules.get("first_failing_seed"),
            )
        )
        if test["outcome"] == "race":
            grade_.races.append(
                {
                    "test": test["name"],
                    "schedules_run": schedules.get("run", 0),
                    "schedules_failed": schedules.get("failed", 0),
                    "seed": schedules.get("first_failing_seed"),
                    "message": test.get("message", ""),
                    "at": test.get("at"),
                    "lost_update": test.get("lost_update"),
                }
            )
        if test["outcome"] == "deadlock" and test.get("deadlock"):
            grade_.deadlocks.append(
                {
                    "test": test["name"],
                    "phase": test.get("phase"),
                    "seed": schedules.get("first_failing_seed"),
                    **test["deadlock"],
                }
            )


def _verdict_from_tests(grade_: Grade, result: dict) -> None:
    tests = result.get("tests") or []
    by_outcome: dict[str, list[dict]] = {}
    for test in tests:
        by_outcome.setdefault(test["outcome"], []).append(test)
    passed = len(by_outcome.get("passed", []))
    if "deadlock" in by_outcome:
        grade_.verdict = DEADLOCK
    elif "race" in by_outcome:
        grade_.verdict = RACE_DETECTED
    elif "timeout" in by_outcome:
        grade_.verdict = TIME_LIMIT
    elif len(tests) > passed:
        grade_.verdict = WRONG_ANSWER
    else:
        grade_.verdict = ACCEPTED
        schedules = result.get("schedules") or 0
        grade_.message = f"All {len(tests)} tests passed"
        if result.get("replay_seed") is not None:
            grade_.message += f", under forced schedule {result['replay_seed']}."
        elif schedules and all(t.schedules_run in (0, schedules) for t in grade_.tests):
            # A test that runs no thread besides its own has no schedules to force (run 0).
            each = (
                "each" if all(t.schedules_run for t in grade_.tests) else "each that starts threads"
            )
            grade_.message += f", plainly and under {schedules} forced thread schedules {each}."
        elif schedules:
            grade_.message += ", plainly and under the forced thread schedules there was time for."
        else:
            grade_.message += "."
        if grade_.notes:
            grade_.message += " " + " ".join(grade_.notes)
    if grade_.verdict != ACCEPTED:
        grade_.message = _bug_message(grade_, tests, passed, result.get("replay_seed"))
    if grade_.lock_order_inversions and grade_.verdict != DEADLOCK:
        grade_.message += " Warning: " + grade_.lock_order_inversions[0]["summary"]


def _bug_message(grade_: Grade, tests: list[dict], passed: int, replay: int | None) -> str:
    """The verdict in a few sentences: the first cause, how it showed, how to fix it."""
    bug = grade_.bugs[0] if grade_.bugs else None
    if bug is None:  # nothing to diagnose (cannot happen with a failing test; kept safe)
        return f"{passed} of {len(tests)} tests passed."
    failing = bug["tests"]
    head = (
        f"{failing[0]} failed"
        if len(failing) == 1
        else f"{len(failing)} tests fail for this reason ({', '.join(failing)})"
    )
    tried = bug.get("schedules_tried")
    if bug.get("seed") == SERIAL_SEED and bug["diagnosis"] in SEQUENTIAL_DIAGNOSES:
        how = " with each thread running alone, one after the other (schedule 0)"
    elif bug.get("seed") == SERIAL_SEED:
        how = " in forced schedule 0, where threads took turns only when one of them waited"
    elif replay is not None:
        how = f" when replaying forced schedule {replay}"
    elif tried:
        how = f" in forced thread schedule {tried} (seed {bug['seed']})"
    else:
        how = " when run plainly"
    message = f"{bug['title']}: {head}{how}. {bug['summary']} Fix: {bug['fix']}"
    if len(grade_.bugs) > 1:
        others = list(dict.fromkeys(b["title"].lower() for b in grade_.bugs[1:]))
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        message += f" Also found: {shown}."
    return message


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
