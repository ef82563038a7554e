"""The submission state machine: guarded claims and finishes, and the reaper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from exercises import services
from exercises.models import Exercise, Submission
from exercises.services import worker
from exercises.tasks import grade_submission
from tests.code_samples import COUNTER_SOLUTION

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(enrolled_student, exercise):
    return services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)


def test_only_one_worker_can_claim_a_submission(queued):
    first = services.claim(submission_id=queued.pk)
    assert first is not None and first.attempt == 1
    assert services.claim(submission_id=queued.pk) is None  # a duplicate delivery does nothing
    queued.refresh_from_db()
    assert queued.status == "running" and queued.deadline_at > timezone.now()


def test_a_vanished_submission_is_not_an_error(db):
    assert services.claim(submission_id=424242) is None


def test_finishing_twice_records_the_first_verdict_only(queued):
    current = services.claim(submission_id=queued.pk)
    assert services.finish(claim=current, verdict="accepted", message="ok", report={})
    assert not services.finish(claim=current, verdict="wrong_answer", message="no", report={})
    queued.refresh_from_db()
    assert (queued.status, queued.verdict) == ("done", "accepted")


def test_a_reaped_then_reclaimed_grading_ignores_the_stale_worker(queued):
    stale = services.claim(submission_id=queued.pk)
    later = timezone.now() + timedelta(hours=1)
    assert services.reap_stuck_submissions(now=later)["requeued"] == 1
    fresh = services.claim(submission_id=queued.pk)
    assert fresh.attempt == 2
    # The first worker wakes up and reports: too late, its claim is stale.
    assert not services.finish(claim=stale, verdict="wrong_answer", message="", report={})
    assert services.finish(claim=fresh, verdict="accepted", message="", report={})
    queued.refresh_from_db()
    assert queued.verdict == "accepted"


def test_the_reaper_fails_a_grading_lost_too_often_as_internal_error(queued):
    for _ in range(services.MAX_ATTEMPTS):
        services.claim(submission_id=queued.pk)
        services.reap_stuck_submissions(now=timezone.now() + timedelta(hours=1))
    queued.refresh_from_db()
    assert (queued.status, queued.verdict) == ("done", "internal_error")
    assert "does not count against you" in queued.message


def test_the_reaper_leaves_healthy_gradings_alone(queued):
    services.claim(submission_id=queued.pk)
    assert services.reap_stuck_submissions() == {"failed": 0, "requeued": 0, "resent": 0}
    queued.refresh_from_db()
    assert queued.status == "running"


def test_the_reaper_resends_submissions_whose_message_was_lost(queued):
    Submission.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.reap_stuck_submissions()["resent"] == 1


def test_an_unavailable_sandbox_gives_the_submission_back(queued):
    current = services.claim(submission_id=queued.pk)
    assert services.release(claim=current)
    queued.refresh_from_db()
    assert queued.status == "queued" and queued.verdict == ""

    services.fail_unavailable(submission_id=queued.pk)
    queued.refresh_from_db()
    assert queued.verdict == "internal_error" and "try again" in queued.message


def test_a_validation_verdict_lands_on_the_exercise(staff, exercise):
    [submission] = services.validate_exercises(exercises=[exercise], requested_by=staff)
    assert Exercise.objects.get(pk=exercise.pk).validation_verdict == "pending"
    current = services.claim(submission_id=submission.pk)
    services.finish(claim=current, verdict="accepted", message="All tests passed.", report={})
    exercise.refresh_from_db()
    assert exercise.validation_verdict == "accepted" and exercise.validated_at


def test_live_progress_travels_through_redis_to_the_polled_fragment(client, queued):
    current = services.claim(submission_id=queued.pk)
    publish = worker._progress_publisher(queued.pk)
    publish({"event": "progress", "phase": "schedules", "test": "test_x", "schedule": 3,
             "schedules": 20})  # fmt: skip
    assert services.progress_of(submission_id=queued.pk)["schedule"] == 3
    client.force_login(queued.user)
    html = client.get(queued.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "forced schedule 3 of 20 (test_x)" in html and 'hx-trigger="load delay:100ms"' in html

    services.finish(claim=current, verdict="accepted", message="ok", report={})
    assert services.progress_of(submission_id=queued.pk) is None
    html = client.get(queued.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html  # polling stops once the verdict is in


def test_saving_an_exercise_in_the_admin_sends_its_reference_solution_to_the_grader(
    client, staff, exercise, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from exercises.bundle import FIELDS, LIMIT_FIELDS

    client.force_login(staff)
    data = {name: getattr(exercise, name) for name in FIELDS + LIMIT_FIELDS}
    data |= {"lesson": exercise.lesson_id, "order": 0, "validate_on_save": "on"}
    sent = []
    with pytest.MonkeyPatch.context() as patch:
        # The worker is tested elsewhere: the message stops at the broker's door.
        patch.setattr(celery_app, "send_task", lambda name, args: sent.append((name, args)))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:exercises_exercise_change", args=[exercise.pk]), data
            )
    assert response.status_code == 302, response.content
    validation = Submission.objects.get(kind="validation")
    exercise.refresh_from_db()
    assert validation.code == exercise.reference_solution
    assert sent == [(grade_submission.name, [validation.pk])]
    assert exercise.validation_verdict == "pending"
