from __future__ import annotations

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import Course, Enrollment, LessonCompletion
from courses.services import enroll, mark_complete
from exercises.models import Exercise, Submission, Verdict
from quizzes.models import PracticeTest
from quizzes.services import save_answer, start_attempt, submit_attempt
from teaching.models import Classroom, Membership

DEMO_CODE = "DEMO3PY"
DEMO_STUDENTS = [
    # name, how far they got (lessons completed), what their exercises look like
    ("Sofia Student", 5, ["accepted", "accepted"]),
    ("Amara Okafor", 6, ["accepted", "accepted", "accepted"]),
    ("Ben Carter", 3, ["race_detected", "race_detected", "race_detected", "wrong_answer"]),
    ("Chen Wei", 4, ["deadlock", "accepted"]),
    ("Dana Levi", 1, []),
    ("Elif Yilmaz", 0, []),
]


class Command(BaseCommand):
    help = "Creates the demo teacher's class with demo students and their activity. Re-runnable."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        teacher = User.objects.filter(email="teacher@spindle.local").first()
        course = Course.objects.filter(slug="python-advance").first()
        if teacher is None or course is None:
            raise CommandError("Run seed_demo first: it creates the demo teacher and course.")
        classroom, _ = Classroom.objects.update_or_create(
            join_code=DEMO_CODE,
            defaults={"teacher": teacher, "course": course, "name": "Period 3 — Python Advance"},
        )
        rng = random.Random(3)
        lessons = list(course.lessons.order_by("chapter__number", "number"))
        exercises = list(Exercise.objects.filter(lesson__course=course).order_by("pk"))
        now = timezone.now()
        for index, (name, done, verdicts) in enumerate(DEMO_STUDENTS):
            email = "student@spindle.local" if index == 0 else f"demo{index}@spindle.local"
            student, created = User.objects.get_or_create(email=email, defaults={"name": name})
            if created:
                student.set_password("spindle-student")
                student.save()
            Membership.objects.get_or_create(classroom=classroom, student=student)
            enroll(user=student, course=course)
            if index == 0 and LessonCompletion.objects.filter(user=student).exists():
                continue  # the demo student's own work is theirs: seed it only once
            for lesson in lessons[:done]:
                mark_complete(user=student, lesson=lesson)
            # Back-date the activity: active students worked this week, stragglers a while ago.
            last_seen = now - timedelta(days=rng.randint(1, 3) if done > 2 else 12)
            LessonCompletion.objects.filter(user=student).update(completed_at=last_seen)
            Enrollment.objects.filter(user=student, course=course).update(
                last_activity_at=last_seen if done else None
            )
            self._history(student, exercises, verdicts, now, rng)
            self._practice(student, done)
        count = len(DEMO_STUDENTS)
        self.stdout.write(
            f"Demo class '{classroom.name}' (join code {DEMO_CODE}): {count} students"
        )

    def _history(self, student, exercises, verdicts, now, rng) -> None:
        """Past graded submissions, as the grader recorded them (demo history, not re-graded)."""
        if not exercises or Submission.objects.filter(user=student).exists():
            return
        for i, verdict in enumerate(verdicts):
            exercise = exercises[min(i // 2, len(exercises) - 1)]
            at = now - timedelta(days=3, minutes=30 * (len(verdicts) - i))
            accepted = verdict == Verdict.ACCEPTED
            Submission.objects.create(
                exercise=exercise, user=student, kind=Submission.Kind.SUBMIT,
                code=exercise.reference_solution if accepted else exercise.starter_code,
                status=Submission.Status.DONE, verdict=verdict,
                message=f"{Verdict(verdict).label} (demo history).",
                started_at=at, finished_at=at, attempts=1,
            )  # fmt: skip
        Submission.objects.filter(user=student).update(created_at=now - timedelta(days=3))

    def _practice(self, student, done: int) -> None:
        test = PracticeTest.objects.filter(lesson__course__slug="python-advance").first()
        if test is None or done < 4 or test.attempts.filter(user=student).exists():
            return
        attempt = start_attempt(user=student, test=test)
        for question in test.questions.prefetch_related("choices"):
            right = [c.pk for c in question.choices.all() if c.is_correct]
            if question.kind == "short":
                save_answer(attempt=attempt, question=question,
                            text=question.accepted_answers.splitlines()[0])  # fmt: skip
            elif right and question.kind != "code":
                save_answer(attempt=attempt, question=question, choice_ids=right[:1])
        submit_attempt(attempt=attempt)
