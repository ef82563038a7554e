"""One grading limit for every way code reaches the grader: the exercise page (Run examples and
Submit), practice-test code answers and the admin's validation of reference solutions.

No worker runs here: a grading stays queued (in flight) until the test says otherwise.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from config.celery import app as celery_app
from exercises import services
from exercises.bundle import save_exercise
from exercises.models import Exercise, Submission
from quizzes.bundle import save_test
from quizzes.models import Answer, Attempt
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_exercise_data, make_practice_test_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def code_test(exercise):
    """A practice test with unlimited attempts and one code question on `exercise`."""
    data = make_practice_test_data(slug="code-only", questions=0)
    data["questions"].append(
        {"kind": "code", "prompt": "CODE: write the Counter.", "explanation": "",
         "points": 3, "exercise": exercise.slug}
    )  # fmt: skip
    return save_test(exercise.lesson, data)


def take_and_submit(client, test, code):
    """Start (or resume) an attempt, answer its code question, submit: the way a student does."""
    client.post(reverse("quizzes:start", args=[test.slug]))
    attempt = Attempt.objects.get(test=test, status="in_progress")
    question = test.questions.get(kind="code")
    client.post(reverse("quizzes:answer", args=[attempt.pk, question.pk]), {"text": code})
    return attempt, client.post(reverse("quizzes:submit", args=[attempt.pk]))


def run(client, exercise, code=COUNTER_SOLUTION, kind="run"):
    return client.post(
        reverse("exercises:submit", args=[exercise.slug]), {"code": code, "kind": kind}
    )


def test_practice_test_code_answers_queue_one_grading_at_a_time(
    client, enrolled_student, code_test
):
    # The report in issue 10: start -> answer -> submit, over and over, on unlimited attempts.
    client.force_login(enrolled_student)
    first, response = take_and_submit(client, code_test, COUNTER_SOLUTION)
    assert response.status_code == 302
    for _ in range(5):
        attempt, response = take_and_submit(client, code_test, COUNTER_SOLUTION)
        assert response.status_code == 409
        assert "The attempt is not submitted yet" in response.content.decode()
        assert "still being graded" in response.content.decode()
    assert Submission.objects.count() == 1
    first.refresh_from_db()
    attempt.refresh_from_db()
    assert first.status == "grading" and attempt.status == "in_progress"
    # The refused submit wrote nothing: no score, no link to a grading.
    assert attempt.answers.get().submission is None and attempt.submitted_at is None


def test_practice_test_code_answers_count_towards_the_per_minute_limit(
    client, enrolled_student, code_test, settings
):
    settings.EXERCISE_SUBMISSIONS_PER_MINUTE = 2
    client.force_login(enrolled_student)
    for _ in range(2):  # a syntax error is graded at once, so nothing stays in flight
        _, response = take_and_submit(client, code_test, "x = (")
        assert response.status_code == 302
    attempt, response = take_and_submit(client, code_test, "x = (")
    assert response.status_code == 429
    assert "2 times a minute" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and Submission.objects.count() == 2


def test_a_practice_test_in_flight_holds_back_runs_on_the_exercise_page(
    client, enrolled_student, code_test, exercise
):
    client.force_login(enrolled_student)
    take_and_submit(client, code_test, COUNTER_SOLUTION)
    response = run(client, exercise, kind="run")
    assert response.status_code == 409 and b"still being graded" in response.content
    response = run(client, exercise, kind="submit")
    assert response.status_code == 409
    assert Submission.objects.count() == 1


def test_a_run_in_flight_holds_back_a_practice_test_submission(
    client, enrolled_student, code_test, exercise
):
    client.force_login(enrolled_student)
    assert run(client, exercise, kind="run").status_code == 302
    attempt, response = take_and_submit(client, code_test, COUNTER_SOLUTION)
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    assert list(Submission.objects.values_list("kind", flat=True)) == ["run"]


def test_a_practice_test_without_code_answers_is_never_held_back(
    client, enrolled_student, code_test, exercise
):
    client.force_login(enrolled_student)
    run(client, exercise)
    attempt, response = take_and_submit(client, code_test, "   ")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 0


def test_the_clock_submits_an_overdue_attempt_even_while_a_run_is_in_flight(
    enrolled_student, code_test, exercise
):
    from datetime import timedelta

    from django.utils import timezone

    from quizzes import services as quiz_services

    attempt = quiz_services.start_attempt(user=enrolled_student, test=code_test)
    quiz_services.save_answer(
        attempt=attempt, question=code_test.questions.get(), text=COUNTER_SOLUTION
    )
    services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    assert quiz_services.expire_overdue_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.status == "grading" and attempt.expired
    assert Submission.objects.count() == 2


def test_a_student_submitting_once_time_is_up_is_never_refused(
    client, enrolled_student, code_test, exercise
):
    # The page's countdown submits at zero; a refusal would have it submit again and again.
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(enrolled_student)
    client.post(reverse("quizzes:start", args=[code_test.slug]))
    attempt = Attempt.objects.get()
    question = code_test.questions.get()
    client.post(
        reverse("quizzes:answer", args=[attempt.pk, question.pk]), {"text": COUNTER_SOLUTION}
    )
    run(client, exercise)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))

    response = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "grading" and attempt.expired
    assert Submission.objects.count() == 2


@pytest.fixture
def second_exercise(exercise):
    return save_exercise(exercise.lesson, make_exercise_data(slug="second-counter"))


def validate(client, *exercises):
    return client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "validate", "_selected_action": [e.pk for e in exercises]},
        follow=True,
    )


def test_the_admin_validates_several_exercises_as_one_request(
    client, staff, exercise, second_exercise
):
    client.force_login(staff)
    response = validate(client, exercise, second_exercise)
    assert "Sent 2 reference solution(s) to the grader" in response.content.decode()
    assert Submission.objects.filter(kind="validation").count() == 2
    assert set(Exercise.objects.values_list("validation_verdict", flat=True)) == {"pending"}


def test_admin_validation_is_held_back_by_the_same_limit(client, staff, exercise, second_exercise):
    client.force_login(staff)
    validate(client, exercise)
    Exercise.objects.filter(pk=exercise.pk).update(validation_verdict="accepted")

    response = validate(client, exercise, second_exercise)
    html = response.content.decode()
    assert "Nothing was sent to the grader" in html and "still being graded" in html
    assert Submission.objects.count() == 1
    # A refused request changes no exercise either.
    assert Exercise.objects.get(pk=exercise.pk).validation_verdict == "accepted"
    assert Exercise.objects.get(pk=second_exercise.pk).validation_verdict == ""


def test_saving_with_validation_while_one_is_in_flight_saves_but_sends_nothing(
    client, staff, exercise
):
    from exercises.bundle import FIELDS, LIMIT_FIELDS

    client.force_login(staff)
    validate(client, exercise)
    data = {name: getattr(exercise, name) for name in FIELDS + LIMIT_FIELDS}
    data |= {"lesson": exercise.lesson_id, "order": 0, "validate_on_save": "on"}
    data["title"] = "Renamed"
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), data, follow=True
    )
    assert "Nothing was sent to the grader" in response.content.decode()
    assert Exercise.objects.get(pk=exercise.pk).title == "Renamed"
    assert Submission.objects.count() == 1


def test_a_syntax_error_in_a_reference_solution_lands_on_the_exercise_at_once(
    client, staff, exercise
):
    Exercise.objects.filter(pk=exercise.pk).update(reference_solution="def broken(:\n")
    client.force_login(staff)
    validate(client, Exercise.objects.get(pk=exercise.pk))
    exercise.refresh_from_db()
    assert exercise.validation_verdict == "syntax_error" and exercise.validated_at


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_through_every_way_in_queue_one_grading(
    enrolled_student, code_test, exercise, monkeypatch
):
    # Real concurrency: each request on its own thread and database connection.
    monkeypatch.setattr(celery_app, "send_task", lambda *args, **kwargs: None)
    from quizzes import services as quiz_services

    attempt = quiz_services.start_attempt(user=enrolled_student, test=code_test)
    quiz_services.save_answer(
        attempt=attempt, question=code_test.questions.get(), text=COUNTER_SOLUTION
    )
    requests = [
        ("quizzes:submit", [attempt.pk], {}),
        *[("exercises:submit", [exercise.slug], {"code": COUNTER_SOLUTION, "kind": kind})
          for kind in ["run", "submit"] * 4],
    ]  # fmt: skip
    statuses = []
    barrier = threading.Barrier(len(requests))

    def send(name, args, data):
        client = Client()
        client.force_login(enrolled_student)
        barrier.wait()
        try:
            statuses.append(client.post(reverse(name, args=args), data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses).count(302) == 1, statuses
    assert set(statuses) == {302, 409}
    assert Submission.objects.count() == 1
    answered = Answer.objects.filter(submission__isnull=False).count()
    assert answered == (1 if Attempt.objects.get().status == "grading" else 0)
