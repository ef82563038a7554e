"""Grading, on the worker: claim the submission, grade it in the sandbox, record the verdict.

Untrusted code runs outside any transaction. Live progress ("schedule 3 of 20") travels
through Redis; our rows hold everything else.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from exercises.models import Exercise, Submission, Verdict
from exercises.services import grading
from exercises.signals import announce_finished
from sandbox.errors import SandboxUnavailable

log = logging.getLogger(__name__)

# A running grading holds a lease (Submission.deadline_at) that its worker renews a few times
# per lease while it grades; a lease that runs out means the worker vanished (kill -9, OOM, a
# lost machine), and the reaper (every few seconds) gives the grading to another worker.
RENEWALS_PER_LEASE = 3


def lease_length() -> timedelta:
    return timedelta(seconds=settings.GRADING_LEASE_SECONDS)


@dataclass(frozen=True)
class Claim:
    submission: Submission
    attempt: int


def claim(*, submission_id: int) -> Claim | None:
    """queued -> running, for exactly one worker. None when someone else has it or it is done."""
    now = timezone.now()
    submission = Submission.objects.select_related("exercise").filter(pk=submission_id).first()
    if submission is None:  # deleted meanwhile: nothing to do
        return None
    claimed = Submission.objects.filter(pk=submission_id, status=Submission.Status.QUEUED).update(
        status=Submission.Status.RUNNING,
        started_at=now,
        deadline_at=now + lease_length(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    submission.refresh_from_db()
    return Claim(submission=submission, attempt=submission.attempts)


def release(*, claim: Claim) -> bool:
    """Give a claimed submission back to the queue (our infrastructure failed, not the code)."""
    return bool(
        Submission.objects.filter(
            pk=claim.submission.pk, status=Submission.Status.RUNNING, attempts=claim.attempt
        ).update(status=Submission.Status.QUEUED, deadline_at=None)
    )


def finish(*, claim: Claim, verdict: str, message: str, report: dict, stdout: str = "",
           stderr: str = "") -> bool:  # fmt: skip
    """running -> done, only for the claim that is still current (a reaped one is stale)."""
    submission = claim.submission
    with transaction.atomic():
        done = Submission.objects.filter(
            pk=submission.pk, status=Submission.Status.RUNNING, attempts=claim.attempt
        ).update(
            status=Submission.Status.DONE,
            verdict=verdict,
            message=message,
            report=report,
            stdout=stdout,
            stderr=stderr,
            finished_at=timezone.now(),
            deadline_at=None,
        )
        if done and submission.kind == Submission.Kind.VALIDATION:
            Exercise.objects.filter(pk=submission.exercise_id).update(
                validation_verdict=verdict, validation_message=message, validated_at=timezone.now()
            )
        if done:
            announce_finished(submission.pk)
    clear_progress(submission_id=submission.pk)
    return bool(done)


def grade(*, submission_id: int) -> str | None:
    """Claim, grade in the sandbox, record the verdict. Returns the verdict, None if not ours.

    Raises SandboxUnavailable (after giving the submission back) when the sandbox cannot be
    trusted right now, so the task can retry later instead of blaming the student.
    """
    current = claim(submission_id=submission_id)
    if current is None:
        return None
    try:
        with _lease_renewed(current):
            outcome = grading.run(
                current.submission, on_progress=_progress_publisher(submission_id)
            )
    except SandboxUnavailable:
        release(claim=current)
        raise
    except Exception as error:  # our bug, not the student's: say so, and let them retry
        log.exception("grading submission %s failed", submission_id)
        finish(
            claim=current,
            verdict=Verdict.INTERNAL_ERROR,
            message="Spindle could not grade this run because of a fault on our side "
            f"({type(error).__name__}). It does not count against you: run it again.",
            report={},
        )
        return Verdict.INTERNAL_ERROR
    finish(
        claim=current,
        verdict=outcome.verdict,
        message=outcome.message,
        report=outcome.report,
        stdout=outcome.stdout,
        stderr=outcome.stderr,
    )
    return outcome.verdict


@contextlib.contextmanager
def _lease_renewed(current: Claim) -> Iterator[None]:
    """Renew the claim's lease from a helper thread while the grading runs (the grading itself
    blocks on the sandbox). Stops when the grading ends, or when the claim is no longer current
    (the reaper gave it away: this worker was presumed dead)."""
    stop = threading.Event()
    every = settings.GRADING_LEASE_SECONDS / RENEWALS_PER_LEASE

    def renew() -> None:
        try:
            while not stop.wait(every):
                try:
                    renewed = Submission.objects.filter(
                        pk=current.submission.pk,
                        status=Submission.Status.RUNNING,
                        attempts=current.attempt,
                    ).update(deadline_at=timezone.now() + lease_length())
                except Exception:  # the database blinked: the next renewal may get through
                    log.warning("could not renew the lease of %s", current.submission.pk)
                    continue
                if not renewed:
                    return
        finally:
            connection.close()  # this thread's own connection

    renewer = threading.Thread(target=renew, name=f"lease-{current.submission.pk}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()


@transaction.atomic
def fail_unavailable(*, submission_id: int) -> None:
    """The sandbox stayed unavailable through every retry: end as Internal Error, retryable."""
    announce_finished(submission_id)
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.DONE).update(
        status=Submission.Status.DONE,
        verdict=Verdict.INTERNAL_ERROR,
        message="The grading sandbox is unavailable right now. Nothing is wrong with your "
        "code as far as we know: try again in a few minutes.",
        finished_at=timezone.now(),
        deadline_at=None,
    )


def _progress_key(submission_id: int) -> str:
    return f"submission-progress:{submission_id}"


PROGRESS_EVERY_SECONDS = 0.2  # the page polls every 0.5 s: more often would be wasted


def _progress_publisher(submission_id: int):
    """Best effort: live progress is a nicety, and never fails the grading it reports on (the
    cache already treats a Redis outage as a miss; this guards against anything else)."""
    last_sent = 0.0
    failed = False

    def publish(event: dict) -> None:
        nonlocal last_sent, failed
        now = time.monotonic()
        if now - last_sent >= PROGRESS_EVERY_SECONDS:
            last_sent = now
            try:
                cache.set(_progress_key(submission_id), event, timeout=300)
            except Exception:
                if not failed:  # once per grading, not at every event
                    log.warning("live progress of submission %s not published", submission_id,
                                exc_info=True)  # fmt: skip
                failed = True

    return publish


def progress_of(*, submission_id: int) -> dict | None:
    return cache.get(_progress_key(submission_id))


def clear_progress(*, submission_id: int) -> None:
    cache.delete(_progress_key(submission_id))
