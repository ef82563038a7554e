from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import Course, Enrollment, LessonCompletion
from courses.services import enroll, mark_complete
from exercises.models import Exercise, Submission, Verdict
from quizzes.models import Attempt, PracticeTest
from quizzes.services import save_answer, start_attempt, submit_attempt
from teaching.models import Classroom, Membership

DEMO_CODE = "DEMO3PY"
# The demo students' code, as they wrote it: <exercise slug>/<verdict>_<n>.py. The file name is
# the verdict the grader gives that code (tests/teaching/test_demo_class.py grades every file).
SOLUTIONS = settings.BASE_DIR / "content" / "demo_class"


@dataclass(frozen=True)
class DemoStudent:
    name: str
    # Lessons completed, from the first: the threading lessons with the exercises are 10-13 of
    # the demo course's 13, so the students who submitted work got that far.
    done: int
    days_ago: int  # when they last worked
    work: tuple[str, ...] = ()  # their submissions, oldest first: files under SOLUTIONS


DEMO_STUDENTS = [
    # A race, the fix, then a "simplification" that brought a race back: best Accepted, latest
    # Race detected.
    DemoStudent(
        "Sofia Student",
        done=11,
        days_ago=1,
        work=(
            "threads-and-join/wrong_answer_1",
            "threads-and-join/accepted_1",
            "thread-safe-counter/race_detected_1",
            "thread-safe-counter/accepted_1",
            "thread-safe-counter/race_detected_2",
        ),
    ),
    DemoStudent(
        "Amara Okafor",
        done=13,
        days_ago=2,
        work=(
            "threads-and-join/accepted_2",
            "daemon-threads/accepted_1",
            "thread-safe-counter/accepted_2",
            "bank-transfer/accepted_1",
        ),
    ),
    # Three racy counters in a row (at risk), and a wrong answer elsewhere.
    DemoStudent(
        "Ben Carter",
        done=10,
        days_ago=3,
        work=(
            "thread-safe-counter/race_detected_1",
            "thread-safe-counter/race_detected_3",
            "thread-safe-counter/race_detected_2",
            "threads-and-join/wrong_answer_1",
        ),
    ),
    # A lock-order deadlock, then the fix.
    DemoStudent(
        "Chen Wei",
        done=12,
        days_ago=1,
        work=(
            "bank-transfer/deadlock_1",
            "bank-transfer/accepted_1",
            "thread-safe-counter/wrong_answer_1",
        ),
    ),
    DemoStudent("Dana Levi", done=2, days_ago=12),
    DemoStudent("Elif Yilmaz", done=0, days_ago=0),
]


