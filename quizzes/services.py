"""Practice-test actions: start, answer, submit, score. Every state change goes through here."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from config import reader_cache
from courses import services as course_services
from courses.selectors import can_open_locked
from exercises import services as exercise_services
from exercises.models import Submission
from quizzes import scoring
from quizzes.models import Answer, Attempt, Choice, PracticeTest, Question


class AttemptRefused(Exception):
    """The action is not allowed now; the message tells the student why."""

    status_code = 400


class NotEnrolled(AttemptRefused):
    status_code = 403


class AttemptsExhausted(AttemptRefused):
    status_code = 403


class AttemptClosed(AttemptRefused):
    status_code = 409


class InvalidAnswer(AttemptRefused):
    status_code = 400


def _now() -> datetime:
    return timezone.now()


def start_attempt(*, user, test: PracticeTest) -> Attempt:
    """Resume the open attempt, or start a new one if the attempts allowed are not used up."""
    if not can_open_locked(user=user, course=test.lesson.course):
        raise NotEnrolled("Enroll in the course to take its practice tests.")
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        open_attempt = Attempt.objects.filter(
            test=test, user=user, status=Attempt.Status.IN_PROGRESS
        ).first()
        if open_attempt and not expire_if_due(open_attempt):
            return open_attempt
        used = Attempt.objects.filter(test=test, user=user).count()
        if test.attempts_allowed is not None and used >= test.attempts_allowed:
            raise AttemptsExhausted(
                f"You have used all {test.attempts_allowed} attempts at this test. "
                "Review your past attempts below."
            )
        now = _now()
        return Attempt.objects.create(
            test=test,
            user=user,
            seed=random.SystemRandom().randrange(2**31),
            deadline_at=now + timedelta(minutes=test.time_limit_minutes)
            if test.time_limit_minutes
            else None,
        )


def _lock_open_attempt(attempt: Attempt) -> Attempt:
    """Row-lock the attempt; refuse when it is no longer open (submitted, or out of time)."""
    locked = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if locked.status != Attempt.Status.IN_PROGRESS:
        raise AttemptClosed("This attempt is already submitted: your answers can no longer change.")
    if locked.deadline_at and _now() >= locked.deadline_at:
        raise AttemptClosed("Time is up: the attempt was submitted with the answers you saved.")
    return locked


def save_answer(
    *, attempt: Attempt, question: Question, choice_ids: list[int] | None = None,
    text: str | None = None,
) -> Answer:  # fmt: skip
    if question.test_id != attempt.test_id:
        raise InvalidAnswer("That question is not part of this test.")
    try:
        with transaction.atomic():
            _lock_open_attempt(attempt)
            answer, _ = Answer.objects.get_or_create(attempt=attempt, question=question)
            if question.kind in Question.CHOICE_KINDS:
                ids = set(choice_ids or [])
                valid = set(
                    Choice.objects.filter(question=question, pk__in=ids).values_list(
                        "pk", flat=True
                    )
                )
                if ids - valid:
                    raise InvalidAnswer("That choice does not belong to this question.")
                if question.kind != Question.Kind.MULTIPLE and len(ids) > 1:
                    raise InvalidAnswer("Choose only one answer.")
                answer.choices.set(ids)
            else:
                text = text or ""
                if len(text.encode()) > exercise_services.MAX_CODE_BYTES:
                    raise InvalidAnswer(
                        f"Your answer is longer than {exercise_services.MAX_CODE_BYTES // 1024} "
                        "KB: shorten it, then save again."
                    )
                answer.text = text
            answer.save()
            return answer
    except AttemptClosed:
        expire_if_due(attempt)
        raise


def expire_if_due(attempt: Attempt) -> bool:
    """Submit an attempt whose time ran out, with what was saved. True when it did."""
    due = attempt.deadline_at is not None and _now() >= attempt.deadline_at
    if due and attempt.status == Attempt.Status.IN_PROGRESS:
        submit_attempt(attempt=attempt, expired=True)
        return True
    return False


def expire_overdue_attempts() -> int:
    overdue = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline_at__lte=_now())
    for attempt in overdue:
        submit_attempt(attempt=attempt, expired=True)
    return len(overdue)


def submit_attempt(*, attempt: Attempt, expired: bool = False) -> Attempt:
    """in_progress -> grading (-> submitted once every code answer has its verdict). Idempotent.

    The code answers go to the grader together, as one request under the student's grading
    limits; when the limits refuse it (exercises' SubmissionRefused), nothing changes. Once time
    is up the submission is the clock's, whoever asks, and the clock is never refused: it ends
    each timed attempt once (and the page's countdown, resubmitting, cannot loop on a refusal).
    """
    if attempt.deadline_at is not None and _now() >= attempt.deadline_at:
        expired = True
    with transaction.atomic():
        # The student's row before the attempt's, the order every grading request locks them in.
        get_user_model().objects.select_for_update().filter(pk=attempt.user_id).first()
        moved = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            status=Attempt.Status.GRADING, submitted_at=_now(), expired=expired
        )
        if not moved:  # a double submit (or the timer) got here first: same outcome
            return Attempt.objects.get(pk=attempt.pk)
        attempt.refresh_from_db()
        questions = list(
            attempt.test.questions.select_related("exercise").prefetch_related("choices")
        )
        answers = {
            a.question_id: a
            for a in attempt.answers.prefetch_related("choices").select_related("submission")
        }
        code_answers = []
        for question in questions:
            answer = answers.get(question.pk) or Answer.objects.create(
                attempt=attempt, question=question
            )
            if question.kind != Question.Kind.CODE:
                _score(question, answer)
            elif answer.text.strip():
                code_answers.append((question, answer))
            else:
                answer.points, answer.is_correct = 0.0, False
                answer.save(update_fields=["points", "is_correct"])
        _send_code_answers(attempt, code_answers, limited=not expired)
    finalize_attempt(attempt_id=attempt.pk)
    return Attempt.objects.get(pk=attempt.pk)


def _send_code_answers(
    attempt: Attempt, code_answers: list[tuple[Question, Answer]], *, limited: bool
) -> None:
    """Graded by the real grader; the attempt is finished when the last verdict arrives."""
    if not code_answers:
        return
    submissions = exercise_services.send_to_grader(
        user=attempt.user,
        gradings=[exercise_services.Grading(q.exercise, a.text) for q, a in code_answers],
        kind=Submission.Kind.SUBMIT,
        limited=limited,
    )
    for (question, answer), submission in zip(code_answers, submissions, strict=True):
        answer.submission = submission
        answer.save(update_fields=["submission"])
        _score(question, answer)


def _score(question: Question, answer: Answer) -> None:
    if question.kind in Question.CHOICE_KINDS:
        choices = list(question.choices.all())
        points = scoring.score_choices(
            selected=[c.pk for c in answer.choices.all()],
            correct=[c.pk for c in choices if c.is_correct],
            points=question.points,
            partial_credit=question.partial_credit,
        )
    elif question.kind == Question.Kind.SHORT:
        points = scoring.score_short_answer(
            given=answer.text,
            accepted=question.accepted_answers.splitlines(),
            points=question.points,
        )
    else:
        submission = answer.submission
        points = scoring.score_code(
            verdict=submission.verdict if submission and submission.is_finished else None,
            points=question.points,
        )
    answer.points = points
    answer.is_correct = None if points is None else points >= question.points
    answer.save(update_fields=["points", "is_correct"])


def finalize_attempt(*, attempt_id: int) -> bool:
    """grading -> submitted once no code verdict is pending. True when it finalized now."""
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("test__lesson")
            .filter(pk=attempt_id, status=Attempt.Status.GRADING)
            .first()
        )
        if attempt is None:
            return False
        answers = list(attempt.answers.select_related("question"))
        if any(a.points is None for a in answers):
            return False
        score = sum(a.points for a in answers)
        max_score = sum(q.points for q in attempt.test.questions.all())
        passed = max_score > 0 and 100 * score / max_score >= attempt.test.pass_mark
        Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.SUBMITTED, score=score, max_score=max_score, passed=passed
        )
        reader_cache.forget(attempt.user_id)  # new scores for the lesson pages
        if passed:
            # Passing completes the lesson (unless the student left the course meanwhile).
            with contextlib.suppress(course_services.NotEnrolled):
                course_services.mark_complete(user=attempt.user, lesson=attempt.test.lesson)
    return True


def score_code_answers(*, submission_id: int) -> None:
    """A code verdict arrived: score the answers waiting on it and finish their attempts."""
    answers = list(
        Answer.objects.filter(submission_id=submission_id, points=None).select_related(
            "question", "submission"
        )
    )
    for answer in answers:
        _score(answer.question, answer)
    for attempt_id in {a.attempt_id for a in answers}:
        finalize_attempt(attempt_id=attempt_id)
