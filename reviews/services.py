"""Every change spaced review makes: the deck kept in step with the lessons, ratings, and
lessons made due again when a student's code shows they have not got it yet."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from fsrs import Rating, State

from config import reader_cache
from courses import content_cache
from courses.models import Flashcard, GlossaryTerm, KeyConcept, Lesson
from exercises.models import Submission, Verdict
from reviews import scheduling, selectors
from reviews.models import CardState, ReviewCard, ReviewLog

log = logging.getLogger(__name__)

# The longest a single review may be logged as taking: a card left open over lunch is not data.
MAX_DURATION_MS = 10 * 60 * 1000


class NotDue(Exception):
    """The card is in the student's deck but not theirs to rate now (rated already, say)."""


def _sources(lessons: QuerySet[Lesson] | Iterable[Lesson]) -> dict[tuple, ReviewCard]:
    """The cards the lessons' components ask for, by (lesson id, kind, key)."""
    wanted: dict[tuple, ReviewCard] = {}
    Kind = ReviewCard.Kind
    rows = [
        (Kind.FLASHCARD, Flashcard.objects.filter(lesson__in=lessons), "front", "back"),
        (Kind.CONCEPT, KeyConcept.objects.filter(lesson__in=lessons, in_review=True),
         "term", "meaning"),
        (Kind.TERM, GlossaryTerm.objects.filter(lesson__in=lessons, in_review=True),
         "term", "definition"),
    ]  # fmt: skip
    for kind, queryset, front_field, back_field in rows:
        for order, item in enumerate(queryset.order_by("lesson_id", "order", "id")):
            front, back = getattr(item, front_field), getattr(item, back_field)
            identity = (item.lesson_id, kind, ReviewCard.key_for(front))
            # Two sources with the same front in one lesson are one card: the first one wins.
            wanted.setdefault(
                identity,
                ReviewCard(lesson_id=item.lesson_id, kind=kind, key=identity[2], front=front,
                           back=back, order=order),
            )  # fmt: skip
    return wanted


def sync_cards(*, lessons: QuerySet[Lesson] | Iterable[Lesson]) -> None:
    """Make the lessons' review cards match their flashcards and ticked concepts and terms:
    four reads, and writes only for what changed (so it is cheap to run often). Two syncs at
    once write the same thing, so the reads need no lock."""
    if not isinstance(lessons, QuerySet):
        lessons = [lesson.pk for lesson in lessons]
    wanted = _sources(lessons)
    changed: list[ReviewCard] = []
    for card in ReviewCard.objects.filter(lesson__in=lessons):
        source = wanted.pop((card.lesson_id, card.kind, card.key), None)
        if source is None:
            if card.is_active:
                card.is_active = False
                changed.append(card)
            continue
        if (card.front, card.back, card.order, card.is_active) != (
            source.front, source.back, source.order, True
        ):  # fmt: skip
            card.front, card.back, card.order, card.is_active = (
                source.front, source.back, source.order, True
            )  # fmt: skip
            changed.append(card)
    if not (changed or wanted):
        return
    with transaction.atomic():
        ReviewCard.objects.bulk_update(changed, ["front", "back", "order", "is_active"])
        # ignore_conflicts: another request syncing the same lesson at the same moment.
        ReviewCard.objects.bulk_create(wanted.values(), ignore_conflicts=True)


def sync_deck(*, user) -> None:
    """Bring the student's deck up to date with their lessons (authors edit in the admin)."""
    sync_cards(lessons=selectors.lessons_of(user=user))


# How long a sync is trusted at most; a student back after a day syncs once more.
SYNCED_DECK_SECONDS = 24 * 60 * 60


def _synced_key(user_id: int) -> str:
    return f"reviews:deck-synced:{user_id}"


