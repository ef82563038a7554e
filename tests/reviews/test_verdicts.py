"""Learning tied to doing: a race or a deadlock in a student's code puts the lesson's cards
back in front of them. Verdicts are recorded through the real claim and finish actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from exercises import services as exercise_services
from exercises.bundle import save_exercise
from reviews import selectors, services
from reviews.models import CardState, ReviewCard
from tests.code_samples import UNLOCKED_COUNTER
from tests.factories import make_exercise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(course):
    return save_exercise(course.lessons.get(slug="lesson-1-1"), make_exercise_data())


def graded(user, exercise, verdict, capture, *, kind="submit"):
    with capture(execute=True):  # the signal goes out after commit, as in production
        submission = exercise_services.submit(
            user=user, exercise=exercise, code=UNLOCKED_COUNTER, kind=kind
        )
        claim = exercise_services.claim(submission_id=submission.pk)
        exercise_services.finish(claim=claim, verdict=verdict, message="graded", report={})
    return submission


def learnt_everything(user):
    """The student rated every card Easy a while ago: nothing is due for days."""
    for card in selectors.deck_of(user=user):
        services.rate_card(
            user=user, card_id=card.pk, rating=4, now=timezone.now() - timedelta(hours=1)
        )
    assert selectors.due_counts(user=user).total == 0


@pytest.mark.parametrize("verdict", ["race_detected", "deadlock"])
def test_a_race_or_deadlock_makes_the_cards_of_that_lesson_due_now(
    enrolled_student, exercise, verdict, django_capture_on_commit_callbacks
):
    learnt_everything(enrolled_student)
    graded(enrolled_student, exercise, verdict, django_capture_on_commit_callbacks)

    due = CardState.objects.filter(user=enrolled_student, due__lte=timezone.now())
    assert {state.card.lesson_id for state in due} == {exercise.lesson_id}
    assert due.count() == ReviewCard.objects.filter(lesson=exercise.lesson).count() == 2
    assert selectors.due_counts(user=enrolled_student).total == 2


def test_cards_never_met_are_made_due_too_beyond_the_daily_limit(
    settings, enrolled_student, exercise, django_capture_on_commit_callbacks
):
    settings.REVIEW_NEW_CARDS_PER_DAY = 0
    graded(enrolled_student, exercise, "race_detected", django_capture_on_commit_callbacks,
           kind="run")  # fmt: skip
    assert selectors.due_counts(user=enrolled_student).due == 2


@pytest.mark.parametrize("verdict", ["accepted", "wrong_answer", "time_limit"])
def test_other_verdicts_leave_the_schedule_alone(
    enrolled_student, exercise, verdict, django_capture_on_commit_callbacks
):
    learnt_everything(enrolled_student)
    graded(enrolled_student, exercise, verdict, django_capture_on_commit_callbacks)
    assert selectors.due_counts(user=enrolled_student).total == 0


def test_another_students_race_changes_nothing_for_this_one(
    enrolled_student, other_student, course, exercise, django_capture_on_commit_callbacks
):
    from courses.services import enroll

    learnt_everything(enrolled_student)
    enroll(user=other_student, course=course)
    graded(other_student, exercise, "race_detected", django_capture_on_commit_callbacks)
    assert selectors.due_counts(user=enrolled_student).total == 0
