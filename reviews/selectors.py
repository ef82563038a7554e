"""Reads for spaced review: what a student may review, what is due, summaries, class figures.

A student's deck is every active card of the published lessons of the published courses they
are enrolled in. "Due" counts the cards whose scheduled time has come plus the new cards they may
still meet today (REVIEW_NEW_CARDS_PER_DAY, counted from midnight UTC).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, Func, Min, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from config import reader_cache
from config.home import DueReview
from courses.models import Lesson
from reviews import scheduling
from reviews.models import CardState, ReviewCard, ReviewLog

LEECH_LAPSES = 8  # as Anki: a card forgotten this often needs the lesson again, not more drill


def start_of_day(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def lessons_of(*, user) -> QuerySet[Lesson]:
    return Lesson.objects.filter(
        is_published=True, course__is_published=True, course__enrollments__user=user
    )


def deck_of(*, user) -> QuerySet[ReviewCard]:
    return ReviewCard.objects.filter(is_active=True, lesson__in=lessons_of(user=user))


@dataclass(frozen=True)
class DueCounts:
    due: int  # scheduled cards whose time has come
    new: int  # cards never seen
    introduced_today: int
    next_due: datetime | None = None  # when the next scheduled card falls due

    @property
    def new_today(self) -> int:
        """New cards the student may still meet today."""
        allowance = max(0, settings.REVIEW_NEW_CARDS_PER_DAY - self.introduced_today)
        return min(self.new, allowance)

    @property
    def total(self) -> int:
        return self.due + self.new_today


def with_my_state(cards: QuerySet[ReviewCard], user) -> QuerySet[ReviewCard]:
    """Each card joined to the student's state (LEFT JOIN; null when new): one pass over the
    deck instead of a subquery per card."""
    return cards.annotate(mine=FilteredRelation("states", condition=Q(states__user=user)))


def _counts(now: datetime) -> dict:
    today = start_of_day(now)
    return {
        "due": Count("pk", filter=Q(mine__due__lte=now)),
        "new": Count("pk", filter=Q(mine__id__isnull=True)),
        "introduced_today": Count("pk", filter=Q(mine__introduced_at__gte=today)),
        "next_due": Min("mine__due", filter=Q(mine__due__gt=now)),
    }


def due_counts(*, user, now: datetime | None = None) -> DueCounts:
    """One query, over the student's deck."""
    now = now or timezone.now()
    return DueCounts(**with_my_state(deck_of(user=user), user).aggregate(**_counts(now)))


# The navigation's count is kept per student until it can change: the next card falls due, the
# day's new-card allowance resets, or the student's deck or card states change (reader_cache
# .forget, from reviews/receivers.py and make_lesson_due). Changes we are not told of (an
# author's new cards) show within this.
NAV_COUNT_SECONDS = 60


def due_count(*, user) -> int:
    """The number in the navigation: kept between pages (config/reader_cache.py), else one
    query (none for visitors and teachers)."""
    if not user.is_authenticated or user.is_teacher:
        return 0

    def count() -> tuple[int, datetime]:
        now = timezone.now()
        counts = due_counts(user=user, now=now)
        changes_at = [start_of_day(now) + timedelta(days=1)]
        if counts.next_due is not None:
            changes_at.append(counts.next_due)
        return counts.total, min(changes_at)

    return reader_cache.remember(user.pk, "due-count", count, seconds=NAV_COUNT_SECONDS)


def due_reviews_for_home(*, user) -> list[DueReview]:
    """The home page's "Due for review", per course (one query); today's new-card allowance
    goes to the courses in the order they are listed, as a deck limit would."""
    if not user.is_authenticated or user.is_teacher:
        return []
    now = timezone.now()
    rows = (
        with_my_state(deck_of(user=user), user)
        .values("lesson__course_id", "lesson__course__title")
        .annotate(**_counts(now))
        .order_by("lesson__course__title", "lesson__course_id")
    )
    introduced_today = sum(row["introduced_today"] for row in rows)
    allowance = max(0, settings.REVIEW_NEW_CARDS_PER_DAY - introduced_today)
    reviews = []
    for row in rows:
        new = min(row["new"], allowance)
        allowance -= new
        if row["due"] + new:
            reviews.append(
                DueReview(
                    title=row["lesson__course__title"],
                    url=reverse("reviews:review"),
                    count=row["due"] + new,
                )
            )
    return reviews


@dataclass(frozen=True)
class Pick:
    card: ReviewCard
    state: CardState | None  # None: a new card

    @property
    def is_leech(self) -> bool:
        return self.state is not None and self.state.lapses >= LEECH_LAPSES

    @property
    def overview_url(self) -> str:
        return f"{self.card.lesson.get_absolute_url()}?depth=detailed#overview"


