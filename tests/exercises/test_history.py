"""The exercise page's history: the new entry and its verdict arrive with the responses the page
already gets (out of band), and times read truthfully ("just now", "40 seconds ago")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from exercises import services
from exercises.models import Submission
from exercises.templatetags.time_tags import ago, relative_time
from tests.code_samples import COUNTER_SOLUTION

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _submit(client, exercise, kind="submit"):
    url = reverse("exercises:submit", args=[exercise.slug])
    return client.post(url, {"code": COUNTER_SOLUTION, "kind": kind}, headers=HTMX)


def _history(html: str) -> str:
    found = re.search(r'<section id="history".*?</section>', html, re.S)
    return found[0] if found else ""


def _poll_url(html: str) -> str:
    return re.search(r'hx-get="([^"]+)"', html)[1]


def _grade(submission: Submission, verdict: str) -> None:
    claim = services.claim(submission_id=submission.pk)
    assert services.finish(claim=claim, verdict=verdict, message="graded", report={})


def test_the_new_submission_appears_in_the_history_with_the_submit_response(
    client, enrolled_student, exercise
):
    client.force_login(enrolled_student)
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert 'id="history"' in page and "hidden" in _history(page)  # a place to appear in

    html = _submit(client, exercise).content.decode()
    submission = Submission.objects.get()
    history = _history(html)
    assert 'hx-swap-oob="true"' in history and "hidden" not in history
    assert f'data-submission="{submission.pk}"' in history
    assert "⏳ Queued" in history and "just now" in history


def test_the_poll_that_brings_the_verdict_brings_the_history_and_only_that_one(
    client, enrolled_student, exercise, django_assert_num_queries
):
    client.force_login(enrolled_student)
    poll_url = _poll_url(_submit(client, exercise).content.decode())
    assert poll_url.endswith("?history=1")
    submission = Submission.objects.get()

    with django_assert_num_queries(3):  # session, user, submission: no history while queued
        waiting = client.get(poll_url, headers=HTMX).content.decode()
    assert _history(waiting) == "" and "load delay:100ms" in waiting

    _grade(submission, "wrong_answer")
    final = client.get(poll_url, headers=HTMX).content.decode()
    assert "hx-trigger" not in final  # polling ends here
    history = _history(final)
    assert 'hx-swap-oob="true"' in history
    assert f'data-submission="{submission.pk}"' in history and "✗ Wrong answer" in history
    assert "Queued" not in history


def test_the_submission_pages_poll_never_carries_the_history(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    submission = services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    page = client.get(submission.get_absolute_url()).content.decode()
    poll_url = _poll_url(page)
    assert "history" not in poll_url
    _grade(submission, "accepted")
    final = client.get(poll_url, headers=HTMX).content.decode()
    assert "✓ Accepted" in final and _history(final) == ""


def test_history_times_are_a_time_element_with_the_exact_time_as_title(
    client, enrolled_student, exercise
):
    submission = services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    earlier = submission.created_at - timedelta(minutes=3)
    Submission.objects.filter(pk=submission.pk).update(created_at=earlier)
    client.force_login(enrolled_student)
    history = _history(client.get(exercise.get_absolute_url()).content.decode())
    exact = earlier.strftime("%-d %b %Y, %H:%M:%S UTC")
    assert f'<time datetime="{earlier.isoformat()}" title="{exact}" data-relative>' in history
    assert "3 minutes ago</time>" in history and "0 minutes" not in history


NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds_before", "words"),
    [
        (-5, "just now"),  # a clock slightly ahead never reads "in the future"
        (0, "just now"),
        (9, "just now"),
        (10, "10 seconds ago"),
        (40, "40 seconds ago"),
        (60, "1 minute ago"),
        (3 * 60 + 59, "3 minutes ago"),
        (3600, "1 hour ago"),
        (5 * 3600, "5 hours ago"),
        (86400, "1 day ago"),
        (6 * 86400, "6 days ago"),
        (8 * 86400, "on 19 Nov 2026"),
    ],
)
def test_relative_times_read_as_a_person_would_say_them(seconds_before, words):
    assert ago(NOW - timedelta(seconds=seconds_before), now=NOW) == words


def test_no_time_renders_nothing():
    assert relative_time(None) == ""
