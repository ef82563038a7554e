"""Pages that only read never write (an attempt out of time included); tampered answers are 400."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.bundle import save_test
from quizzes.models import Answer, Attempt
from tests.factories import make_practice_test_data
from tests.quizzes.conftest import choice, question

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def _post_answer(client, attempt, q, *, htmx: bool = True, **data):
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("quizzes:answer", args=[attempt.pk, q.pk])
    return client.post(url, data, headers=headers)


@pytest.fixture
def overdue_attempt(client, enrolled_student, lesson):
    """A timed attempt with one saved answer, whose deadline passed a second ago."""
    test = save_test(lesson, make_practice_test_data(slug="timed", time_limit_minutes=5))
    attempt = services.start_attempt(user=enrolled_student, test=test)
    services.save_answer(attempt=attempt, question=question(test, "SHORT"), text="join")
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    client.force_login(enrolled_student)
    return Attempt.objects.get(pk=attempt.pk)


def _row(attempt: Attempt) -> dict:
    return Attempt.objects.filter(pk=attempt.pk).values().get()


def test_reading_an_attempt_whose_time_ran_out_writes_nothing_and_says_time_is_up(
    client, overdue_attempt
):
    before = _row(overdue_attempt)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(overdue_attempt.get_absolute_url())

    assert response.status_code == 200
    assert _writes(queries.captured_queries) == []
    assert _row(overdue_attempt) == before  # still in_progress, not submitted, not scored
    html = response.content.decode()
    assert "Time ran out at" in html and "being scored" in html
    # No answer box, no misleading marks before the score exists.
    assert 'name="text"' not in html and "Incorrect" not in html


def test_the_test_page_shows_an_attempt_out_of_time_as_ended_without_writing(
    client, overdue_attempt
):
    before = _row(overdue_attempt)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(overdue_attempt.test.get_absolute_url()).content.decode()
    assert _writes(queries.captured_queries) == []
    assert _row(overdue_attempt) == before
    assert "Time ran out: being scored" in html
    assert "Start the test" in html and "Resume your attempt" not in html
    assert "Continue</a>" not in html and "Review</a>" in html


def test_the_periodic_task_scores_it_and_the_poll_brings_the_whole_review(client, overdue_attempt):
    from quizzes.tasks import expire_overdue_attempts

    poll = {"HX-Request": "true", "HX-Target": "attempt-review"}
    waiting = client.get(overdue_attempt.get_absolute_url(), headers=poll).content.decode()
    assert "being scored" in waiting

    assert expire_overdue_attempts() == 1
    html = client.get(overdue_attempt.get_absolute_url(), headers=poll).content.decode()
    overdue_attempt.refresh_from_db()
    assert (overdue_attempt.status, overdue_attempt.expired) == (Attempt.Status.SUBMITTED, True)
    assert 'id="attempt-review"' in html and "Time ran out: the answers saved" in html
    assert "Question 1" in html and "being scored" not in html


def test_show_my_score_now_submits_an_attempt_out_of_time_with_the_saved_answers(
    client, overdue_attempt
):
    response = client.post(reverse("quizzes:submit", args=[overdue_attempt.pk]), follow=True)
    overdue_attempt.refresh_from_db()
    assert overdue_attempt.status == Attempt.Status.SUBMITTED and overdue_attempt.expired
    assert overdue_attempt.score == 1.0  # the short answer saved in time, nothing else
    assert "Score: <strong>1 / 5</strong>" in response.content.decode()


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_is_submitted(
    client, overdue_attempt
):
    test = overdue_attempt.test
    response = _post_answer(
        client, overdue_attempt, question(test, "SINGLE"), choice=choice(test, "None-0").pk
    )
    assert response.status_code == 409 and "Time is up" in response.content.decode()
    overdue_attempt.refresh_from_db()
    assert overdue_attempt.status == Attempt.Status.SUBMITTED
    assert not Answer.objects.filter(choices__isnull=False).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("DROP TABLE", "That choice is not valid."),
        ("99999999999999999999999", "That choice does not belong to this question."),
        ("-1", "That choice does not belong to this question."),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_a_tampered_choice_id_is_a_400_with_the_reason_and_saves_nothing(
    client, enrolled_student, practice_test, value, message, htmx
):
    client.force_login(enrolled_student)
    attempt = services.start_attempt(user=enrolled_student, test=practice_test)
    response = _post_answer(
        client, attempt, question(practice_test, "SINGLE"), htmx=htmx, choice=value
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_another_questions_choice_is_a_400_and_saves_nothing(
    client, enrolled_student, practice_test
):
    client.force_login(enrolled_student)
    attempt = services.start_attempt(user=enrolled_student, test=practice_test)
    other = choice(practice_test, "Lock-0")  # a choice of the multiple-choice question
    response = _post_answer(client, attempt, question(practice_test, "SINGLE"), choice=other.pk)
    assert response.status_code == 400
    assert "does not belong to this question" in response.content.decode()
    assert not Answer.objects.exists()


def test_two_choices_on_a_true_false_question_are_a_400(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = services.start_attempt(user=enrolled_student, test=practice_test)
    q = question(practice_test, "TF")
    response = _post_answer(client, attempt, q, choice=[c.pk for c in q.choices.all()])
    assert response.status_code == 400 and "Choose only one answer." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_valid_answer_counts_once_in_the_progress_line(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = services.start_attempt(user=enrolled_student, test=practice_test)
    multi = question(practice_test, "MULTI")
    picks = [choice(practice_test, "Lock-0").pk, choice(practice_test, "Event-0").pk]
    response = _post_answer(client, attempt, multi, choice=picks)
    assert response.status_code == 200
    assert "Answered <strong>1</strong> of 4" in response.content.decode()
    _post_answer(client, attempt, question(practice_test, "SHORT"), text="   ")
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Answered <strong>1</strong> of 4" in page  # blank text is not an answer
