"""Reads: which levels a user may play, with their progress, and the course/lesson page panels.

Who may play what: anonymous visitors the first level only (a taste); signed-in users every
level that belongs to no lesson, and a lesson's levels once enrolled in its course; staff all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from courses import content_cache
from courses.extensions import Panel
from courses.models import Enrollment, Lesson
from games.models import Level, LevelProgress


@dataclass(frozen=True)
class LevelEntry:
    level: Level
    number: int  # 1-based position in the game
    is_open: bool
    progress: LevelProgress | None
    next_slug: str | None = None  # the level after this one, if any


def _levels() -> QuerySet[Level]:
    return Level.objects.select_related("lesson__course").order_by("order", "pk")


def _enrolled_course_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Enrollment.objects.filter(user=user).values_list("course_id", flat=True))


def _is_draft(user, level: Level) -> bool:
    """A draft lesson's levels wait for it, as its exercises do; staff preview them."""
    lesson = level.lesson
    if lesson is None or (user.is_authenticated and user.is_staff):
        return False
    return not (lesson.is_published and lesson.course.is_published)


def _is_open(user, level: Level, *, number: int, enrolled: set[int]) -> bool:
    if _is_draft(user, level):
        return False
    if user.is_authenticated and user.is_staff:
        return True
    lesson = level.lesson
    if number == 1:
        return True
    if not user.is_authenticated:
        return False
    return lesson is None or lesson.course_id in enrolled


def _progress_by_level(user) -> dict[int, LevelProgress]:
    if not user.is_authenticated:
        return {}
    return {p.level_id: p for p in LevelProgress.objects.filter(user=user)}


def scheduler_levels(*, user) -> list[LevelEntry]:
    """Every level in play order, each saying whether the user may play it and their progress."""
    enrolled = _enrolled_course_ids(user)
    progress = _progress_by_level(user)
    return [
        LevelEntry(
            level=level,
            number=number,
            is_open=_is_open(user, level, number=number, enrolled=enrolled),
            progress=progress.get(level.pk),
        )
        for number, level in enumerate(_levels(), start=1)
    ]


def scheduler_level(*, user, slug: str) -> LevelEntry | None:
    """One level by slug, with the same access rule and numbering as the index."""
    slugs = list(Level.objects.order_by("order", "pk").values_list("slug", flat=True))
    number = slugs.index(slug) + 1 if slug in slugs else None
    if number is None:
        return None
    level = _levels().get(slug=slug)
    if _is_draft(user, level):
        return None  # as its lesson is: not there yet for students
    enrolled = (
        set() if level.lesson is None or not user.is_authenticated else _enrolled_course_ids(user)
    )
    progress = (
        LevelProgress.objects.filter(user=user, level=level).first()
        if user.is_authenticated
        else None
    )
    return LevelEntry(
        level=level,
        number=number,
        is_open=_is_open(user, level, number=number, enrolled=enrolled),
        progress=progress,
        next_slug=slugs[number] if number < len(slugs) else None,
    )


def _with_solved(levels: QuerySet[Level], user) -> QuerySet[Level]:
    if not user.is_authenticated:
        return levels
    solved = LevelProgress.objects.filter(user=user, level=OuterRef("pk"))
    return levels.annotate(solved=Exists(solved))


def course_panel(*, user, course) -> Panel | None:
    """The course page's "Games" section: the levels of the course's lessons."""
    visible = Lesson.objects.visible_to(user)
    levels = list(_with_solved(_levels().filter(lesson__course=course, lesson__in=visible), user))
    if not levels:
        return None
    return Panel(template="games/_course_panel.html", context={"levels": levels})


def lesson_panel(*, user, lesson, content_version: str | None) -> Panel | None:
    """The lesson page's links to its levels ("Play: …"): the levels are the same for every
    reader and kept in the content cache (no query for a visitor); a student's solved marks are
    one query."""
    levels = content_cache.remember(
        f"lesson-levels:{lesson.pk}",
        lambda: list(Level.objects.filter(lesson=lesson).order_by("order", "pk")),
        version=content_version,
    )
    if not levels:
        return None
    if user.is_authenticated:
        solved = set(
            LevelProgress.objects.filter(user=user, level__in=[level.pk for level in levels])
            .values_list("level_id", flat=True)
        )  # fmt: skip
        for level in levels:
            level.solved = level.pk in solved
    return Panel(template="games/_lesson_panel.html", context={"levels": levels})
