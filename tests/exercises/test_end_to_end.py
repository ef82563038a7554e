"""Submit through the web, grade on a real worker in the real sandbox, watch the verdict arrive."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.services import enroll
from exercises import services
from exercises.bundle import save_exercise
from exercises.models import Submission
from tests.code_samples import (
    COUNTER_SOLUTION,
    DEADLOCKING_TRANSFER,
    ORDERED_TRANSFER,
    UNLOCKED_COUNTER,
)
from tests.conftest import wait_for
from tests.factories import make_transfer_exercise_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def student_client(client, enrolled_student):
    client.force_login(enrolled_student)
    return client


def submit_and_watch(client, exercise, code, *, kind="submit", timeout=60):
    """Post like the page does, then poll the fragment like htmx does until polling stops."""
    response = client.post(
        reverse("exercises:submit", args=[exercise.slug]),
        {"code": code, "kind": kind},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content
    fragments = [response.content.decode()]

    def verdict_is_in():
        html = fragments[-1]
        if "hx-trigger" not in html:
            return html
        poll_url = re.search(r'hx-get="([^"]+)"', html)[1]
        fragments.append(client.get(poll_url, headers={"HX-Request": "true"}).content.decode())
        return None

    final = wait_for(verdict_is_in, timeout=timeout, interval=0.1, message="the verdict")
    return Submission.objects.latest("id"), final, fragments


def test_a_correct_solution_is_accepted_live(celery_worker_process, student_client, exercise):
    submission, final, fragments = submit_and_watch(student_client, exercise, COUNTER_SOLUTION)
    assert submission.verdict == "accepted", submission.message
    assert "Accepted" in final and 'data-verdict="accepted"' in final
    assert any("Queued" in f or "Running" in f for f in fragments)  # it really was live
    assert submission.attempts == 1 and submission.finished_at <= timezone.now()
    # The response with the verdict updates the page's history too (out of band).
    history = final[final.index('<section id="history"') :]
    assert 'hx-swap-oob="true"' in history and f"#{submission.pk}</a>" in history
    assert "✓ Accepted" in history


def test_a_wrong_answer(celery_worker_process, student_client, exercise):
    wrong = COUNTER_SOLUTION.replace("self.value += 1", "self.value += 2")
    submission, final, _ = submit_and_watch(student_client, exercise, wrong)
    assert submission.verdict == "wrong_answer", submission.message
    assert "Wrong answer" in final and "test_one_thread_counts" in final


def test_an_unlocked_counter_is_caught_as_a_race(celery_worker_process, student_client, exercise):
    submission, final, _ = submit_and_watch(student_client, exercise, UNLOCKED_COUNTER)
    assert submission.verdict == "race_detected", submission.message
    assert "Race detected" in final
    # Which forced schedule failed, to replay it.
    assert re.search(r"forced thread schedule \d+ \(seed \d+\)", submission.message)
    # The bug first, its schedule as a timeline, and the racing line marked in the editor.
    assert "Lost update</h4>" in final and "<code>self.value</code>" in final
    assert "The failing schedule, step by step" in final
    assert 'data-editor-marks="[{&quot;line&quot;: 6,' in final


def test_a_lock_order_inversion_in_a_transfer_is_a_deadlock(
    celery_worker_process, student_client, course
):
    exercise = save_exercise(course.lessons.get(), make_transfer_exercise_data())
    submission, final, _ = submit_and_watch(student_client, exercise, DEADLOCKING_TRANSFER)
    assert submission.verdict == "deadlock", submission.message
    # Which thread waits on which lock, where, and who holds it — in the page, not only the row.
    assert "In <code>test_opposite_transfers_all_finish_and_keep_the_total</code>" in final
    assert "held by Thread-" in final and "solution.py:12" in final
    assert "Lock-order warnings (1)" in final

    submission, final, _ = submit_and_watch(student_client, exercise, ORDERED_TRANSFER)
    assert submission.verdict == "accepted", submission.message


def test_an_endless_loop_hits_the_time_limit(celery_worker_process, student_client, exercise):
    looping = COUNTER_SOLUTION + "\nwhile True:\n    pass\n"
    exercise.wall_seconds = exercise.cpu_seconds = 3
    exercise.save()
    submission, final, _ = submit_and_watch(student_client, exercise, looping)
    assert submission.verdict == "time_limit", submission.message
    assert "Time limit" in final


def test_a_syntax_error_never_reaches_the_worker(celery_worker_process, student_client, exercise):
    submission, final, _ = submit_and_watch(student_client, exercise, "class Counter(:\n")
    assert submission.verdict == "syntax_error" and submission.attempts == 0
    assert "line 1" in final


def test_run_uses_only_the_visible_examples(celery_worker_process, student_client, exercise):
    # The unlocked counter passes the single-threaded example: Run says Accepted.
    submission, _, _ = submit_and_watch(student_client, exercise, UNLOCKED_COUNTER, kind="run")
    assert submission.kind == "run" and submission.verdict == "accepted", submission.message


def test_the_same_task_delivered_twice_grades_once(
    celery_worker_process, enrolled_student, exercise
):
    from exercises.tasks import grade_submission

    submission = services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    duplicate = grade_submission.delay(submission.pk)  # as a redelivery would
    wait_for(lambda: Submission.objects.get(pk=submission.pk).status == "done", timeout=60)
    assert duplicate.get(timeout=30) in (None, "accepted")
    submission.refresh_from_db()
    assert submission.attempts == 1 and submission.verdict == "accepted"


def test_the_admin_validates_a_reference_solution_through_the_grader(
    celery_worker_process, client, staff, exercise
):
    client.force_login(staff)
    response = client.post(
        reverse("admin:exercises_exercise_changelist"),
        {"action": "validate", "_selected_action": [exercise.pk]},
    )
    assert response.status_code == 302

    def validated():
        exercise.refresh_from_db()
        return exercise.validated_at

    wait_for(validated, timeout=60)
    assert exercise.validation_verdict == "accepted", exercise.validation_message
    page = client.get(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
    assert b"accepted" in page.content


def test_a_hostile_submission_is_contained_and_the_worker_grades_the_next_one(
    celery_worker_process, student_client, exercise
):
    fork_bomb = COUNTER_SOLUTION + "\nimport os\nwhile True:\n    os.fork()\n"
    submission, _, _ = submit_and_watch(student_client, exercise, fork_bomb)
    assert submission.verdict in {"runtime_error", "time_limit"}, submission.message
    assert celery_worker_process.poll() is None
    submission, _, _ = submit_and_watch(student_client, exercise, COUNTER_SOLUTION)
    assert submission.verdict == "accepted"


def test_enrollment_is_checked_before_anything_runs(
    celery_worker_process, client, other_student, exercise
):
    client.force_login(other_student)
    response = client.post(
        reverse("exercises:submit", args=[exercise.slug]),
        {"code": COUNTER_SOLUTION, "kind": "submit"},
        headers={"HX-Request": "true"},
    )
    assert "Enroll in the course" in response.content.decode()
    enroll(user=other_student, course=exercise.lesson.course)
    submission, _, _ = submit_and_watch(client, exercise, COUNTER_SOLUTION)
    assert submission.verdict == "accepted"
