"""Exercises in course bundles (registered with courses.bundle) and as standalone files."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.bundle import BundleError, lesson_named_in
from courses.models import Lesson
from exercises.models import Exercise

FIELDS = (
    "slug",
    "title",
    "prompt",
    "starter_code",
    "visible_tests",
    "hidden_tests",
    "reference_solution",
    "schedules",
)
LIMIT_FIELDS = ("cpu_seconds", "wall_seconds", "memory_mb", "max_tasks", "output_bytes")


def export_lesson(lesson: Lesson) -> dict[str, Any]:
    return {
        "exercises": [
            {
                **{name: getattr(exercise, name) for name in FIELDS},
                "limits": {name: getattr(exercise, name) for name in LIMIT_FIELDS},
            }
            for exercise in lesson.exercises.all()
        ]
    }


def import_lesson(lesson: Lesson, data: dict[str, Any]) -> None:
    # A bundle without the key leaves the lesson's exercises alone (they may come from files).
    if "exercises" not in data:
        return
    slugs = [save_exercise(lesson, item, order=i).slug for i, item in enumerate(data["exercises"])]
    lesson.exercises.exclude(slug__in=slugs).delete()


def save_exercise(lesson: Lesson, data: dict[str, Any], *, order: int = 0) -> Exercise:
    """Create or update (by slug, keeping its submissions) one exercise."""
    if not isinstance(data, dict) or not data.get("slug"):
        raise BundleError(f"lesson {lesson.slug}: an exercise has no slug")
    exercise = Exercise.objects.filter(slug=data["slug"]).first() or Exercise(slug=data["slug"])
    exercise.lesson = lesson
    exercise.order = order
    for name in FIELDS[1:]:
        if name in data:
            setattr(exercise, name, data[name])
    unknown = set(data.get("limits") or {}) - set(LIMIT_FIELDS)
    if unknown:
        raise BundleError(f"exercise {exercise.slug}: unknown limits {sorted(unknown)}")
    for name, value in (data.get("limits") or {}).items():
        setattr(exercise, name, value)
    try:
        exercise.full_clean(exclude=["lesson"])
    except ValidationError as error:
        raise BundleError(f"exercise {exercise.slug}: {error.message_dict}") from None
    exercise.save()
    return exercise


@transaction.atomic
def import_exercise_file(data: dict[str, Any]) -> Exercise:
    """A standalone exercise file names its lesson (and, when ambiguous, its course)."""
    lesson = lesson_named_in(data, what="exercise")
    return save_exercise(lesson, data, order=data.get("order", 0))
