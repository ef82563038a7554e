"""Practice tests in course bundles (registered with courses.bundle) and as standalone files."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.bundle import BundleError, lesson_named_in
from courses.models import Lesson
from exercises.models import Exercise
from quizzes.models import Choice, PracticeTest, Question

TEST_FIELDS = (
    "title",
    "instructions",
    "pass_mark",
    "attempts_allowed",
    "time_limit_minutes",
    "shuffle_questions",
    "shuffle_choices",
    "show_answers",
)


def export_lesson(lesson: Lesson) -> dict[str, Any]:
    tests = lesson.practice_tests.prefetch_related("questions__choices", "questions__exercise")
    return {"practice_tests": [export_test(test) for test in tests]}


def export_test(test: PracticeTest) -> dict[str, Any]:
    questions = []
    for question in test.questions.all():
        item: dict[str, Any] = {
            "kind": question.kind,
            "prompt": question.prompt,
            "explanation": question.explanation,
            "points": question.points,
        }
        if question.kind in Question.CHOICE_KINDS:
            item["choices"] = [
                {"text": c.text, "correct": c.is_correct} for c in question.choices.all()
            ]
        if question.kind == Question.Kind.MULTIPLE:
            item["partial_credit"] = question.partial_credit
        if question.kind == Question.Kind.SHORT:
            item["accepted_answers"] = question.accepted_answers.splitlines()
        if question.kind == Question.Kind.CODE:
            item["exercise"] = question.exercise.slug
        questions.append(item)
    return {"slug": test.slug, **{f: getattr(test, f) for f in TEST_FIELDS}, "questions": questions}


def import_lesson(lesson: Lesson, data: dict[str, Any]) -> None:
    if "practice_tests" not in data:  # may come from separate files: leave them alone
        return
    slugs = [save_test(lesson, item, order=i).slug for i, item in enumerate(data["practice_tests"])]
    lesson.practice_tests.exclude(slug__in=slugs).delete()


def _check_question(where: str, item: dict[str, Any]) -> None:
    kind = item.get("kind")
    if kind not in Question.Kind.values:
        raise BundleError(f"{where}: kind must be one of {Question.Kind.values}, not {kind!r}")
    if kind in Question.CHOICE_KINDS:
        correct = [c for c in item.get("choices") or [] if c.get("correct")]
        if kind != Question.Kind.MULTIPLE and len(correct) != 1:
            raise BundleError(f"{where}: needs exactly one correct choice")
        if not correct:
            raise BundleError(f"{where}: needs at least one correct choice")
    if kind == Question.Kind.SHORT and not item.get("accepted_answers"):
        raise BundleError(f"{where}: a short answer needs accepted_answers")


def save_test(lesson: Lesson, data: dict[str, Any], *, order: int = 0) -> PracticeTest:
    """Create or update (by slug) a practice test. Questions are replaced when nobody has
    answered them yet; once students have attempts, changing questions would rewrite history,
    so the import refuses."""
    slug = data.get("slug")
    if not slug:
        raise BundleError(f"lesson {lesson.slug}: a practice test has no slug")
    test = PracticeTest.objects.filter(slug=slug).first() or PracticeTest(slug=slug)
    test.lesson, test.order = lesson, order
    for name in TEST_FIELDS:
        if name in data:
            setattr(test, name, data[name])
    try:
        test.full_clean(exclude=["lesson"])
    except ValidationError as error:
        raise BundleError(f"practice test {slug}: {error.message_dict}") from None
    test.save()
    if export_test(test)["questions"] == data.get("questions", []):
        return test  # unchanged: keep question ids (and students' answers) as they are
    if test.attempts.exists():
        raise BundleError(f"practice test {slug}: students have attempts; edit it in the admin")
    test.questions.all().delete()
    for order_, item in enumerate(data.get("questions") or []):
        where = f"practice test {slug} question {order_ + 1}"
        _check_question(where, item)
        exercise = None
        if item["kind"] == Question.Kind.CODE:
            exercise = Exercise.objects.filter(slug=item.get("exercise", "")).first()
            if exercise is None:
                raise BundleError(f"{where}: no exercise {item.get('exercise')!r}")
        question = Question.objects.create(
            test=test,
            order=order_,
            kind=item["kind"],
            prompt=item.get("prompt", ""),
            explanation=item.get("explanation", ""),
            points=item.get("points", 1),
            partial_credit=item.get("partial_credit", False),
            accepted_answers="\n".join(item.get("accepted_answers") or []),
            exercise=exercise,
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=i, text=c["text"], is_correct=bool(c.get("correct")))
            for i, c in enumerate(item.get("choices") or [])
        )
    return test


@transaction.atomic
def import_test_file(data: dict[str, Any]) -> PracticeTest:
    lesson = lesson_named_in(data, what="practice test")
    return save_test(lesson, data, order=data.get("order", 0))
