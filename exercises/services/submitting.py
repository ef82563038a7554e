"""Submitting: who may send code to the grader and how often; a syntax error ends here."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment
from exercises.models import Exercise, Submission, Verdict
from exercises.services.queue import enqueue_on_commit
from exercises.signals import announce_finished

MAX_CODE_BYTES = 64 * 1024


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
        enqueue_on_commit(submission.pk)
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
        enqueue_on_commit(submission.pk)
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
    announce_finished(submission.pk)
