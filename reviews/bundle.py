"""A course bundle extension: importing a lesson refreshes its review cards.

The cards themselves are not in the bundle: they follow from the lesson's flashcards and its
ticked concepts and terms, which the bundle carries.
"""

from __future__ import annotations

from typing import Any

from courses.models import Lesson
from reviews import services


def export_lesson(lesson: Lesson) -> dict[str, Any]:
    return {}


def import_lesson(lesson: Lesson, data: dict[str, Any]) -> None:
    services.sync_cards(lessons=[lesson])