def next_card(*, user, counts: DueCounts, now: datetime | None = None) -> Pick | None:
    """The card to review now: the longest-overdue scheduled card, else (while today's allowance
    lasts) the first new card in course order. One query, two when only new cards are left."""
    now = now or timezone.now()
    if counts.due:
        state = (
            # Joins, not `lesson IN (the student's lessons)`: the planner then starts from the
            # few due states (index user, due) instead of the whole deck (0.4 ms, not 20, for a
            # student with 10,000 cards; see bench/review_pick.py).
            CardState.objects.filter(
                user=user,
                due__lte=now,
                card__is_active=True,
                card__lesson__is_published=True,
                card__lesson__course__is_published=True,
                card__lesson__course__enrollments__user=user,
            )
            .select_related("card__lesson__course")
            .order_by("due", "pk")
            .first()
        )
        if state is not None:
            return Pick(card=state.card, state=state)
    if counts.new_today:
        card = (
            with_my_state(deck_of(user=user), user)
            .filter(mine__id__isnull=True)
            .select_related("lesson__course")
            .order_by(
                "lesson__course__title",
                "lesson__chapter__number",
                "lesson__number",
                "kind",
                "order",
                "pk",
            )  # fmt: skip
            .first()
        )
        if card is not None:
            return Pick(card=card, state=None)
    return None


@dataclass(frozen=True)
class Choice:
    rating: int
    label: str
    key: str  # the keyboard key
    interval: str  # "3 days"


def choices_for(pick: Pick, *, now: datetime | None = None) -> list[Choice]:
    now = now or timezone.now()
    return [
        Choice(
            rating=int(rating),
            label=ReviewLog.Rating(int(rating)).label,
            key=str(int(rating)),
            interval=scheduling.describe(interval),
        )
        for rating, interval in scheduling.next_intervals(pick.state, now=now)
    ]


@dataclass
class Summary:
    reviewed: int = 0
    by_rating: list[tuple[str, int]] = field(default_factory=list)
    next_due: datetime | None = None
    leeches: list[Pick] = field(default_factory=list)

    @property
    def next_due_in(self) -> str:
        """ "in 3 days", "in <1 min"; "now" when a card came due meanwhile."""
        wait = self.next_due - timezone.now() if self.next_due else None
        return "now" if wait is None or wait <= timedelta(0) else f"in {scheduling.describe(wait)}"


def session_summary(*, user, since: datetime | None) -> Summary:
    """What this sitting came to (two queries): ratings since `since`, when the next card is
    due, and the leeches met, each with the way back to its lesson."""
    summary = Summary()
    if since is not None:
        counts = Counter(
            ReviewLog.objects.filter(user=user, reviewed_at__gte=since).values_list(
                "rating", flat=True
            )
        )
        summary.reviewed = sum(counts.values())
        summary.by_rating = [(r.label, counts.get(r.value, 0)) for r in ReviewLog.Rating]
    states = CardState.objects.filter(
        user=user, card__is_active=True, card__lesson__in=lessons_of(user=user)
    )
    summary.next_due = states.aggregate(next_due=Min("due"))["next_due"]
    if since is not None:
        leeches = states.filter(lapses__gte=LEECH_LAPSES, last_review__gte=since).select_related(
            "card__lesson__course"
        )
        summary.leeches = [Pick(card=state.card, state=state) for state in leeches]
    return summary


@dataclass(frozen=True)
class ClassReviewStats:
    reviews_this_week: int
    cards_due: int
    leeches: int


def start_of_week(now: datetime) -> datetime:
    today = start_of_day(now)
    return today - timedelta(days=today.weekday())  # Monday


def _count(queryset: QuerySet) -> Subquery:
    # COUNT without GROUP BY inside a subquery: one number, whatever the size of the class.
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def class_review_stats(*, student_ids: QuerySet, course_id: int) -> ClassReviewStats:
    """One query: reviews of this course's cards since Monday, cards due now, leeches."""
    now = timezone.now()
    states = CardState.objects.filter(
        user__in=student_ids, card__is_active=True, card__lesson__course_id=course_id
    )
    logs = ReviewLog.objects.filter(
        user__in=student_ids, card__lesson__course_id=course_id, reviewed_at__gte=start_of_week(now)
    )
    figures = (
        ReviewCard.objects.order_by()
        .annotate(
            reviews=_count(logs),
            due=_count(states.filter(due__lte=now)),
            leeches=_count(states.filter(lapses__gte=LEECH_LAPSES)),
        )
        .values("reviews", "due", "leeches")[:1]
    )
    found = next(iter(figures), None)
    if found is None:  # no card exists anywhere, so nothing was reviewed or is due
        return ClassReviewStats(0, 0, 0)
    return ClassReviewStats(found["reviews"] or 0, found["due"] or 0, found["leeches"] or 0)
