"""CSV exports of a class: the progress matrix and every submission."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from exercises.models import Submission
from teaching import presenters
from teaching.selectors import Matrix, member_ids


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _safe(value) -> str:
    # Cells starting with = + - @ are formulas to spreadsheet programs: neutralise them.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def matrix_rows(matrix: Matrix) -> Iterator[list[str]]:
    # Each exercise's best and latest result, worded as the matrix words them (presenters).
    header = ["student", "email", "progress %", "last activity", "at risk"]
    for lesson in matrix.lessons:
        header += [f"{lesson.title}: completed", f"{lesson.title}: best test %"]
        for exercise in matrix.exercises.get(lesson.pk, ()):
            header += [f"{exercise.title}: best result", f"{exercise.title}: latest result"]
    yield header
    for row in matrix.rows:
        line = [
            row.student.name,
            row.student.email,
            round(row.progress * 100),
            row.last_activity.isoformat() if row.last_activity else "",
            "; ".join(row.at_risk),
        ]
        for cell in row.cells:
            line += [
                "yes" if cell.completed else "no",
                "" if cell.best_score is None else cell.best_score,
            ]
            for result in cell.exercises:
                line += [presenters.best_text(result), presenters.latest_text(result)]
        yield [_safe(value) for value in line]


def submission_rows(classroom) -> Iterator[list[str]]:
    yield ["id", "student", "email", "exercise", "kind", "status", "verdict", "created at",
           "finished at", "message"]  # fmt: skip
    submissions = (
        Submission.objects.filter(
            user__in=member_ids(classroom), exercise__lesson__course=classroom.course
        )
        .exclude(kind=Submission.Kind.VALIDATION)
        .select_related("user", "exercise")
        .order_by("created_at", "id")
    )
    for s in submissions.iterator(chunk_size=2000):
        yield [
            _safe(v)
            for v in (
                s.pk, s.user.name, s.user.email, s.exercise.title, s.kind, s.status, s.verdict,
                s.created_at.isoformat(), s.finished_at.isoformat() if s.finished_at else "",
                s.message,
            )
        ]  # fmt: skip


def stream_csv(rows: Iterator[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)
