"""A grading whose worker vanished comes back within seconds, is graded once, and the reaper keeps
its beat whatever the backlog: real worker processes, beat and the reaper on their own queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from courses.services import enroll
from exercises import services
from exercises.models import Submission
from exercises.services.reaper import reaper_last_run
from tests.code_samples import COUNTER_SOLUTION
from tests.conftest import WorkerProcess, wait_for, worker_database_url
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Keeps a grading busy for real seconds in its plain run. Not a sleep: a plain run skips a wait
# that nothing else could end early (the harness's warp), so a sleeping solution is quick.
SLOW = COUNTER_SOLUTION + (
    "\nimport time\n_until = time.monotonic() + 3\nwhile time.monotonic() < _until:\n    pass\n"
)


def running(submission: Submission) -> bool:
    return Submission.objects.get(pk=submission.pk).status == "running"


def done(submission: Submission) -> Submission | None:
    submission = Submission.objects.get(pk=submission.pk)
    return submission if submission.status == "done" else None


def test_a_worker_killed_mid_grade_grades_again_soon_after_it_is_back(
    celery_worker_process, maintenance_process, enrolled_student, exercise
):
    exercise.schedules = 2
    exercise.wall_seconds = 40  # room for the slow import in every test
    exercise.save()
    submission = services.submit(user=enrolled_student, exercise=exercise, code=SLOW)
    wait_for(lambda: running(submission), timeout=30)

    celery_worker_process.kill()  # SIGKILL the worker and its pool, mid-grade
    celery_worker_process.start()
    # The lease runs out (it is no longer renewed), the reaper sends the grading again, the
    # worker that is back grades it: seconds, not the minute of a grace after the wall limit.
    graded = wait_for(lambda: done(submission), timeout=30)
    assert graded.verdict == "accepted" and graded.attempts == 2


def test_with_a_second_worker_a_killed_grading_moves_to_it(
    celery_worker_process, maintenance_process, enrolled_student, exercise, tmp_path
):
    second = WorkerProcess(
        database_url=worker_database_url(connection),
        queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        log_path=tmp_path / "second.log",
    )
    second.start()
    try:
        exercise.schedules = 2
        exercise.wall_seconds = 40
        exercise.save()
        submission = services.submit(user=enrolled_student, exercise=exercise, code=SLOW)
        wait_for(lambda: running(submission), timeout=30)
        celery_worker_process.kill()
        second.kill()  # whichever took it is gone now: the first comes back, the second stays
        second.start()
        graded = wait_for(lambda: done(submission), timeout=30)
        assert graded.verdict == "accepted" and graded.attempts == 2
    finally:
        second.stop()
        celery_worker_process.start()


def test_an_expired_lease_is_requeued_and_sent_once_with_a_fresh_stamp(enrolled_student, exercise):
    # Claimed five minutes ago by a worker that has not renewed its lease since.
    past = timezone.now() - timedelta(minutes=5)
    submission = Submission.objects.create(
        exercise=exercise,
        user=enrolled_student,
        code=COUNTER_SOLUTION,
        status="running",
        deadline_at=past,
        attempts=1,
        enqueued_at=past,
    )
    first = services.reap_stuck_submissions()
    again = services.reap_stuck_submissions()
    assert first["requeued"] == 1 and again == {"failed": 0, "requeued": 0, "resent": 0}
    submission.refresh_from_db()
    # Queued and sent (a worker of an earlier test may be grading it already).
    assert submission.enqueued_at > past and submission.attempts in (1, 2)
    assert reaper_last_run() is not None


def test_a_queued_submission_is_not_resent_while_gradings_wait_in_the_broker(
    enrolled_student, exercise
):
    # A queue of this test's own that no worker consumes, with a grading waiting in it.
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-backlog"
    with current_app.connection_for_write() as connection:
        current_app.send_task("spindle.ping", queue=queue, connection=connection)
    long_ago = timezone.now() - timedelta(minutes=10)
    submission = Submission.objects.create(
        exercise=exercise, user=enrolled_student, code=COUNTER_SOLUTION, enqueued_at=long_ago
    )
    try:
        with override_settings(CELERY_TASK_DEFAULT_QUEUE=queue):
            assert services.reap_stuck_submissions()["resent"] == 0
    finally:
        with current_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
    submission.refresh_from_db()
    assert submission.enqueued_at == long_ago


def test_a_burst_of_300_is_graded_once_each_while_the_reaper_keeps_its_beat(
    celery_worker_process, maintenance_process, course, exercise
):
    exercise.schedules = 1
    exercise.save()
    students = [UserFactory(email=f"burst{i}@example.com") for i in range(300)]
    for student in students:
        enroll(user=student, course=course)
    started = timezone.now()
    submissions = [
        services.submit(user=student, exercise=exercise, code=COUNTER_SOLUTION)
        for student in students
    ]
    beats = set()

    def all_graded() -> bool:
        last = reaper_last_run()
        if last is not None and last > started:
            beats.add(last)
        return not Submission.objects.filter(
            pk__in=[s.pk for s in submissions], status__in=["queued", "running"]
        ).exists()

    wait_for(all_graded, timeout=600, interval=0.5)
    graded = Submission.objects.filter(pk__in=[s.pk for s in submissions])
    assert sorted(set(graded.values_list("verdict", flat=True))) == ["accepted"]
    assert set(graded.values_list("attempts", flat=True)) == {1}  # each graded exactly once
    # The reaper ran all along, on its own queue, though 300 gradings waited on theirs.
    assert len(beats) >= 3


def test_a_lost_message_is_resent_once_with_a_fresh_stamp(enrolled_student, exercise):
    # Sent ten minutes ago, and the broker lost it (a restart): nothing waits anywhere.
    long_ago = timezone.now() - timedelta(minutes=10)
    submission = Submission.objects.create(
        exercise=exercise, user=enrolled_student, code=COUNTER_SOLUTION, enqueued_at=long_ago
    )
    with override_settings(CELERY_TASK_DEFAULT_QUEUE=f"{settings.CELERY_TASK_DEFAULT_QUEUE}-none"):
        assert services.reap_stuck_submissions()["resent"] == 1
        assert services.reap_stuck_submissions()["resent"] == 0  # stamped: not again so soon
    submission.refresh_from_db()
    assert submission.enqueued_at > long_ago
