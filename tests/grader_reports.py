"""Grader reports for the code in tests.code_samples, as sandbox.grader wrote them (commit
8d5dda2, seed 5; in grader_reports.json): DEADLOCKING_TRANSFER on the bank-transfer exercise
(opposite transfers take the two account locks in opposite orders, solution.py lines 11 and 12)
and UNLOCKED_COUNTER on the counter exercise (`self.value += 1`, line 6, interleaved).

The verdict card is built and tested against them. They are frozen because a grader run is not
repeatable across grader changes and the card's tests check exact lines and steps; regenerate
them when the report contract (sandbox/REPORT_CONTRACT.md) changes.
"""

from __future__ import annotations

import json
from pathlib import Path

_REPORTS = json.loads(Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))


def _finish_arguments(name: str) -> tuple[str, str, dict]:
    """(verdict, message, report): what services.finish() records, stdout and stderr aside."""
    report = dict(_REPORTS[name])
    return report.pop("verdict"), report.pop("message"), report


TRANSFER_DEADLOCK = _finish_arguments("transfer_deadlock")
COUNTER_RACE = _finish_arguments("counter_race")