def solution(name: str) -> tuple[str, str, str]:
    """(exercise slug, verdict, code) of a file under SOLUTIONS, e.g. "bank-transfer/deadlock_1"."""
    slug, _, stem = name.partition("/")
    verdict = stem.rpartition("_")[0]
    if verdict not in Verdict.values:
        raise CommandError(f"{name}: the file name must start with a verdict")
    return slug, verdict, (SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Creates the demo teacher's class with demo students and their activity. Re-runnable: "
        "a student who already has activity in the course keeps it, untouched."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        teacher = User.objects.filter(email="teacher@spindle.local").first()
        course = Course.objects.filter(slug="python-advance").first()
        if teacher is None or course is None:
            raise CommandError("Run seed_demo first: it creates the demo teacher and course.")
        slugs = {solution(name)[0] for student in DEMO_STUDENTS for name in student.work}
        exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
        if missing := slugs - exercises.keys():
            raise CommandError(f"Import the demo exercises first: {', '.join(sorted(missing))}")
        classroom, _ = Classroom.objects.update_or_create(
            join_code=DEMO_CODE,
            defaults={"teacher": teacher, "course": course, "name": "Period 3 — Python Advance"},
        )
        lessons = list(course.lessons.order_by("chapter__number", "number"))
        now = timezone.now()
        for index, demo in enumerate(DEMO_STUDENTS):
            email = "student@spindle.local" if index == 0 else f"demo{index}@spindle.local"
            student, created = User.objects.get_or_create(email=email, defaults={"name": demo.name})
            if created:
                student.set_password("spindle-student")
                student.save()
            Membership.objects.get_or_create(classroom=classroom, student=student)
            enroll(user=student, course=course)
            if _has_activity(student, course):
                continue  # their work is theirs (the demo student's own, or an earlier seeding)
            # Each student keeps their own pace: times differ from student to student.
            rng = random.Random(index)
            end = now - timedelta(
                days=demo.days_ago, hours=rng.randint(1, 5), minutes=rng.randint(0, 59)
            )
            moments = self._lessons(student, lessons[: demo.done], end, rng)
            moments += self._submissions(student, demo.work, exercises, end, rng)
            moments += self._practice(student, course, demo.done, end, rng)
            Enrollment.objects.filter(user=student, course=course).update(
                last_activity_at=max(moments, default=None)
            )
        self.stdout.write(
            f"Demo class '{classroom.name}' (join code {DEMO_CODE}): {len(DEMO_STUDENTS)} students"
        )

    def _lessons(self, student, lessons, end: datetime, rng) -> list[datetime]:
        """A lesson a day or so, the last one a few hours before `end`."""
        moments = []
        for days_before, lesson in zip(range(len(lessons) - 1, -1, -1), lessons, strict=True):
            mark_complete(user=student, lesson=lesson)
            at = end - timedelta(days=days_before, hours=rng.randint(2, 9))
            LessonCompletion.objects.filter(user=student, lesson=lesson).update(completed_at=at)
            moments.append(at)
        return moments

    def _submissions(self, student, work, exercises, end: datetime, rng) -> list[datetime]:
        """Submissions minutes apart, ending at `end`, each queued, started, then finished a few
        seconds later, as the grader would have recorded them."""
        gaps = [timedelta(minutes=rng.randint(4, 25), seconds=rng.randint(0, 59)) for _ in work]
        created = end - sum(gaps, timedelta())
        moments = []
        for name, gap in zip(work, gaps, strict=True):
            slug, verdict, code = solution(name)
            started = created + timedelta(seconds=rng.uniform(0.5, 3))
            finished = started + timedelta(seconds=rng.uniform(2, 9))
            submission = Submission.objects.create(
                exercise=exercises[slug], user=student, kind=Submission.Kind.SUBMIT, code=code,
                status=Submission.Status.DONE, verdict=verdict,
                message=f"{Verdict(verdict).label}. (Demo history: recorded when the demo class "
                "was seeded. Submit this code again to see the grader's full report.)",
                enqueued_at=created, started_at=started, finished_at=finished, attempts=1,
            )  # fmt: skip
            # created_at is stamped on insert (auto_now_add): back-date it afterwards.
            Submission.objects.filter(pk=submission.pk).update(created_at=created)
            moments.append(finished)
            created += gap
        return moments

    def _practice(self, student, course, done: int, end: datetime, rng) -> list[datetime]:
        test = PracticeTest.objects.filter(lesson__course=course).first()
        if test is None or done < 4:
            return []
        attempt = start_attempt(user=student, test=test)
        for question in test.questions.prefetch_related("choices"):
            right = [c.pk for c in question.choices.all() if c.is_correct]
            if question.kind == "short":
                save_answer(attempt=attempt, question=question,
                            text=question.accepted_answers.splitlines()[0])  # fmt: skip
            elif right and question.kind != "code":
                save_answer(attempt=attempt, question=question, choice_ids=right[:1])
        attempt = submit_attempt(attempt=attempt)
        # Taken hours before the last session, in the minutes a student needs to answer.
        started = end - timedelta(hours=rng.randint(6, 20), minutes=rng.randint(0, 59))
        submitted = started + timedelta(minutes=rng.randint(6, 14), seconds=rng.randint(0, 59))
        limit = attempt.deadline_at and attempt.deadline_at - attempt.started_at
        Attempt.objects.filter(pk=attempt.pk).update(
            started_at=started,
            deadline_at=limit and started + limit,
            submitted_at=attempt.submitted_at and submitted,
        )
        return [submitted if attempt.submitted_at else started]


def _has_activity(student: User, course: Course) -> bool:
    return (
        LessonCompletion.objects.filter(user=student, lesson__course=course).exists()
        or Submission.objects.filter(user=student, exercise__lesson__course=course).exists()
        or Attempt.objects.filter(user=student, test__lesson__course=course).exists()
    )
