"""How the teacher's screens put the selectors' data into words and shapes: the wording of an
exercise result (the matrix and its CSV say the same) and the geometry of the verdict chart."""

from __future__ import annotations

from dataclasses import dataclass

from exercises.models import Verdict
from teaching.selectors import Analytics, ExerciseResult

NO_SUBMISSION = "No submission yet"
BEING_GRADED = "Being graded"


def best_text(result: ExerciseResult) -> str:
    """The best result reached, or why there is none."""
    if result.best:
        return Verdict(result.best).label
    return BEING_GRADED if result.pending else NO_SUBMISSION


def latest_text(result: ExerciseResult) -> str:
    """The newest submission's result; empty before the first submission."""
    if result.pending:  # one grading in flight at a time, and it is always the newest
        return BEING_GRADED
    return Verdict(result.latest).label if result.latest else ""


def secondary_text(result: ExerciseResult) -> str:
    """What the matrix adds under the best result: the latest when it differs, else the runs."""
    latest = latest_text(result)
    if latest and latest != best_text(result):
        return f"latest: {latest}"
    if result.best is None and result.runs:
        return f"ran the examples {result.runs} time{'s' if result.runs != 1 else ''}"
    return ""


# The verdict chart: one bar per verdict, the longest one CHART_WIDTH wide.
CHART_WIDTH = 360
ROW_HEIGHT = 28
BAR_X = 150


@dataclass(frozen=True)
class Bar:
    verdict: str
    label: str
    count: int
    width: int
    y: int

    x = BAR_X  # after the verdict's label

    @property
    def count_x(self) -> int:
        return self.x + self.width + 6


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int


def verdict_chart(analytics: Analytics) -> Chart:
    peak = max((n for _, _, n in analytics.verdicts), default=0) or 1
    bars = [
        Bar(verdict=v, label=label, count=n, width=round(CHART_WIDTH * n / peak),
            y=i * ROW_HEIGHT)
        for i, (v, label, n) in enumerate(analytics.verdicts)
    ]  # fmt: skip
    return Chart(bars=bars, height=len(bars) * ROW_HEIGHT)
