from __future__ import annotations

from django.http import Http404

from courses.models import Lesson
from exercises.models import Exercise, Submission

HISTORY_LENGTH = 20
RECENT_LENGTH = 5


def exercise_for(*, user, slug: str) -> Exercise:
    exercise = (
        Exercise.objects.select_related("lesson__course", "lesson__chapter")
        .filter(slug=slug, lesson__in=Lesson.objects.visible_to(user))
        .first()
    )
    if exercise is None:
        raise Http404("No such exercise")
    return exercise


def history(*, user, exercise: Exercise) -> list[Submission]:
    if not user.is_authenticated:
        return []
    return list(
        Submission.objects.filter(user=user, exercise=exercise)
        .exclude(kind=Submission.Kind.VALIDATION)
        .only("id", "kind", "status", "verdict", "created_at", "exercise_id", "user_id")
        .order_by("-created_at", "-id")[:HISTORY_LENGTH]
    )


def recent_submissions(*, user, limit: int = RECENT_LENGTH) -> list[Submission]:
    """The student's last submissions (not runs) on exercises they can still open, in one query."""
    if not user.is_authenticated:
        return []
    return list(
        Submission.objects.filter(
            user=user,
            kind=Submission.Kind.SUBMIT,
            exercise__lesson__in=Lesson.objects.visible_to(user),
        )
        .select_related("exercise")
        .only("id", "status", "verdict", "created_at", "exercise__slug", "exercise__title")
        .order_by("-created_at", "-id")[:limit]
    )


def own_submission(*, user, pk: int) -> Submission:
    """The student's own submission; anyone else's is 404 (staff may read all)."""
    submissions = Submission.objects.select_related("exercise__lesson__course")
    if not user.is_staff:
        submissions = submissions.filter(user=user)
    submission = submissions.filter(pk=pk).first()
    if submission is None:
        raise Http404("No such submission")
    return submission
