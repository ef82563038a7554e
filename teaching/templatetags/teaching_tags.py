"""The matrix's cells, rendered in Python: a class of 1,000 students has 30,000 of them, and a
template include per cell costs seconds where this costs milliseconds."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from teaching.selectors import EXERCISE_STATUSES

register = template.Library()

_ICONS = {"accepted": "★", "race": "⚡", "deadlock": "⊘", "failing": "✗", "not_tried": "·"}


def _cell(cell) -> str:
    classes = f"cell status-{cell.exercise_status}" + (" is-complete" if cell.completed else "")
    parts = [
        '<span class="cell-line"><span aria-hidden="true">✓</span> Done</span>'
        if cell.completed
        else '<span class="cell-line"><span aria-hidden="true">○</span> Open</span>'
    ]
    if cell.best_score is not None:
        parts.append(f'<span class="cell-line">Test {int(cell.best_score)}%</span>')
    if cell.exercise_status != "none":
        icon, label = _ICONS[cell.exercise_status], EXERCISE_STATUSES[cell.exercise_status]
        parts.append(
            f'<span class="cell-line exercise-status"><span aria-hidden="true">{icon}</span> '
            f"{label}</span>"
        )
    return f'<td class="{classes}">{"".join(parts)}</td>'


@register.simple_tag
def matrix_cells(row) -> str:
    # Safe: every piece is a fixed string from this module or an integer; no user text.
    return mark_safe("".join(_cell(cell) for cell in row.cells))  # noqa: S308
