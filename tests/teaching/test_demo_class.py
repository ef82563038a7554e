"""The demo class tells a true story: its students' code (content/demo_class) really gets the
verdicts the seeded history shows, at times that could have happened, and re-seeding never
touches what a demo student did since."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import User
from courses.models import Course, LessonCompletion
from courses.services import mark_complete
from exercises import services as exercise_services
from exercises.models import Exercise, Submission
from exercises.services import grading
from teaching import selectors
from teaching.management.commands.seed_demo_class import DEMO_STUDENTS, SOLUTIONS, solution
from teaching.models import Classroom
from tests.factories import UserFactory
from tests.sandbox.bwrap_support import requires_bwrap

pytestmark = pytest.mark.django_db

CONTENT = Path(settings.BASE_DIR) / "content"


@pytest.fixture
def demo(db):
    """The demo course, its exercises and practice tests, the demo teacher, then the class."""
    teacher = UserFactory(email="teacher@spindle.local", name="Tomás Teacher", role="teacher")
    call_command("import_course", CONTENT / "courses" / "python-advance.yaml", stdout=None)
    for kind, command in [("exercises", "import_exercises"),
                          ("practice_tests", "import_practice_tests")]:  # fmt: skip
        call_command(command, *sorted((CONTENT / kind).glob("*.yaml")), stdout=None)
    call_command("seed_demo_class", stdout=None)
    return Classroom.objects.get(join_code="DEMO3PY", teacher=teacher)


def seeded() -> list[Submission]:
    return list(Submission.objects.select_related("user", "exercise").order_by("id"))


def test_every_demo_solution_file_is_seeded_and_every_seeded_one_exists():
    files = {f"{path.parent.name}/{path.stem}" for path in SOLUTIONS.glob("*/*.py")}
    used = {name for student in DEMO_STUDENTS for name in student.work}
    assert files == used
    slugs = {path.stem for path in (CONTENT / "exercises").glob("*.yaml")}
    assert {solution(name)[0] for name in used} <= slugs


def test_the_history_has_consistent_spread_out_times(demo):
    submissions = seeded()
    assert len(submissions) == sum(len(student.work) for student in DEMO_STUDENTS)
    for s in submissions:
        assert s.enqueued_at == s.created_at < s.started_at < s.finished_at
        assert timedelta(seconds=1) < s.finished_at - s.started_at < timedelta(seconds=30)
    by_student: dict[int, list[Submission]] = {}
    for s in submissions:
        by_student.setdefault(s.user_id, []).append(s)
    for work in by_student.values():
        gaps = [b.created_at - a.created_at for a, b in pairwise(work)]
        assert all(timedelta(minutes=4) <= gap <= timedelta(minutes=26) for gap in gaps)
    assert len({s.created_at for s in submissions}) == len(submissions)
    starts = [work[0].created_at.time() for work in by_student.values()]
    assert len(set(starts)) == len(starts)  # each student kept their own hours
    # Completions are spread out too.
    for student in User.objects.filter(completions__isnull=False).distinct():
        completed = list(student.completions.values_list("completed_at", flat=True))
        assert len(set(completed)) == len(completed)


def test_the_demo_analytics_show_real_times_to_pass(demo):
    stats = {e.exercise.slug: e for e in selectors.class_analytics(classroom=demo).exercises}
    # Chen Wei: a deadlock, then the fix minutes later.
    assert stats["bank-transfer"].median_minutes_to_pass > 3
    assert stats["thread-safe-counter"].median_minutes_to_pass > 1  # Sofia: a race first
    assert stats["threads-and-join"].students_passed == 2


def test_the_demo_matrix_reads_as_the_history(client, demo):
    client.force_login(demo.teacher)
    html = client.get(reverse("teaching:class", args=[demo.pk])).content.decode()
    rows = {
        strip_tags(re.search(r"<a [^>]*>(.*?)</a>", row, re.S)[1]): " ".join(
            strip_tags(row).split()
        )
        for row in re.findall(r'<th scope="row" class="col-student">.*?</tr>', html, re.S)
    }
    assert (
        "A counter many threads can share: ★ Accepted latest: Race detected"
        in rows["Sofia Student"]
    )
    assert "Fetch pages in parallel: ★ Accepted" in rows["Sofia Student"]
    assert "Transfers without deadlock: ★ Accepted" in rows["Chen Wei"]
    assert "A counter many threads can share: ⚡ Race detected" in rows["Ben Carter"]
    assert "3 failed submissions to “A counter many threads can share”" in rows["Ben Carter"]
    assert "Fetch pages in parallel: ✗ Wrong answer" in rows["Ben Carter"]
    assert "Failing" not in html
    assert "✗" not in rows["Amara Okafor"] and rows["Amara Okafor"].count("★ Accepted") == 4
    assert "Transfers without deadlock: · No submission yet" in rows["Elif Yilmaz"]


def test_re_seeding_keeps_what_a_demo_student_did_since(demo):
    sofia = User.objects.get(email="student@spindle.local")
    before = {s.pk for s in seeded()}
    # Sofia goes on: a lesson more, and a new submission graded by the pipeline.
    lesson = demo.course.lessons.exclude(completions__user=sofia).order_by("id").first()
    mark_complete(user=sofia, lesson=lesson)
    exercise = Exercise.objects.get(slug="bank-transfer")
    [mine] = exercise_services.send_to_grader(
        user=sofia, gradings=[exercise_services.Grading(exercise, "x = 1")], kind="submit"
    )
    claim = exercise_services.claim(submission_id=mine.pk)
    exercise_services.finish(claim=claim, verdict="wrong_answer", message="", report={})

    call_command("seed_demo_class", stdout=None)
    call_command("seed_demo_class", stdout=None)
    assert {s.pk for s in seeded()} == before | {mine.pk}
    assert LessonCompletion.objects.filter(user=sofia, lesson=lesson).exists()
    assert Classroom.objects.count() == 1 and demo.memberships.count() == len(DEMO_STUDENTS)


def test_seeding_needs_the_demo_exercises(db):
    UserFactory(email="teacher@spindle.local", role="teacher")
    call_command("import_course", CONTENT / "courses" / "python-advance.yaml", stdout=None)
    with pytest.raises(CommandError, match="Import the demo exercises first"):
        call_command("seed_demo_class", stdout=None)
    assert not Classroom.objects.exists() and Course.objects.count() == 1


@requires_bwrap
def test_every_seeded_submission_gets_its_recorded_verdict_from_the_real_grader(demo):
    # The worker's own bridge to the sandbox: the submission's tests, limits and schedules.
    graded = {}
    for submission in seeded():
        key = (submission.exercise_id, submission.code)
        if key not in graded:
            graded[key] = grading.run(submission)
        outcome = graded[key]
        assert outcome.verdict == submission.verdict, (
            f"{submission.user.name}, {submission.exercise.slug}: {outcome.message}"
        )
    assert len(graded) == len(list(SOLUTIONS.glob("*/*.py")))
