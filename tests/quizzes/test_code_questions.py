"""Code questions are graded by the real grader on a real worker; the attempt waits for them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from quizzes.models import Attempt
from tests.code_samples import COUNTER_SOLUTION, UNLOCKED_COUNTER
from tests.conftest import wait_for
from tests.factories import make_exercise_data, make_practice_test_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def code_test(lesson):
    exercise = save_exercise(lesson, make_exercise_data())
    data = make_practice_test_data(slug="with-code")
    data["questions"].append(
        {"kind": "code", "prompt": "CODE: write the Counter.", "explanation": "EXPLAIN-CODE",
         "points": 3, "exercise": exercise.slug}
    )  # fmt: skip
    return save_test(lesson, data)


@pytest.mark.parametrize(
    ("code", "verdict", "score"),
    [(COUNTER_SOLUTION, "accepted", 3.0), (UNLOCKED_COUNTER, "race_detected", 0.0)],
)
def test_an_attempt_waits_for_its_code_verdict_then_scores_it(
    celery_worker_process, client, enrolled_student, code_test, code, verdict, score
):
    client.force_login(enrolled_student)
    client.post(reverse("quizzes:start", args=[code_test.slug]))
    attempt = Attempt.objects.get()
    code_question = code_test.questions.get(kind="code")
    client.post(reverse("quizzes:answer", args=[attempt.pk, code_question.pk]), {"text": code})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))

    waiting = client.get(attempt.get_absolute_url()).content.decode()
    assert "Waiting for the grader" in waiting or "Score:" in waiting

    def finished():
        attempt.refresh_from_db()
        return attempt.status == "submitted"

    wait_for(finished, timeout=60, message="the attempt to be scored")
    assert attempt.score == score
    answer = attempt.answers.get(question=code_question)
    assert answer.submission.verdict == verdict
    review = client.get(attempt.get_absolute_url()).content.decode()
    assert "EXPLAIN-CODE" in review and answer.submission.get_verdict_display() in review
