"""Submitting through the web: who may, how often, and what a refusal looks like.

No worker runs here: these tests stop at the queued row (see test_pipeline.py for grading).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises import services
from exercises.models import Submission
from tests.code_samples import COUNTER_SOLUTION

pytestmark = pytest.mark.django_db


def submit_url(exercise):
    return reverse("exercises:submit", args=[exercise.slug])


def test_the_exercise_page_shows_the_prompt_editor_and_examples(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "thread-safe" in html and "test_one_thread_counts" in html
    assert "data-code-editor" in html and "Run examples" in html and ">Submit<" in html
    assert "test_eight_threads_lose_no_increment" not in html  # hidden tests stay hidden
    assert "_lock" not in html  # and so does the reference solution


def test_visitors_who_are_not_enrolled_see_an_invitation_not_an_editor(client, student, exercise):
    client.force_login(student)
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "Enroll to run and submit" in html and "data-code-editor" not in html


def test_submitting_queues_a_row_and_shows_it_live(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    response = client.post(
        submit_url(exercise),
        {"code": COUNTER_SOLUTION, "kind": "submit"},
        headers={"HX-Request": "true"},
    )
    submission = Submission.objects.get()
    assert (submission.user, submission.kind, submission.status) == (
        enrolled_student, "submit", "queued"
    )  # fmt: skip
    html = response.content.decode()
    assert f'hx-get="/exercises/submissions/{submission.pk}/?history=1"' in html
    assert 'hx-trigger="load delay:100ms"' in html and "Queued" in html


def test_without_javascript_submitting_redirects_to_the_submission(
    client, enrolled_student, exercise
):
    client.force_login(enrolled_student)
    response = client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "run"})
    submission = Submission.objects.get()
    assert response["Location"] == submission.get_absolute_url()
    assert submission.kind == "run"


def test_a_syntax_error_is_reported_at_once_without_any_sandbox(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    response = client.post(
        submit_url(exercise),
        {"code": "def broken(:\n    pass\n", "kind": "submit"},
        headers={"HX-Request": "true"},
    )
    submission = Submission.objects.get()
    assert (submission.status, submission.verdict) == ("done", "syntax_error")
    assert "line 1" in submission.message
    assert submission.attempts == 0  # no worker ever claimed it
    html = response.content.decode()
    assert "Syntax error" in html and "hx-trigger" not in html


def test_only_enrolled_students_may_submit(client, student, exercise):
    client.force_login(student)
    response = client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "submit"})
    assert response.status_code == 403
    assert b"Enroll in the course" in response.content
    assert not Submission.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, exercise):
    response = client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "submit"})
    assert response["Location"].startswith(reverse("accounts:login"))


def test_one_submission_in_flight_per_student(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "submit"})
    response = client.post(
        submit_url(exercise),
        {"code": COUNTER_SOLUTION, "kind": "submit"},
        headers={"HX-Request": "true"},
    )
    assert "still being graded" in response.content.decode()
    assert Submission.objects.count() == 1


def test_a_per_minute_limit_with_a_clear_message(client, enrolled_student, exercise, settings):
    settings.EXERCISE_SUBMISSIONS_PER_MINUTE = 2
    client.force_login(enrolled_student)
    for _ in range(2):
        client.post(submit_url(exercise), {"code": "x = (", "kind": "run"})  # ends at once
    response = client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "run"})
    assert response.status_code == 429
    assert b"2 times a minute" in response.content
    assert Submission.objects.count() == 2

    Submission.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert client.post(submit_url(exercise), {"code": "x = 1", "kind": "run"}).status_code == 302


def test_a_refused_submission_keeps_the_code_in_the_form(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    client.post(submit_url(exercise), {"code": COUNTER_SOLUTION, "kind": "submit"})
    mine = "class Counter:\n    pass  # my precious draft\n"
    response = client.post(submit_url(exercise), {"code": mine, "kind": "submit"})
    assert response.status_code == 409
    assert b"my precious draft" in response.content


def test_empty_code_or_a_bad_kind_is_a_clear_error(client, enrolled_student, exercise):
    client.force_login(enrolled_student)
    assert (
        b"Write some code first."
        in client.post(submit_url(exercise), {"code": "", "kind": "run"}).content
    )
    response = client.post(submit_url(exercise), {"code": "x = 1", "kind": "validation"})
    assert response.status_code == 400 and b"Choose Run or Submit." in response.content
    assert not Submission.objects.exists()


def test_oversized_code_is_refused(enrolled_student, exercise):
    with pytest.raises(services.CodeTooLarge):
        services.submit(user=enrolled_student, exercise=exercise, code="#" * 70_000)
    assert not Submission.objects.exists()


def test_a_student_sees_only_their_own_submissions(
    client, enrolled_student, other_student, exercise
):
    submission = services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    client.force_login(other_student)
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.get(f"{exercise.get_absolute_url()}?from={submission.pk}").status_code == 404
    client.force_login(enrolled_student)
    assert client.get(submission.get_absolute_url()).status_code == 200


def test_history_lists_runs_and_reopens_one_into_the_editor(client, enrolled_student, exercise):
    first = services.submit(user=enrolled_student, exercise=exercise, code="x = (  # oops")
    client.force_login(enrolled_student)
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert f"#{first.pk}" in html and "Syntax error" in html

    html = client.get(f"{exercise.get_absolute_url()}?from={first.pk}").content.decode()
    assert "data-reopened" in html and "x = (  # oops" in html


def test_an_unknown_exercise_or_submission_is_404(client, enrolled_student):
    client.force_login(enrolled_student)
    assert client.get(reverse("exercises:exercise", args=["nope"])).status_code == 404
    assert client.get(reverse("exercises:submission", args=[999999])).status_code == 404


@pytest.mark.parametrize("runs", [1, 8])
def test_the_exercise_page_uses_a_constant_number_of_queries(
    client, enrolled_student, exercise, runs, django_assert_num_queries, settings
):
    settings.EXERCISE_SUBMISSIONS_PER_MINUTE = 100
    for _ in range(runs):
        services.submit(user=enrolled_student, exercise=exercise, code="x = (")
    client.force_login(enrolled_student)
    # Session, user, exercise, enrollment, history; the navigation's cards due for review.
    with django_assert_num_queries(6):
        client.get(exercise.get_absolute_url())


def test_a_waiting_page_asks_often_at_first_and_backs_off_behind_a_queue(
    enrolled_student, exercise
):
    submission = services.submit(
        user=enrolled_student, exercise=exercise, code="x = 1", kind=Submission.Kind.SUBMIT
    )
    delays = []
    for waited in (0, 5, 30, 600):
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.now() - timedelta(seconds=waited)
        )
        submission.refresh_from_db()
        delays.append(submission.next_poll_ms)
    assert delays == [100, 300, 1000, 2000]
