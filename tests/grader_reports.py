"""Grader reports for the code in tests.code_samples, as sandbox.grader wrote them (seed 5; in
grader_reports.json, written by `python -m tests.grader_reports`): DEADLOCKING_TRANSFER on the
bank-transfer exercise (opposite transfers take the two account locks in opposite orders,
solution.py lines 11 and 12) and UNLOCKED_COUNTER on the counter exercise (`self.value += 1`,
line 6, interleaved).

The verdict card is built and tested against them. They are frozen because a grader run is not
repeatable across grader changes and the card's tests check exact lines and steps; regenerate
them when the grader's output changes (tests/sandbox/test_frozen_reports.py says when: it
compares their shape with what the grader writes now).
"""

from __future__ import annotations

import json
from pathlib import Path

from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import grade
from sandbox.job import Limits
from tests import code_samples

FROZEN = Path(__file__).with_suffix(".json")
SEED = 5
SCHEDULES = 20
# (solution, tests) of each report, as the factories' exercises grade a submission.
SOURCES = {
    "transfer_deadlock": (
        code_samples.DEADLOCKING_TRANSFER,
        f"{code_samples.TRANSFER_EXAMPLE}\n\n{code_samples.TRANSFER_TESTS}",
    ),
    "counter_race": (
        code_samples.UNLOCKED_COUNTER,
        f"{code_samples.COUNTER_TESTS}\n\n{code_samples.COUNTER_HIDDEN_TESTS}",
    ),
}


def grade_now(name: str) -> dict:
    """What the grader writes for one of SOURCES today (stdout and stderr aside)."""
    solution, tests = SOURCES[name]
    result = grade(
        solution=solution,
        tests=tests,
        limits=Limits(wall_seconds=10.0),
        schedules=SCHEDULES,
        seed=SEED,
        backend=UnconfinedBackend(),
    ).to_dict()
    for key in ("stdout", "stderr", "internal_detail"):
        result.pop(key, None)
    return result


_REPORTS = json.loads(FROZEN.read_text(encoding="utf-8"))


def _finish_arguments(name: str) -> tuple[str, str, dict]:
    """(verdict, message, report): what services.finish() records, stdout and stderr aside."""
    report = dict(_REPORTS[name])
    return report.pop("verdict"), report.pop("message"), report


TRANSFER_DEADLOCK = _finish_arguments("transfer_deadlock")
COUNTER_RACE = _finish_arguments("counter_race")


if __name__ == "__main__":
    FROZEN.write_text(
        json.dumps({name: grade_now(name) for name in SOURCES}, indent=1) + "\n",
        encoding="utf-8",
    )
