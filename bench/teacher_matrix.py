"""Teacher matrix at scale: 1,000 students x 30 lessons. Prints page and CSV export times.

Seeds once into the bench database (re-runs reuse it). Not a test: it prints figures.
"""

from __future__ import annotations

import random
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import django_on_bench_database, timed  # noqa: E402

STUDENTS, CHAPTERS, LESSONS_PER_CHAPTER = 1000, 6, 5


def seed():
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from courses.bundle import import_bundle
    from courses.models import Enrollment, LessonCompletion
    from exercises.bundle import save_exercise
    from exercises.models import Submission
    from teaching.models import Classroom, Membership
    from tests.factories import make_bundle, make_exercise_data

    teacher, _ = User.objects.get_or_create(
        email="bench-teacher@example.com", defaults={"name": "Bench Teacher", "role": "teacher"}
    )
    classroom = Classroom.objects.filter(join_code="BENCH01").first()
    if classroom and classroom.memberships.count() == STUDENTS:
        return teacher, classroom
    with transaction.atomic():
        course = import_bundle(
            make_bundle(slug="bench-course", chapters=CHAPTERS,
                        lessons_per_chapter=LESSONS_PER_CHAPTER, items=1)
        )  # fmt: skip
        lessons = list(course.lessons.all())
        exercises = [
            save_exercise(lesson, make_exercise_data(slug=f"bench-ex-{i}"))
            for i, lesson in enumerate(lessons[::3])
        ]
        classroom, _ = Classroom.objects.update_or_create(
            join_code="BENCH01", defaults={"teacher": teacher, "course": course, "name": "Bench"}
        )
        rng = random.Random(1)
        now = timezone.now()
        students = User.objects.bulk_create(
            User(email=f"bench{i}@example.com", name=f"Student {i:04d}", password="!")
            for i in range(STUDENTS)
        )
        Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
        Enrollment.objects.bulk_create(
            Enrollment(
                user=s, course=course, last_activity_at=now - timedelta(days=rng.randint(0, 20))
            )
            for s in students
        )
        LessonCompletion.objects.bulk_create(
            LessonCompletion(user=s, lesson=lesson)
            for s in students
            for lesson in lessons[: rng.randint(0, len(lessons))]
        )
        verdicts = ["accepted", "race_detected", "deadlock", "wrong_answer"]
        Submission.objects.bulk_create(
            Submission(exercise=rng.choice(exercises), user=s, kind="submit", code="x = 1",
                       status="done", verdict=rng.choice(verdicts), finished_at=now)
            for s in students
            for _ in range(rng.randint(0, 6))
        )  # fmt: skip
    return teacher, classroom


def main() -> None:
    django_on_bench_database()
    from django.test import Client
    from django.urls import reverse

    teacher, classroom = seed()
    client = Client()
    client.force_login(teacher)
    page = reverse("teaching:class", args=[classroom.pk])
    export = reverse("teaching:export_matrix", args=[classroom.pk])
    client.get(page)  # warm up

    page_ms = timed(lambda: client.get(page), repeat=5)
    export_ms = timed(lambda: b"".join(client.get(export).streaming_content), repeat=3)
    lessons = classroom.course.lessons.count()
    print(f"teacher matrix: {classroom.memberships.count()} students x {lessons} lessons")
    for label, times in (("matrix page", page_ms), ("progress CSV", export_ms)):
        print(f"  {label:<13} median {statistics.median(times):7.1f} ms  (min {min(times):.1f})")


if __name__ == "__main__":
    main()
