"""Submitting: who may send code to the grader and how often; a syntax error ends here.

Code reaches the grader only through `send_to_grader`: the exercise page (Run examples and
Submit), practice-test code answers and the admin's validation of reference solutions all call
it, so the per-person limits hold whichever way the code comes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Grading:
    """One piece of code to grade against one exercise."""

    exercise: Exercise
    code: str


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
    """A run or a submission from the exercise page, by an enrolled student (or staff)."""
    if kind == Submission.Kind.VALIDATION:
        raise ValueError("validations are started with validate_exercises()")
    if not (
        user.is_staff
        or Enrollment.objects.filter(user=user, course_id=exercise.lesson.course_id).exists()
    ):
        raise NotEnrolled("Enroll in the course to run and submit exercises.")
    [submission] = send_to_grader(user=user, gradings=[Grading(exercise, code)], kind=kind)
    return submission


def send_to_grader(
    *, user, gradings: Sequence[Grading], kind: str, limited: bool = True
) -> list[Submission]:
    """Record the gradings and send them to workers once committed, or refuse and write nothing.

    One call is one request from `user` (a run, a submission, a practice-test attempt with all
    its code answers, a validation of some reference solutions), let through while the person
    has no grading in flight and started fewer than EXERCISE_SUBMISSIONS_PER_MINUTE in the last
    minute. `limited=False` is for the practice-test clock alone: it submits each timed attempt
    once, when its time is up, which a student cannot repeat at will; what it sends still counts
    against their later requests.
    """
    for grading in gradings:
        if len(grading.code.encode()) > MAX_CODE_BYTES:
            raise CodeTooLarge(f"The code is larger than {MAX_CODE_BYTES // 1024} KB.")
    with transaction.atomic():
        # Lock the person's row so two simultaneous requests cannot both pass the checks.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if limited:
            _check_limits(user)
        return [_create(user=user, grading=grading, kind=kind) for grading in gradings]


def _check_limits(user) -> None:
    mine = Submission.objects.filter(user=user)
    if mine.exclude(status=Submission.Status.DONE).exists():
        raise SubmissionInFlight(
            "Code you sent earlier is still being graded. Wait for its verdict, then try again."
        )
    recent = mine.filter(created_at__gte=timezone.now() - timedelta(minutes=1)).count()
    if recent >= settings.EXERCISE_SUBMISSIONS_PER_MINUTE:
        raise RateLimited(
            f"You can send code to the grader {settings.EXERCISE_SUBMISSIONS_PER_MINUTE} times "
            "a minute. Take a breath, reread your code, and try again in a moment."
        )


def _create(*, user, grading: Grading, kind: str) -> Submission:
    submission = Submission.objects.create(
        exercise=grading.exercise, user=user, kind=kind, code=grading.code
    )
    syntax = _syntax_error(grading.code)
    if syntax is not None:
        line, message = syntax
        _finish_now(submission, Verdict.SYNTAX_ERROR, message, {"line": line})
    else:
        enqueue_on_commit(submission.pk)
    return submission


def validate_exercises(*, exercises: Sequence[Exercise], requested_by) -> list[Submission]:
    """Grade reference solutions through the real pipeline; each verdict lands on its exercise.

    One request under the requester's grading limits, like any other way to the grader.
    """
    with transaction.atomic():
        Exercise.objects.filter(pk__in=[exercise.pk for exercise in exercises]).update(
            validation_verdict="pending", validation_message="", validated_at=None
        )
        return send_to_grader(
            user=requested_by,
            gradings=[Grading(exercise, exercise.reference_solution) for exercise in exercises],
            kind=Submission.Kind.VALIDATION,
        )


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
    if submission.kind == Submission.Kind.VALIDATION:
        Exercise.objects.filter(pk=submission.exercise_id).update(
            validation_verdict=verdict, validation_message=message, validated_at=now
        )
    submission.refresh_from_db()
    announce_finished(submission.pk)
