"""Celery couriers: they carry submission ids to the services and nothing else."""

from __future__ import annotations

import contextlib

from celery import shared_task
from celery.signals import worker_init

from exercises import services
from exercises.services.grading import ensure_sandbox_ready
from exercises.services.queue import GRADE_SUBMISSION
from sandbox.errors import SandboxUnavailable

# How long a submission waits for the sandbox to come back before it ends as Internal Error.
SANDBOX_RETRIES = 20
SANDBOX_RETRY_SECONDS = 15


# Named explicitly: the services send to this name without importing this module.
@shared_task(name=GRADE_SUBMISSION, bind=True, max_retries=SANDBOX_RETRIES)
def grade_submission(self, submission_id: int) -> str | None:
    try:
        return services.grade(submission_id=submission_id)
    except SandboxUnavailable as error:
        if self.request.retries >= self.max_retries:
            services.fail_unavailable(submission_id=submission_id)
            return None
        raise self.retry(exc=error, countdown=SANDBOX_RETRY_SECONDS) from error


@shared_task
def reap_stuck_submissions() -> dict[str, int]:
    return services.reap_stuck_submissions()


@worker_init.connect
def verify_sandbox_at_start(**kwargs) -> None:
    """Run the confinement self-test once when a worker starts, before it takes any task.

    A failure is logged loudly and the worker keeps refusing to grade (each task retries),
    so submissions wait instead of being graded unconfined or blamed on the student.
    """
    # A failure is already logged as critical; every task re-checks and retries.
    with contextlib.suppress(SandboxUnavailable):
        ensure_sandbox_ready()
