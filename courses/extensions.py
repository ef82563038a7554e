"""What apps built on courses add to the course and lesson pages, without courses importing them.

Arrows point down: quizzes knows courses, never the other way. So the practice-test scores shown
on the course page (per lesson) and the lesson page (per test) come from providers an app
registers from its AppConfig.ready() (quizzes/apps.py). With none registered the pages simply
show no scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScoreProvider:
    # (user=, course=) -> {lesson id: scores}; scores have .best, .latest and .attempts
    by_lesson: Callable[..., Mapping[int, Any]]
    # (user=, test_ids=) -> {practice test id: scores}
    by_test: Callable[..., Mapping[int, Any]]


SCORE_PROVIDERS: list[ScoreProvider] = []


def register_scores(provider: ScoreProvider) -> None:
    if provider not in SCORE_PROVIDERS:  # ready() may run more than once (tests)
        SCORE_PROVIDERS.append(provider)


def scores_by_lesson(*, user, course) -> dict[int, Any]:
    scores: dict[int, Any] = {}
    for provider in SCORE_PROVIDERS:
        scores.update(provider.by_lesson(user=user, course=course))
    return scores


def scores_by_test(*, user, test_ids: Iterable[int]) -> dict[int, Any]:
    test_ids = list(test_ids)
    scores: dict[int, Any] = {}
    for provider in SCORE_PROVIDERS:
        scores.update(provider.by_test(user=user, test_ids=test_ids))
    return scores


# Sections other apps add to the course and lesson pages (games lists its levels there): a
# provider takes (user=, course=), or (user=, lesson=, content_version=) on the lesson page
# (the version it read, for what a provider keeps with courses.content_cache.remember), and
# returns a Panel or None. The page includes each panel's template with the panel's context as
# `panel`.
@dataclass(frozen=True)
class Panel:
    template: str
    context: Mapping[str, Any]


# "glossary" panels go inside the lesson's Glossary section (games: the memory game's link).
PANEL_PROVIDERS: dict[str, list[Callable[..., Panel | None]]] = {
    "course": [],
    "lesson": [],
    "glossary": [],
}


def register_panel(page: str, provider: Callable[..., Panel | None]) -> None:
    if provider not in PANEL_PROVIDERS[page]:  # ready() may run more than once (tests)
        PANEL_PROVIDERS[page].append(provider)


def panels(page: str, **kwargs: Any) -> list[Panel]:
    return [panel for provider in PANEL_PROVIDERS[page] if (panel := provider(**kwargs))]