def sync_deck_if_stale(*, user) -> None:
    """sync_deck, unless nothing it reads has changed since it last ran for this student: the
    course content (its version moves on every author's save and import) and their enrollments
    (forget_synced_deck). Four queries saved on every visit to the Review page."""
    version = content_cache.current()
    if version is not None and cache.get(_synced_key(user.pk)) == version:
        return
    sync_deck(user=user)
    if version is not None:
        cache.set(_synced_key(user.pk), version, timeout=SYNCED_DECK_SECONDS)


def forget_synced_deck(*, user_id: int) -> None:
    """The student's courses changed: sync their deck on the next visit. Now, and again after
    the change commits (a visit in between may have synced without the new course)."""
    cache.delete(_synced_key(user_id))
    transaction.on_commit(lambda: cache.delete(_synced_key(user_id)))


@transaction.atomic
def rate_card(
    *,
    user,
    card_id: int,
    rating: int,
    duration_ms: int | None = None,
    now: datetime | None = None,
) -> ReviewLog:
    """Record a rating of a card the student may review now, scheduled by FSRS.

    Raises ReviewCard.DoesNotExist when the card is not in the student's deck, NotDue when it
    is not due (already rated: a second click, a second tab), ValueError for a bad rating.
    """
    rating = Rating(int(rating))  # ValueError for anything but 1-4
    now = now or timezone.now()
    if duration_ms is not None:
        duration_ms = max(0, min(int(duration_ms), MAX_DURATION_MS))
    card = selectors.deck_of(user=user).get(pk=card_id)
    state = CardState.objects.select_for_update().filter(user=user, card=card).first()
    if state is None:
        if not selectors.due_counts(user=user, now=now).new_today:
            raise NotDue("No more new cards today.")
        state = CardState(user=user, card=card, introduced_at=now)
    elif state.due > now:
        raise NotDue("This card is not due yet.")
    due_before = state.due if state.pk else None
    lapsed = state.pk is not None and state.state == State.Review and rating == Rating.Again
    reviewed = scheduling.review(
        scheduling.to_fsrs(state if state.pk else None, now=now), rating, now=now,
        duration_ms=duration_ms,
    )  # fmt: skip
    scheduling.copy_into(state, reviewed)
    state.reps += 1
    state.lapses += int(lapsed)
    state.save()
    return ReviewLog.objects.create(
        user=user,
        card=card,
        rating=int(rating),
        reviewed_at=now,
        due_before=due_before,
        due_after=state.due,
        duration_ms=duration_ms,
    )


@transaction.atomic
def make_lesson_due(*, user, lesson_id: int, now: datetime | None = None) -> int:
    """Every active card of the lesson becomes due now for the student (those they never met
    too, whatever today's new-card allowance). Returns how many cards that is."""
    now = now or timezone.now()
    cards = list(ReviewCard.objects.filter(lesson_id=lesson_id, is_active=True))
    CardState.objects.filter(user=user, card__in=cards, due__gt=now).update(due=now)
    CardState.objects.bulk_create(
        [CardState(user=user, card=card, due=now, introduced_at=now, step=0) for card in cards],
        ignore_conflicts=True,  # those the student has met keep their state, now due
    )
    reader_cache.forget(user.pk)  # update() and bulk_create() send no signal
    return len(cards)


# Verdicts that mean the student's code misbehaved under concurrency: the lesson's ideas, again.
CONCURRENCY_VERDICTS = {Verdict.RACE_DETECTED, Verdict.DEADLOCK}


def review_after_verdict(*, submission_id: int) -> int:
    """A race or deadlock in a student's submission (a Run of the examples or a Submit) makes
    the cards of its lesson due now. Called on exercises' `submission_finished` signal."""
    submission = (
        Submission.objects.filter(pk=submission_id)
        .exclude(kind=Submission.Kind.VALIDATION)  # the reference solution, graded for authors
        .select_related("exercise", "user")
        .first()
    )
    if submission is None or submission.verdict not in CONCURRENCY_VERDICTS:
        return 0
    made_due = make_lesson_due(user=submission.user, lesson_id=submission.exercise.lesson_id)
    log.info("submission %s (%s): %s cards due now", submission_id, submission.verdict, made_due)
    return made_due
