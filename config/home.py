"""The signed-in home page: each app's own reads, put together, plus an extension point.

Spaced review registers its provider of due reviews from its AppConfig.ready()
(`register_due_reviews`); the page shows the "Due for review" section only when a provider
returns something.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from courses import selectors as course_selectors
from exercises import selectors as exercise_selectors
from teaching import selectors as teaching_selectors


@dataclass(frozen=True)
class DueReview:
    title: str  # what is due, as the student knows it (a deck, a lesson)
    url: str  # where reviewing it starts
    count: int  # how many items are due


DueReviewProvider = Callable[..., list[DueReview]]  # (user=) -> the reviews due now
DUE_REVIEW_PROVIDERS: list[DueReviewProvider] = []


def register_due_reviews(provider: DueReviewProvider) -> None:
    if provider not in DUE_REVIEW_PROVIDERS:  # ready() may run more than once (tests)
        DUE_REVIEW_PROVIDERS.append(provider)


@dataclass
class Home:
    courses: list[Any] = field(default_factory=list)
    recent_submissions: list[Any] = field(default_factory=list)
    due_reviews: list[DueReview] = field(default_factory=list)
    classes: list[Any] = field(default_factory=list)


def home_for(*, user) -> Home:
    """A fixed number of queries however many courses, submissions or classes: the courses
    (one), the recent submissions (one), a teacher's classes (one), each provider's own."""
    groups = course_selectors.my_learning(user=user)  # in progress, not started, completed
    return Home(
        courses=[course for courses in groups.values() for course in courses],
        recent_submissions=exercise_selectors.recent_submissions(user=user),
        due_reviews=[review for provider in DUE_REVIEW_PROVIDERS for review in provider(user=user)],
        classes=teaching_selectors.classes_for(user=user) if user.is_teacher else [],
    )
