from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.bundle import import_bundle
from courses.models import Enrollment
from courses.services import enroll, mark_complete
from exercises import services as exercise_services
from exercises.bundle import save_exercise
from exercises.models import Submission
from quizzes.bundle import save_test
from quizzes.services import save_answer, start_attempt, submit_attempt
from teaching import services
from teaching.models import Membership
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import UserFactory, make_bundle, make_exercise_data, make_practice_test_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=1))


@pytest.fixture
def exercise(course):
    return save_exercise(course.lessons.get(slug="lesson-1-1"), make_exercise_data())


@pytest.fixture
def classroom(teacher, course):
    return services.create_class(teacher=teacher, course=course, name="Period 3")


@pytest.fixture
def other_teacher(db):
    return UserFactory(name="Olga Other", email="olga@example.com", role="teacher")


@pytest.fixture
def member(student, classroom):
    services.join_class(student=student, code=classroom.join_code)
    return student


def graded(user, exercise, verdict, *, minutes_ago=0):
    """A submission as the grader would have finished it (the grader itself is tested elsewhere)."""
    [submission] = exercise_services.send_to_grader(
        user=user, gradings=[exercise_services.Grading(exercise, COUNTER_SOLUTION)], kind="submit"
    )
    claim = exercise_services.claim(submission_id=submission.pk)
    exercise_services.finish(claim=claim, verdict=verdict, message=verdict, report={})
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return submission


# Creating and joining classes.


def test_a_teacher_creates_a_class_with_a_join_code(client, teacher, course):
    client.force_login(teacher)
    response = client.post(reverse("teaching:create"), {"name": "Period 3", "course": course.pk})
    classroom = teacher.classes_taught.get()
    assert response["Location"] == classroom.get_absolute_url()
    assert len(classroom.join_code) == 7 and classroom.join_code.isupper()


def test_a_class_needs_a_name_and_a_course(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("teaching:create"), {"name": "", "course": 999})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b"Select a valid choice" in response.content


def test_students_cannot_create_classes(client, student, course):
    client.force_login(student)
    response = client.post(reverse("teaching:create"), {"name": "Mine", "course": course.pk})
    assert response.status_code == 403


def test_a_student_joins_with_the_code_and_is_enrolled(client, student, classroom):
    client.force_login(student)
    code = classroom.join_code.lower()[:3] + " " + classroom.join_code.lower()[3:]
    response = client.post(reverse("teaching:join"), {"code": code})
    assert response["Location"] == classroom.course.get_absolute_url()
    assert Membership.objects.filter(classroom=classroom, student=student).exists()
    assert Enrollment.objects.filter(user=student, course=classroom.course).exists()


def test_the_join_link_prefills_the_code(client, student, classroom):
    client.force_login(student)
    html = client.get(reverse("teaching:join_with_code", args=[classroom.join_code])).content
    assert f'value="{classroom.join_code}"'.encode() in html


def test_a_wrong_code_re_renders_with_a_message(client, student, classroom):
    client.force_login(student)
    response = client.post(reverse("teaching:join"), {"code": "NOPE123"})
    assert response.status_code == 400
    assert b"No class has that code" in response.content
    assert not Membership.objects.exists()


def test_a_student_may_be_in_several_classes(student, classroom, teacher, course):
    second = services.create_class(teacher=teacher, course=course, name="Club")
    services.join_class(student=student, code=classroom.join_code)
    services.join_class(student=student, code=second.join_code)
    assert student.classes_joined.count() == 2


def test_a_teacher_removes_a_student(client, teacher, classroom, member):
    client.force_login(teacher)
    response = client.post(reverse("teaching:remove", args=[classroom.pk, member.pk]))
    assert response.status_code == 302
    assert not Membership.objects.exists()
    assert Enrollment.objects.filter(user=member).exists()  # their own learning is untouched


