"""Exercise actions: submitting, claiming, grading, finishing, reaping.

Our table is the source of truth. A submission moves queued -> running -> done, and each move is
a guarded UPDATE (`filter(id=…, status=…)`) so a duplicated or redelivered task, or a reaper
racing a slow worker, changes nothing it should not. Untrusted code runs outside any transaction.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from courses.models import Enrollment
from exercises.models import Exercise, Submission, Verdict
from sandbox.errors import SandboxUnavailable

log = logging.getLogger(__name__)

# Sent (after commit) whenever a submission reaches `done`, with `submission_id`. Practice tests
# listen, to score code answers as their verdicts arrive.
submission_finished = Signal()


def _announce_finished(*submission_ids: int) -> None:
    for submission_id in submission_ids:
        transaction.on_commit(
            lambda sid=submission_id: submission_finished.send(sender=Submission, submission_id=sid)
        )


MAX_CODE_BYTES = 64 * 1024
# A grading claimed this many times without finishing is failed, never retried forever.
MAX_ATTEMPTS = 3
# Slack on top of the sandbox's own wall limit before the reaper calls a grading lost.
DEADLINE_GRACE = timedelta(seconds=30)
# A queued submission whose message may have been lost (broker down at submit time).
QUEUED_TOO_LONG = timedelta(minutes=2)


class SubmissionRefused(Exception):
    """The student may not submit this now; the message says why and what to do."""

    status_code = 400


class NotEnrolled(SubmissionRefused):
    status_code = 403


class SubmissionInFlight(SubmissionRefused):
    status_code = 409


class RateLimited(SubmissionRefused):
    status_code = 429


class CodeTooLarge(SubmissionRefused):
    status_code = 413


def _syntax_error(code: str) -> tuple[int | None, str] | None:
    """Compile (never run) the code; a SyntaxError is reported without starting any sandbox."""
    try:
        compile(code, "solution.py", "exec", dont_inherit=True)
    except SyntaxError as error:
        return error.lineno, f"{error.msg} (solution.py, line {error.lineno})"
    except (ValueError, RecursionError, MemoryError) as error:  # NUL bytes, absurd nesting
        return None, f"The code cannot be compiled: {error}"
    return None


def submit(
    *, user, exercise: Exercise, code: str, kind: str = Submission.Kind.SUBMIT
) -> Submission:
    """Record a submission and send it to a worker once the row is committed."""
    if kind == Submission.Kind.VALIDATION:
        raise ValueError("validations are started with validate_exercise()")
    if len(code.encode()) > MAX_CODE_BYTES:
        raise CodeTooLarge(f"The code is larger than {MAX_CODE_BYTES // 1024} KB.")
    if not (
        user.is_staff
        or Enrollment.objects.filter(user=user, course_id=exercise.lesson.course_id).exists()
    ):
        raise NotEnrolled("Enroll in the course to run and submit exercises.")

    with transaction.atomic():
        # Lock the student's row so two simultaneous requests cannot both pass the checks.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        mine = Submission.objects.filter(user=user).exclude(kind=Submission.Kind.VALIDATION)
        if mine.exclude(status=Submission.Status.DONE).exists():
            raise SubmissionInFlight(
                "Your previous run is still being graded. Wait for its verdict, then try again."
            )
        recent = mine.filter(created_at__gte=timezone.now() - timedelta(minutes=1)).count()
        if recent >= settings.EXERCISE_SUBMISSIONS_PER_MINUTE:
            raise RateLimited(
                f"You can run or submit {settings.EXERCISE_SUBMISSIONS_PER_MINUTE} times a "
                "minute. Take a breath, reread your code, and try again in a moment."
            )
        return send_to_grader(user=user, exercise=exercise, code=code, kind=kind)


@transaction.atomic
def send_to_grader(*, user, exercise: Exercise, code: str, kind: str) -> Submission:
    """Create the submission and grade it; callers have already checked who may and how often."""
    submission = Submission.objects.create(exercise=exercise, user=user, kind=kind, code=code)
    syntax = _syntax_error(code)
    if syntax is not None:
        line, message = syntax
        _finish_now(submission, Verdict.SYNTAX_ERROR, message, {"line": line})
    else:
        _enqueue_on_commit(submission.pk)
    return submission


def validate_exercise(*, exercise: Exercise, requested_by) -> Submission:
    """Grade the reference solution through the real pipeline; the verdict lands on the exercise."""
    with transaction.atomic():
        submission = Submission.objects.create(
            exercise=exercise,
            user=requested_by,
            kind=Submission.Kind.VALIDATION,
            code=exercise.reference_solution,
        )
        Exercise.objects.filter(pk=exercise.pk).update(
            validation_verdict="pending", validation_message="", validated_at=None
        )
        _enqueue_on_commit(submission.pk)
    return submission


def _finish_now(submission: Submission, verdict: str, message: str, report: dict) -> None:
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.DONE,
        verdict=verdict,
        message=message,
        report=report,
        started_at=now,
        finished_at=now,
    )
    submission.refresh_from_db()
    _announce_finished(submission.pk)


def _enqueue_on_commit(submission_id: int) -> None:
    def send() -> None:
        from exercises.tasks import grade_submission

        try:
            grade_submission.delay(submission_id)
        except Exception:  # broker down: the row stays queued and the reaper sends it again
            log.exception("could not enqueue submission %s; the reaper will retry", submission_id)
        else:
            Submission.objects.filter(pk=submission_id, enqueued_at=None).update(
                enqueued_at=timezone.now()
            )

    transaction.on_commit(send)


# Grading, on the worker.


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
    deadline = now + timedelta(seconds=submission.exercise.wall_seconds) + DEADLINE_GRACE
    claimed = Submission.objects.filter(pk=submission_id, status=Submission.Status.QUEUED).update(
        status=Submission.Status.RUNNING,
        started_at=now,
        deadline_at=deadline,
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
            _announce_finished(submission.pk)
    clear_progress(submission_id=submission.pk)
    return bool(done)


def tests_for(submission: Submission) -> str:
    exercise = submission.exercise
    if submission.kind == Submission.Kind.RUN:
        return exercise.visible_tests
    return f"{exercise.visible_tests}\n\n{exercise.hidden_tests}"


def grade(*, submission_id: int) -> str | None:
    """Claim, grade in the sandbox, record the verdict. Returns the verdict, None if not ours.

    Raises SandboxUnavailable (after giving the submission back) when the sandbox cannot be
    trusted right now, so the task can retry later instead of blaming the student.
    """
    from exercises import grading

    current = claim(submission_id=submission_id)
    if current is None:
        return None
    try:
        outcome = grading.run(current.submission, on_progress=_progress_publisher(submission_id))
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


@transaction.atomic
def fail_unavailable(*, submission_id: int) -> None:
    """The sandbox stayed unavailable through every retry: end as Internal Error, retryable."""
    _announce_finished(submission_id)
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.DONE).update(
        status=Submission.Status.DONE,
        verdict=Verdict.INTERNAL_ERROR,
        message="The grading sandbox is unavailable right now. Nothing is wrong with your "
        "code as far as we know: try again in a few minutes.",
        finished_at=timezone.now(),
        deadline_at=None,
    )


def reap_stuck_submissions(*, now: datetime | None = None) -> dict[str, int]:
    """Re-queue gradings whose worker vanished, resend lost messages, fail hopeless ones."""
    now = now or timezone.now()
    stuck = Submission.objects.filter(status=Submission.Status.RUNNING, deadline_at__lt=now)
    with transaction.atomic():  # the announcement goes out once the failures are committed
        hopeless = stuck.filter(attempts__gte=MAX_ATTEMPTS)
        _announce_finished(*hopeless.values_list("pk", flat=True))
        failed = hopeless.update(
            status=Submission.Status.DONE,
            verdict=Verdict.INTERNAL_ERROR,
            message="Grading was interrupted several times on our side. It does not count "
            "against you: run it again.",
            finished_at=now,
            deadline_at=None,
        )
    requeue_ids = list(stuck.values_list("pk", flat=True))
    requeued = Submission.objects.filter(
        pk__in=requeue_ids, status=Submission.Status.RUNNING, deadline_at__lt=now
    ).update(status=Submission.Status.QUEUED, deadline_at=None, enqueued_at=None)
    lost = list(
        Submission.objects.filter(status=Submission.Status.QUEUED)
        .filter(
            Q(enqueued_at=None, created_at__lt=now - timedelta(seconds=5))
            | Q(enqueued_at__lt=now - QUEUED_TOO_LONG)
        )
        .values_list("pk", flat=True)
    )
    for submission_id in lost:
        _enqueue_on_commit(submission_id)
    return {"failed": failed, "requeued": requeued, "resent": len(lost)}


# Live progress ("schedule 3 of 20") travels through Redis; our rows hold everything else.


def _progress_key(submission_id: int) -> str:
    return f"submission-progress:{submission_id}"


PROGRESS_EVERY_SECONDS = 0.2  # the page polls every 0.5 s: more often would be wasted


def _progress_publisher(submission_id: int):
    last_sent = 0.0

    def publish(event: dict) -> None:
        nonlocal last_sent
        now = time.monotonic()
        if now - last_sent >= PROGRESS_EVERY_SECONDS:
            last_sent = now
            cache.set(_progress_key(submission_id), event, timeout=300)

    return publish


def progress_of(*, submission_id: int) -> dict | None:
    return cache.get(_progress_key(submission_id))


def clear_progress(*, submission_id: int) -> None:
    cache.delete(_progress_key(submission_id))
