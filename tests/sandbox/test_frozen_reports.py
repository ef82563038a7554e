"""The verdict card's tests use grader reports frozen in tests/grader_reports.json (a browser
test needs exact lines and steps). They must stay what the grader writes: if this fails, the
grader changed, so run `python -m tests.grader_reports` and update the card's tests."""

from __future__ import annotations

import pytest

from tests import grader_reports


def _shape(report: dict) -> dict:
    return {
        "verdict": report["verdict"],
        "bugs": [
            (
                bug["diagnosis"],
                bug["tests"],
                [line["line"] for line in bug["lines"]],
                bool(bug["timeline"]) and any(e["conflict"] for e in bug["timeline"]["events"]),
            )
            for bug in report["bugs"]
        ],
        "tests": [(test["name"], test["outcome"]) for test in report["tests"]],
    }


@pytest.mark.parametrize("name", sorted(grader_reports.SOURCES))
def test_a_frozen_report_has_the_shape_the_grader_writes_today(name):
    verdict, message, frozen = grader_reports._finish_arguments(name)
    assert _shape({**frozen, "verdict": verdict}) == _shape(grader_reports.grade_now(name))
