"""The matrix's cells, rendered in Python: a class of 1,000 students has 30,000 of them, and a
template include per cell costs seconds where this costs milliseconds."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from exercises.models import Verdict
from teaching import presenters

register = template.Library()

_ICONS = {Verdict.ACCEPTED: "★", Verdict.RACE_DETECTED: "⚡", Verdict.DEADLOCK: "⊘"}
_DONE = '<span class="cell-line"><span aria-hidden="true">✓</span> Done</span>'
_OPEN = '<span class="cell-line"><span aria-hidden="true">○</span> Open</span>'


def _tone(result) -> str:
    if result.best is None:
        return "pending" if result.pending else "none"
    return "accepted" if result.best == Verdict.ACCEPTED else "failing"


def _icon(result) -> str:
    if result.best is None:
        return "…" if result.pending else "·"
    return _ICONS.get(result.best, "✗")


def _result(result, titles: dict[int, str]) -> str:
    # The exercise's name leads, so each line says what was (or was not) tried.
    secondary = presenters.secondary_text(result)
    return (
        f'<li class="result-{_tone(result)}">'
        f'<span class="exercise-name">{titles[result.exercise.pk]}:</span> '
        f'<span class="result-best"><span aria-hidden="true">{_icon(result)}</span> '
        f"{presenters.best_text(result)}</span>"
        + (f' <span class="result-latest">{secondary}</span>' if secondary else "")
        + "</li>"
    )


def _cell(cell, titles: dict[int, str]) -> str:
    parts = [_DONE if cell.completed else _OPEN]
    if cell.best_score is not None:
        parts.append(f'<span class="cell-line">Test {int(cell.best_score)}%</span>')
    if cell.exercises:
        items = "".join(_result(result, titles) for result in cell.exercises)
        parts.append(f'<ul class="exercise-results">{items}</ul>')
    classes = "cell is-complete" if cell.completed else "cell"
    return f'<td class="{classes}">{"".join(parts)}</td>'


@register.simple_tag
def exercise_titles(matrix) -> dict[int, str]:
    """The exercises' titles, escaped once per page rather than once per cell."""
    return {
        exercise.pk: conditional_escape(exercise.title)
        for exercises in matrix.exercises.values()
        for exercise in exercises
    }


@register.simple_tag
def matrix_cells(row, titles: dict[int, str]) -> str:
    # Safe: the titles come escaped from exercise_titles; every other piece is a fixed string
    # from this module or presenters, or an integer.
    return mark_safe("".join(_cell(cell, titles) for cell in row.cells))  # noqa: S308
