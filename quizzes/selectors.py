from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from config import reader_cache
from courses.models import Lesson
from quizzes.models import Answer, Attempt, PracticeTest, Question


def test_for(*, user, slug: str) -> PracticeTest:
    test = (
        PracticeTest.objects.select_related("lesson__course")
        .filter(slug=slug, lesson__in=Lesson.objects.visible_to(user))
        .first()
    )
    if test is None:
        raise Http404("No such practice test")
    return test


def own_attempt(*, user, pk: int) -> Attempt:
    """The student's own attempt; anyone else's is 404."""
    attempt = (
        Attempt.objects.select_related("test__lesson__course").filter(pk=pk, user=user).first()
    )
    if attempt is None:
        raise Http404("No such attempt")
    return attempt


def ordered_questions(attempt: Attempt, questions: list[Question]) -> list[Question]:
    """The attempt's own stable order of questions, and of each question's choices."""
    questions = sorted(questions, key=lambda q: (q.order, q.pk))
    if attempt.test.shuffle_questions:
        random.Random(attempt.seed).shuffle(questions)
    for question in questions:
        choices = sorted(question.choices.all(), key=lambda c: (c.order, c.pk))
        if attempt.test.shuffle_choices and question.kind != Question.Kind.TRUE_FALSE:
            random.Random(attempt.seed * 7919 + question.pk).shuffle(choices)
        question.ordered_choices = choices
    return questions


def attempt_questions(attempt: Attempt) -> list[Question]:
    """Questions with choices, exercise and this attempt's answer, in the attempt's order."""
    answers = (
        Answer.objects.filter(attempt=attempt)
        .select_related("submission")
        .prefetch_related("choices")
    )
    questions = list(
        attempt.test.questions.select_related("exercise").prefetch_related(
            "choices", Prefetch("answers", answers, to_attr="attempt_answers")
        )
    )
    for question in questions:
        question.answer = question.attempt_answers[0] if question.attempt_answers else None
        question.selected_ids = (
            {c.pk for c in question.answer.choices.all()} if question.answer else set()
        )
    return ordered_questions(attempt, questions)


def is_answered(answer: Answer | None) -> bool:
    """A choice ticked or some text written (its choices prefetched)."""
    return bool(answer and (answer.text.strip() or answer.choices.all()))


def answered_count(*, attempt: Attempt) -> int:
    answers = Answer.objects.filter(attempt=attempt).prefetch_related("choices")
    return sum(1 for answer in answers if is_answered(answer))


def past_attempts(*, user, test: PracticeTest) -> list[Attempt]:
    if not user.is_authenticated:
        return []
    return list(Attempt.objects.filter(user=user, test=test).order_by("-started_at"))


@dataclass(frozen=True)
class Scores:
    best: int
    latest: int
    attempts: int


def _scores_by(attempts, key: str) -> dict[int, Scores]:
    """Best and latest percent of submitted attempts, grouped by `key`, in one query."""
    percents: dict[int, list[int]] = defaultdict(list)
    rows = attempts.filter(status=Attempt.Status.SUBMITTED).order_by("started_at")
    for group, score, max_score in rows.values_list(key, "score", "max_score"):
        percents[group].append(round(100 * score / max_score) if max_score else 0)
    return {
        group: Scores(best=max(values), latest=values[-1], attempts=len(values))
        for group, values in percents.items()
    }


# A student's scores change only when an attempt of theirs is submitted (reader_cache.forget in
# quizzes.services.finalize_attempt); kept between pages for this long at most.
SCORES_SECONDS = 600


def scores_by_test(*, user, test_ids) -> dict[int, Scores]:
    """Per practice test, the student's scores: kept between pages (the lesson page shows them on
    every visit), else one query."""
    if not user.is_authenticated:
        return {}
    test_ids = sorted(test_ids)

    def scores() -> tuple[dict[int, Scores], None]:
        attempts = Attempt.objects.filter(user=user, test_id__in=test_ids)
        return _scores_by(attempts, "test_id"), None

    name = "scores:" + ",".join(map(str, test_ids))
    return reader_cache.remember(user.pk, name, scores, seconds=SCORES_SECONDS)


def best_scores_by_lesson(*, user, course) -> dict[int, Scores]:
    """Per lesson of a course: the student's best and latest practice-test percent."""
    if not user.is_authenticated:
        return {}
    attempts = Attempt.objects.filter(user=user, test__lesson__course=course)
    return _scores_by(attempts, "test__lesson_id")
