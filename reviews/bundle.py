"""A course bundle extension: a lesson's review cards follow it through export and import.

The cards themselves are not in the bundle: they follow from the lesson's flashcards and the
concepts and glossary terms its author ticked "a review card". The ticks travel here, under
`review_cards` (the terms ticked), because the lesson's own keys predate them; importing a lesson
puts the ticks back on the components just created, then refreshes the lesson's cards.
"""

from __future__ import annotations

from typing import Any

from courses.models import GlossaryTerm, KeyConcept, Lesson
from reviews import services

TICKABLE = {"key_concepts": KeyConcept, "glossary": GlossaryTerm}


def export_lesson(lesson: Lesson) -> dict[str, Any]:
    ticked = {
        key: list(
            model.objects.filter(lesson=lesson, in_review=True)
            .order_by("order", "id")
            .values_list("term", flat=True)
        )
        for key, model in TICKABLE.items()
    }
    ticked = {key: terms for key, terms in ticked.items() if terms}
    return {"review_cards": ticked} if ticked else {}


def import_lesson(lesson: Lesson, data: dict[str, Any]) -> None:
    ticked = data.get("review_cards") or {}
    for key, model in TICKABLE.items():
        if ticked.get(key):
            model.objects.filter(lesson=lesson, term__in=ticked[key]).update(in_review=True)
    services.sync_cards(lessons=[lesson])
