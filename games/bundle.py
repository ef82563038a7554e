"""Game levels in course bundles (registered with courses.bundle) and in content/games files.

In a level's data form the programs are mappings (shared, threads, at_exit); the Level model
keeps them as YAML text, which is what the admin edits."""

from __future__ import annotations

from typing import Any

import yaml

from courses.bundle import BundleError, lesson_named_in
from courses.models import Lesson
from games.levels import check_level, dump_program
from games.models import Level

FIELDS = ("title", "order", "primitive", "goal", "goal_text", "intro", "explanation")


def export_level(level: Level) -> dict[str, Any]:
    return {
        "slug": level.slug,
        **{name: getattr(level, name) for name in FIELDS},
        "program": yaml.safe_load(level.program),
        "fixed_program": yaml.safe_load(level.fixed_program),
    }


def export_lesson(lesson: Lesson) -> dict[str, Any]:
    return {"game_levels": [export_level(level) for level in lesson.game_levels.all()]}


def import_lesson(lesson: Lesson, data: dict[str, Any]) -> None:
    # A bundle without the key leaves the lesson's levels alone (they may come from files).
    if "game_levels" not in data:
        return
    slugs = [save_level(item, lesson=lesson).slug for item in data["game_levels"]]
    lesson.game_levels.exclude(slug__in=slugs).delete()


def save_level(data: dict[str, Any], *, lesson: Lesson | None) -> Level:
    """Create or update (by slug, keeping students' progress) one level, checked by the
    engine's exhaustive search first."""
    if not isinstance(data, dict) or not data.get("slug"):
        raise BundleError("a game level has no slug")
    slug = data["slug"]
    required = [k for k in (*FIELDS, "program", "fixed_program") if k != "order"]
    missing = [k for k in required if k not in data]
    if missing:
        raise BundleError(f"game level {slug}: missing {', '.join(missing)}")
    if data["goal"] not in Level.Goal.values:
        raise BundleError(f"game level {slug}: goal must be one of {Level.Goal.values}")
    program, fixed = dump_program(data["program"]), dump_program(data["fixed_program"])
    problems = check_level(program=program, fixed_program=fixed, goal=data["goal"])
    if problems:
        raise BundleError(f"game level {slug}: {'; '.join(problems)}")
    level = Level.objects.filter(slug=slug).first() or Level(slug=slug)
    for name in FIELDS:
        if name in data:
            setattr(level, name, data[name])
    level.lesson, level.program, level.fixed_program = lesson, program, fixed
    level.save()
    return level


def import_level(data: dict[str, Any]) -> Level:
    """A level from a content/games file: `lesson` (and, if ambiguous, `course`) name its
    lesson; without them the level belongs to no course."""
    lesson = lesson_named_in(data, what="game level") if data.get("lesson") else None
    fields = {k: v for k, v in data.items() if k not in ("lesson", "course")}
    return save_level(fields, lesson=lesson)
