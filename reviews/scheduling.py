"""The bridge between our CardState rows and the fsrs package's Card and Scheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from fsrs import Card, Rating, Scheduler, State

from reviews.models import CardState

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


@cache
def _scheduler(desired_retention: float) -> Scheduler:
    # No fuzz: the interval written on each button is the one the student gets. (Fuzz spreads
    # a big deck's reviews over neighbouring days; our decks are a course's worth of cards.)
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def scheduler() -> Scheduler:
    return _scheduler(settings.REVIEW_DESIRED_RETENTION)


def utc(moment: datetime) -> datetime:
    # fsrs refuses any tzinfo but datetime.timezone.utc itself.
    return moment.astimezone(UTC)


def to_fsrs(state: CardState | None, *, now: datetime) -> Card:
    """The fsrs Card for a student's state; a new card (no state yet) is due now."""
    if state is None:
        return Card(card_id=0, due=utc(now))
    return Card(
        card_id=state.card_id,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=utc(state.due),
        last_review=utc(state.last_review) if state.last_review else None,
    )


def copy_into(state: CardState, card: Card) -> None:
    state.state = int(card.state)
    state.step = card.step
    state.stability = card.stability
    state.difficulty = card.difficulty
    state.due = card.due
    state.last_review = card.last_review


def review(card: Card, rating: Rating, *, now: datetime, duration_ms: int | None = None) -> Card:
    reviewed, _log = scheduler().review_card(
        card, rating, review_datetime=utc(now), review_duration=duration_ms
    )
    return reviewed


def next_intervals(state: CardState | None, *, now: datetime) -> list[tuple[Rating, timedelta]]:
    """What each rating would do, computed by the scheduler on a copy (review_card copies)."""
    card = to_fsrs(state, now=now)
    return [(rating, review(card, rating, now=now).due - utc(now)) for rating in RATINGS]


def describe(interval: timedelta) -> str:
    """ "<1 min", "10 min", "5 h", "3 days", "2 months", "1.5 years": how long until next time."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1 min"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    if days < 31:
        return "1 day" if days == 1 else f"{days} days"
    if days < 365:
        months = round(days / 30.4)
        return "1 month" if months == 1 else f"{months} months"
    years = round(days / 365, 1)
    return f"{years:g} year" + ("" if years == 1 else "s")
