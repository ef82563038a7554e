"""The navigation's count of cards due for review is kept between pages (reviews/selectors.py,
due_count) and still tells the truth: it changes at once when the student rates a card, enrolls
or leaves a course, or writes a race, and when a card falls due with no write at all."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises import services as exercise_services
from exercises.bundle import save_exercise
from reviews import selectors, services
from reviews.models import ReviewCard
from tests.code_samples import UNLOCKED_COUNTER
from tests.factories import make_exercise_data

pytestmark = pytest.mark.django_db

PAGE = reverse("my_learning")  # any page with the navigation


def nav_count(client) -> int:
    """The number a student sees beside Review in the navigation (0: no badge)."""
    html = client.get(PAGE).content.decode()
    badge = re.search(r'id="nav-review-count"> <span class="badge nav-count">(\d+)<', html)
    return int(badge[1]) if badge else 0


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)
    return sum("reviews_reviewcard" in q["sql"] for q in queries.captured_queries)


def test_the_count_is_kept_between_pages(client, enrolled_student):
    client.force_login(enrolled_student)
    assert nav_count(client) == 4
    assert count_queries(client) == 0  # kept: no counting query on the next page


def test_rating_a_card_shows_in_the_count_at_once(client, enrolled_student):
    client.force_login(enrolled_student)
    assert nav_count(client) == 4
    card = selectors.deck_of(user=enrolled_student).first()
    client.post(reverse("reviews:rate"), {"card": card.pk, "rating": 4})  # Easy: days away
    assert nav_count(client) == 3


def test_a_card_falling_due_shows_with_no_write_at_all(client, enrolled_student, monkeypatch):
    monkeypatch.setattr(selectors, "NAV_COUNT_SECONDS", 3600)  # only the card's time counts
    client.force_login(enrolled_student)
    card = selectors.deck_of(user=enrolled_student).first()
    client.post(reverse("reviews:rate"), {"card": card.pk, "rating": 1})  # Again: minutes away
    assert nav_count(client) == 3
    later = timezone.now() + timedelta(minutes=15)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert nav_count(client) == 4


def test_enrolling_and_leaving_show_in_the_count_at_once(client, student, course):
    client.force_login(student)
    assert nav_count(client) == 0
    client.post(reverse("courses:enroll", args=[course.slug]))
    assert nav_count(client) == 4
    client.post(reverse("courses:unenroll", args=[course.slug]))
    assert nav_count(client) == 0


def test_a_race_in_the_students_code_shows_in_the_count_at_once(
    client, enrolled_student, course, django_capture_on_commit_callbacks
):
    client.force_login(enrolled_student)
    for card in selectors.deck_of(user=enrolled_student):
        client.post(reverse("reviews:rate"), {"card": card.pk, "rating": 4})
    assert nav_count(client) == 0
    exercise = save_exercise(course.lessons.get(slug="lesson-1-1"), make_exercise_data())
    with django_capture_on_commit_callbacks(execute=True):  # as the worker's commit would
        submission = exercise_services.submit(
            user=enrolled_student, exercise=exercise, code=UNLOCKED_COUNTER, kind="submit"
        )
        claim = exercise_services.claim(submission_id=submission.pk)
        exercise_services.finish(claim=claim, verdict="race_detected", message="", report={})
    assert nav_count(client) == ReviewCard.objects.filter(lesson=exercise.lesson).count() == 2


def test_a_count_made_while_a_rating_commits_is_never_kept(client, enrolled_student, monkeypatch):
    """The page counts the old states; the rating (its forget) lands before the page stores the
    count: the next page must not believe that count."""
    client.force_login(enrolled_student)
    card = selectors.deck_of(user=enrolled_student).first()
    count_old_states = selectors.due_counts

    def counted_while_a_rating_commits(**kwargs):
        counts = count_old_states(**kwargs)
        monkeypatch.setattr(selectors, "due_counts", count_old_states)  # the rating counts too
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=4)
        return counts

    monkeypatch.setattr(selectors, "due_counts", counted_while_a_rating_commits)
    assert nav_count(client) == 4  # what that page counted
    assert nav_count(client) == 3