def test_a_new_join_code_retires_the_old_one(client, teacher, classroom, student):
    old = classroom.join_code
    client.force_login(teacher)
    client.post(reverse("teaching:regenerate_code", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.join_code != old
    with pytest.raises(services.UnknownCode):
        services.join_class(student=student, code=old)


# Who may see what.

CLASS_PAGES = ["teaching:class", "teaching:analytics", "teaching:export_matrix",
               "teaching:export_submissions"]  # fmt: skip


@pytest.mark.parametrize("page", CLASS_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher", 200), ("staff", 200), ("other_teacher", 404), ("member", 404), ("student", 404)],
)
def test_only_the_classs_teacher_and_staff_see_class_pages(
    client, request, classroom, member, page, who, status
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(page, args=[classroom.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("teacher", 200), ("other_teacher", 404),
                                             ("member", 404), ("staff", 200)])  # fmt: skip
def test_a_students_timeline_and_submissions_follow_the_same_rules(
    client, request, classroom, member, exercise, who, status
):
    submission = graded(member, exercise, "accepted")
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("teaching:student", args=[classroom.pk, member.pk])).status_code
        == status
    )
    url = reverse("teaching:submission", args=[classroom.pk, submission.pk])
    assert client.get(url).status_code == status


def test_a_teacher_cannot_reach_students_outside_the_class(
    client, teacher, classroom, member, other_student, exercise, course
):
    enroll(user=other_student, course=course)
    outsider_work = graded(other_student, exercise, "accepted")
    client.force_login(teacher)
    assert (
        client.get(reverse("teaching:student", args=[classroom.pk, other_student.pk])).status_code
        == 404
    )
    url = reverse("teaching:submission", args=[classroom.pk, outsider_work.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("teaching:remove", args=[classroom.pk, other_student.pk])).status_code
        == 404
    )
    # …and the exports only hold the class's students.
    csv_text = b"".join(
        client.get(reverse("teaching:export_submissions", args=[classroom.pk])).streaming_content
    )
    assert other_student.email.encode() not in csv_text


def test_a_teacher_cannot_reach_another_teachers_class_by_id(
    client, other_teacher, classroom, member
):
    client.force_login(other_teacher)
    for name in ["teaching:regenerate_code"]:
        assert client.post(reverse(name, args=[classroom.pk])).status_code == 404
    assert (
        client.get(reverse("teaching:student", args=[classroom.pk, member.pk])).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, classroom):
    response = client.get(reverse("teaching:class", args=[classroom.pk]))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_classes_page_shows_teachers_only_their_classes(client, teacher, other_teacher, course):
    services.create_class(teacher=teacher, course=course, name="Mine")
    services.create_class(teacher=other_teacher, course=course, name="Theirs")
    client.force_login(teacher)
    html = client.get(reverse("teaching:classes")).content.decode()
    assert "Mine" in html and "Theirs" not in html


# The matrix.


def test_the_matrix_shows_completion_scores_exercises_and_risk(
    client, teacher, classroom, member, course, exercise
):
    lesson = course.lessons.get(slug="lesson-1-1")
    mark_complete(user=member, lesson=lesson)
    test = save_test(lesson, make_practice_test_data())
    attempt = start_attempt(user=member, test=test)
    save_answer(attempt=attempt, question=test.questions.get(kind="short"), text="join")
    submit_attempt(attempt=attempt)
    graded(member, exercise, "race_detected")
    graded(member, exercise, "accepted")

    slacker = UserFactory(name="Zed Idle")
    services.join_class(student=slacker, code=classroom.join_code)
    client.force_login(teacher)
    html = client.get(reverse("teaching:class", args=[classroom.pk])).content.decode()
    assert "Stella Student" in html and "Zed Idle" in html
    assert "✓</span> Done" in html and "Test 20%" in html and "Accepted" in html
    assert "No activity yet" in html  # Zed's reason, in words, not just colour


def test_repeated_failures_and_inactivity_flag_students_at_risk(
    client, teacher, classroom, member, exercise
):
    for minutes in (30, 20, 10):
        graded(member, exercise, "deadlock", minutes_ago=minutes)
    client.force_login(teacher)
    html = client.get(
        reverse("teaching:class", args=[classroom.pk]), {"at_risk": "on"}
    ).content.decode()
    assert "3 failed submissions to “A thread-safe counter” without an Accepted" in html
    assert "Deadlock" in html

    Enrollment.objects.update(last_activity_at=timezone.now() - timedelta(days=10))
    Submission.objects.update(created_at=timezone.now() - timedelta(days=10))
    html = client.get(reverse("teaching:class", args=[classroom.pk])).content.decode()
    assert "No activity for 10 days" in html


def test_the_matrix_sorts_and_filters(client, teacher, classroom, course):
    lessons = list(course.lessons.all())
    for name, done in [("Ann Alpha", 0), ("Bob Beta", 2), ("Cy Gamma", 1)]:
        pupil = UserFactory(name=name)
        services.join_class(student=pupil, code=classroom.join_code)
        for lesson in lessons[:done]:
            mark_complete(user=pupil, lesson=lesson)
    client.force_login(teacher)
    url = reverse("teaching:class", args=[classroom.pk])

    def names(**query):
        rows = client.get(url, query).context["matrix"].rows
        return [row.student.name for row in rows]

    assert names() == ["Ann Alpha", "Bob Beta", "Cy Gamma"]
    assert names(sort="progress") == ["Bob Beta", "Cy Gamma", "Ann Alpha"]
    assert names(q="gam") == ["Cy Gamma"]
    assert names(at_risk="on") == ["Ann Alpha"]
    fragment = client.get(url, {"q": "bob"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="grid"') and "Bob Beta" in fragment


@pytest.mark.parametrize("size", [5, 200])
def test_the_matrix_uses_a_constant_number_of_queries(
    client, teacher, classroom, course, exercise, size, django_assert_num_queries
):
    lesson = course.lessons.first()
    for pupil in UserFactory.create_batch(size):
        Membership.objects.create(classroom=classroom, student=pupil)
        enroll(user=pupil, course=course)
        mark_complete(user=pupil, lesson=lesson)
    graded(pupil, exercise, "accepted")
    client.force_login(teacher)
    # Session, user, class, students, lessons, exercises, completions, exercise results (two:
    # per student and exercise, and the newest verdicts), enrollments, test scores, and the
    # class's spaced-review figures (one query; not in the CSV).
    with django_assert_num_queries(12):
        response = client.get(reverse("teaching:class", args=[classroom.pk]))
    assert len(response.context["matrix"].rows) == size
    with django_assert_num_queries(11):
        client.get(reverse("teaching:export_matrix", args=[classroom.pk])).getvalue()


# Analytics, drill-down, export.


def test_exercise_analytics(client, teacher, classroom, member, exercise, other_student):
    graded(member, exercise, "race_detected", minutes_ago=30)
    graded(member, exercise, "deadlock", minutes_ago=20)
    graded(member, exercise, "accepted", minutes_ago=10)
    services.join_class(student=other_student, code=classroom.join_code)
    graded(other_student, exercise, "accepted", minutes_ago=5)
    client.force_login(teacher)
    response = client.get(reverse("teaching:analytics", args=[classroom.pk]))
    data = response.context["analytics"]
    assert data.total == 4 and data.race_or_deadlock_share == 0.5
    stats = data.exercises[0]
    assert (stats.students_tried, stats.students_passed) == (2, 2)
    assert stats.tries_before_accepted == 1.0  # 2 failures then a pass, and a first-time pass
    assert stats.median_minutes_to_pass == pytest.approx(10.0, abs=0.1)  # 20 and 0 minutes
    html = response.content.decode()
    assert "<svg" in html and "Race detected: 1." in html and "50% of them had a race" in html


def test_the_verdict_chart_scales_each_bar_to_the_most_common_verdict(
    client, teacher, classroom, member, exercise
):
    for minutes, verdict in [(30, "race_detected"), (20, "accepted"), (10, "accepted")]:
        graded(member, exercise, verdict, minutes_ago=minutes)
    client.force_login(teacher)
    chart = client.get(reverse("teaching:analytics", args=[classroom.pk])).context["chart"]
    widths = {bar.verdict: bar.width for bar in chart.bars}
    assert (widths["accepted"], widths["race_detected"], widths["deadlock"]) == (360, 180, 0)
    assert [bar.y for bar in chart.bars[:3]] == [0, 28, 56]
    assert chart.height == 28 * len(chart.bars)


def test_a_students_timeline(client, teacher, classroom, member, course, exercise):
    lesson = course.lessons.get(slug="lesson-1-1")
    mark_complete(user=member, lesson=lesson)
    test = save_test(lesson, make_practice_test_data())
    attempt = start_attempt(user=member, test=test)
    save_answer(attempt=attempt, question=test.questions.get(kind="short"), text="join it")
    submit_attempt(attempt=attempt)
    submission = graded(member, exercise, "race_detected")
    client.force_login(teacher)
    html = client.get(reverse("teaching:student", args=[classroom.pk, member.pk])).content.decode()
    assert "Lesson 1.1" in html and "Check yourself" in html and "“join it”" in html
    assert f"#{submission.pk} A thread-safe counter" in html and "Race detected" in html
    page = client.get(reverse("teaching:submission", args=[classroom.pk, submission.pk]))
    assert COUNTER_SOLUTION.splitlines()[0].encode() in page.content


def test_csv_exports(client, teacher, classroom, member, exercise):
    graded(member, exercise, "accepted")
    client.force_login(teacher)
    response = client.get(reverse("teaching:export_matrix", args=[classroom.pk]))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["student", "email", "progress %"]
    assert rows[1][1] == member.email and "Accepted" in rows[1]
    response = client.get(reverse("teaching:export_submissions", args=[classroom.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][2] == member.email and rows[1][6] == "accepted"


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(client, teacher, classroom, course):
    evil = UserFactory(name='=HYPERLINK("http://evil")')
    services.join_class(student=evil, code=classroom.join_code)
    client.force_login(teacher)
    body = b"".join(
        client.get(reverse("teaching:export_matrix", args=[classroom.pk])).streaming_content
    )
    assert b"'=HYPERLINK" in body


def test_the_demo_class_seeds(db):
    from django.core.management import call_command

    from teaching.models import Classroom

    call_command("seed_demo", no_audio=True)  # recording the audio is test_demo_audio.py's
    classroom = Classroom.objects.get(join_code="DEMO3PY")
    assert classroom.teacher.email == "teacher@spindle.local"
    assert classroom.memberships.count() == 6
    call_command("seed_demo_class")  # re-runnable
    assert Classroom.objects.count() == 1 and classroom.memberships.count() == 6
