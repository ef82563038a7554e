"""Our infrastructure failing never becomes a student's wrong verdict."""

from __future__ import annotations

import functools
import uuid

import pytest
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from exercises import services
from exercises.models import Submission
from exercises.tasks import grade_submission
from tests.code_samples import COUNTER_SOLUTION
from tests.conftest import WorkerProcess, wait_for, worker_database_url


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_sandbox_fails_its_self_test_refuses_to_grade(
    enrolled_student, exercise, tmp_path
):
    from django.db import connection

    queue = f"spindle-test-broken-{uuid.uuid4().hex[:6]}"
    # A cgroup parent that cannot exist: the confinement self-test fails at worker start.
    broken = WorkerProcess(
        database_url=worker_database_url(connection), queue=queue, log_path=tmp_path / "w.log",
        env={"SANDBOX_CGROUP_PARENT": "/proc/not-a-cgroup/spindle"},
    )  # fmt: skip
    broken.start()
    try:
        wait_for(lambda: "refusing to grade" in broken.log(), timeout=30, message="the refusal")
        with pytest.MonkeyPatch.context() as patch:
            # Keep the regular test worker out of it: send this grading to the broken worker.
            to_broken_worker = functools.partial(celery_app.send_task, queue=queue)
            patch.setattr(celery_app, "send_task", to_broken_worker)
            submission = services.submit(
                user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION
            )
        wait_for(lambda: "Retry in" in broken.log(), timeout=30, message="the task to be retried")
        submission.refresh_from_db()
        # It waits, queued, with no verdict: never graded unconfined, never blamed on the student.
        assert submission.status == "queued" and submission.verdict == ""
        assert submission.attempts == 1  # it was claimed, then given back
    finally:
        broken.stop()


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_at_submit_time_loses_nothing(enrolled_student, exercise, monkeypatch):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(celery_app, "send_task", broker_down)  # Redis is not ours to stop
    submission = services.submit(user=enrolled_student, exercise=exercise, code=COUNTER_SOLUTION)
    submission.refresh_from_db()
    assert submission.status == "queued" and submission.enqueued_at is None
    # The reaper finds the message that never left and sends it once the broker is back.
    monkeypatch.undo()
    sent = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args: sent.append((name, args)))
    Submission.objects.filter(pk=submission.pk).update(created_at=submission.created_at.replace(
        year=submission.created_at.year - 1))  # fmt: skip
    assert services.reap_stuck_submissions()["resent"] == 1
    assert sent == [(grade_submission.name, [submission.pk])]
