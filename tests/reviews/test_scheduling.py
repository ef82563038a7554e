"""FSRS through the real fsrs package: our rows hold exactly what its Scheduler computes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from courses.bundle import import_bundle
from courses.models import GlossaryTerm, KeyConcept
from reviews import selectors, services
from reviews.models import CardState, ReviewCard, ReviewLog
from reviews.scheduling import describe
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def first_card(user):
    return selectors.deck_of(user=user).order_by("lesson__number", "order").first()


@pytest.mark.parametrize("rating", [1, 2, 3, 4])
def test_a_first_rating_schedules_the_card_as_the_fsrs_scheduler_does(enrolled_student, rating):
    card = first_card(enrolled_student)
    log = services.rate_card(user=enrolled_student, card_id=card.pk, rating=rating, now=MONDAY)

    expected, _ = Scheduler(desired_retention=0.9, enable_fuzzing=False).review_card(
        Card(card_id=0, due=MONDAY), Rating(rating), review_datetime=MONDAY
    )
    state = CardState.objects.get(user=enrolled_student, card=card)
    assert state.due == expected.due == log.due_after
    assert (state.state, state.step) == (int(expected.state), expected.step)
    assert state.stability == pytest.approx(expected.stability)
    assert state.difficulty == pytest.approx(expected.difficulty)
    assert (log.rating, log.reviewed_at, log.due_before) == (rating, MONDAY, None)


def test_a_run_of_ratings_over_weeks_follows_the_scheduler_step_by_step(enrolled_student):
    card = first_card(enrolled_student)
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    expected = Card(card_id=0, due=MONDAY)
    for rating in [Rating.Good, Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy]:
        when = expected.due  # each review exactly when due
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=rating, now=when)
        expected, _ = scheduler.review_card(expected, rating, review_datetime=when)
        state = CardState.objects.get(user=enrolled_student, card=card)
        assert state.due == expected.due
        assert state.stability == pytest.approx(expected.stability)
    assert state.due - MONDAY > timedelta(days=20)  # it did grow into a long interval
    assert state.lapses == 1  # the Again came in Review state
    assert ReviewLog.objects.filter(user=enrolled_student).count() == 6


def test_the_desired_retention_is_a_setting(settings, enrolled_student):
    settings.REVIEW_DESIRED_RETENTION = 0.8
    card = first_card(enrolled_student)
    for when in (MONDAY, MONDAY + timedelta(minutes=10)):
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=3, now=when)
    scheduler = Scheduler(desired_retention=0.8, enable_fuzzing=False)
    expected, _ = scheduler.review_card(Card(card_id=0, due=MONDAY), Rating.Good, MONDAY)
    expected, _ = scheduler.review_card(expected, Rating.Good, MONDAY + timedelta(minutes=10))
    state = CardState.objects.get(card=card)
    assert state.due == expected.due
    default, _ = Scheduler(enable_fuzzing=False).review_card(
        Card(card_id=0, due=MONDAY), Rating.Good, MONDAY
    )
    default, _ = Scheduler(enable_fuzzing=False).review_card(
        default, Rating.Good, MONDAY + timedelta(minutes=10)
    )
    assert state.due > default.due  # lower retention, longer intervals


def test_each_button_shows_the_interval_that_rating_then_gives(enrolled_student):
    card = first_card(enrolled_student)
    for when in (MONDAY, MONDAY + timedelta(minutes=10)):
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=3, now=when)
    state = CardState.objects.get(card=card)
    later = state.due + timedelta(hours=1)
    pick = selectors.Pick(card=card, state=state)
    shown = {c.rating: c.interval for c in selectors.choices_for(pick, now=later)}
    for rating in (1, 2, 3, 4):
        fresh = CardState.objects.get(pk=state.pk)  # the state before this rating
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=rating, now=later)
        after = CardState.objects.get(pk=state.pk)
        assert describe(after.due - later) == shown[rating]
        CardState.objects.filter(pk=state.pk).update(
            state=fresh.state, step=fresh.step, stability=fresh.stability,
            difficulty=fresh.difficulty, due=fresh.due, last_review=fresh.last_review,
        )  # fmt: skip


def test_rating_a_card_that_is_not_due_changes_nothing(enrolled_student):
    card = first_card(enrolled_student)
    services.rate_card(user=enrolled_student, card_id=card.pk, rating=4, now=MONDAY)
    before = CardState.objects.get(card=card)
    with pytest.raises(services.NotDue):
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=1, now=MONDAY)
    assert CardState.objects.get(card=card).due == before.due
    assert ReviewLog.objects.count() == 1


def test_new_cards_stop_at_the_daily_limit(settings, enrolled_student):
    settings.REVIEW_NEW_CARDS_PER_DAY = 2
    cards = list(selectors.deck_of(user=enrolled_student))
    assert selectors.due_counts(user=enrolled_student).total == 2  # four new, two today
    for card in cards[:2]:
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=4)
    assert selectors.due_counts(user=enrolled_student).new_today == 0
    with pytest.raises(services.NotDue):
        services.rate_card(user=enrolled_student, card_id=cards[2].pk, rating=3)


def test_a_card_outside_the_students_courses_cannot_be_rated(student, course):
    card = ReviewCard.objects.filter(lesson__course=course).first()
    with pytest.raises(ReviewCard.DoesNotExist):
        services.rate_card(user=student, card_id=card.pk, rating=3)  # not enrolled
    assert not CardState.objects.exists()


def test_cards_and_their_schedules_survive_a_re_import_of_the_course(enrolled_student, course):
    card = first_card(enrolled_student)
    services.rate_card(user=enrolled_student, card_id=card.pk, rating=3, now=MONDAY)
    bundle = make_bundle(chapters=1, lessons_per_chapter=2, items=2)
    lesson = bundle["chapters"][0]["lessons"][0]
    lesson["flashcards"][0]["back"] = "A better answer"  # the same question, a new answer
    lesson["flashcards"][1]["front"] = "A different question"
    import_bundle(bundle, replace=True)

    card.refresh_from_db()
    assert card.is_active and card.back == "A better answer"
    assert CardState.objects.get(card=card).last_review == MONDAY  # the schedule survived
    fronts = set(ReviewCard.objects.filter(lesson=card.lesson, is_active=True).values_list(
        "front", flat=True))  # fmt: skip
    assert fronts == {card.front, "A different question"}
    assert ReviewCard.objects.filter(lesson=card.lesson, is_active=False).count() == 1


def test_ticked_concepts_and_glossary_terms_become_cards_when_the_deck_syncs(
    enrolled_student, course
):
    lesson = course.lessons.first()
    KeyConcept.objects.filter(lesson=lesson, term="Term 0").update(in_review=True)
    GlossaryTerm.objects.filter(lesson=lesson, term="Word 1").update(in_review=True)
    services.sync_deck(user=enrolled_student)
    kinds = dict(
        ReviewCard.objects.filter(lesson=lesson, is_active=True)
        .exclude(kind="flashcard")
        .values_list("front", "kind")
    )
    assert kinds == {"Term 0": "concept", "Word 1": "term"}
    KeyConcept.objects.filter(lesson=lesson).update(in_review=False)
    services.sync_deck(user=enrolled_student)
    assert not ReviewCard.objects.get(lesson=lesson, front="Term 0").is_active


def test_ticked_concepts_and_terms_survive_an_export_and_re_import(enrolled_student, course):
    from courses.bundle import export_course

    lesson = course.lessons.first()
    KeyConcept.objects.filter(lesson=lesson, term="Term 1").update(in_review=True)
    GlossaryTerm.objects.filter(lesson=lesson, term="Word 0").update(in_review=True)
    services.sync_deck(user=enrolled_student)
    concept = ReviewCard.objects.get(lesson=lesson, kind="concept")
    services.rate_card(user=enrolled_student, card_id=concept.pk, rating=3, now=MONDAY)

    import_bundle(export_course(course), replace=True)

    ticked = {
        *KeyConcept.objects.filter(in_review=True).values_list("term", flat=True),
        *GlossaryTerm.objects.filter(in_review=True).values_list("term", flat=True),
    }
    assert ticked == {"Term 1", "Word 0"}
    concept.refresh_from_db()
    assert concept.is_active and CardState.objects.filter(card=concept).exists()
    assert ReviewCard.objects.get(lesson=lesson, kind="term").front == "Word 0"
