"""The home page: visitors get the introduction; a student their courses (Resume), recent
verdicts and, once spaced review registers, due reviews; a teacher their classes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config import home
from courses.bundle import import_bundle
from courses.services import enroll, record_visit
from exercises import services as exercise_services
from exercises.bundle import save_exercise
from teaching.services import create_class
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data

pytestmark = pytest.mark.django_db


def _course(n: int):
    return import_bundle(
        make_bundle(slug=f"course-{n}", title=f"Course {n}", chapters=1, lessons_per_chapter=2)
    )


def _graded(user, exercise, verdict: str):
    submission = exercise_services.submit(user=user, exercise=exercise, code=COUNTER_SOLUTION)
    claim = exercise_services.claim(submission_id=submission.pk)
    exercise_services.finish(claim=claim, verdict=verdict, message="graded", report={})
    return submission


def _home(client) -> str:
    return client.get(reverse("home")).content.decode()


def test_visitors_get_the_introduction_and_the_sign_up_button(client):
    html = _home(client)
    assert "Learn Python concurrency" in html and "Create a free account" in html
    assert "Your courses" not in html


def test_a_student_resumes_at_the_last_lesson_visited(client, student):
    course = _course(1)
    enroll(user=student, course=course)
    second = course.lessons.get(slug="lesson-1-2")
    record_visit(user=student, lesson=second)
    client.force_login(student)
    html = _home(client)
    assert "Learn Python concurrency" not in html and "Your courses" in html
    resume = reverse("courses:lesson", args=[course.slug, second.slug])
    assert f'href="{resume}">Resume<span class="visually-hidden"> Course 1</span>' in html
    assert "Lesson 1.2" in html


def test_a_course_not_started_yet_starts_at_its_first_lesson(client, student):
    course = _course(1)
    enroll(user=student, course=course)
    client.force_login(student)
    html = _home(client)
    first = reverse("courses:lesson", args=[course.slug, "lesson-1-1"])
    assert f'href="{first}">Start<span class="visually-hidden"> Course 1</span>' in html


def test_a_student_without_courses_is_pointed_to_the_catalog(client, student):
    client.force_login(student)
    html = _home(client)
    assert "You are not enrolled in a course yet" in html and reverse("courses:catalog") in html
    assert "Recent verdicts" not in html and "Your classes" not in html


def test_recent_verdicts_show_the_latest_submissions_with_their_badge_and_exercise(client, student):
    course = _course(1)
    enroll(user=student, course=course)
    exercise = save_exercise(course.lessons.first(), make_exercise_data())
    _graded(student, exercise, "wrong_answer")
    accepted = _graded(student, exercise, "accepted")
    exercise_services.submit(
        user=student, exercise=exercise, code=COUNTER_SOLUTION, kind="run"
    )  # a run is not a verdict
    client.force_login(student)
    html = _home(client)
    section = html[html.index("Recent verdicts") :]
    assert section.count(f'href="{exercise.get_absolute_url()}"') == 2
    assert section.index("✓ Accepted") < section.index("✗ Wrong answer")  # newest first
    assert f"Submission #{accepted.pk}" in section and "just now" in section


def test_due_reviews_appear_only_when_a_provider_has_some(client, student, monkeypatch):
    client.force_login(student)
    assert "Due for review" not in _home(client)

    def nothing_due(*, user):
        return []

    monkeypatch.setattr(home, "DUE_REVIEW_PROVIDERS", [nothing_due])
    assert "Due for review" not in _home(client)

    def one_deck(*, user):
        return [home.DueReview(title=f"Deck of {user.name}", url="/reviews/1/", count=3)]

    monkeypatch.setattr(home, "DUE_REVIEW_PROVIDERS", [nothing_due, one_deck])
    html = _home(client)
    assert "Due for review" in html and '<a href="/reviews/1/">Deck of Stella Student</a>' in html
    assert "3 due" in html


def test_a_teacher_sees_their_classes_linking_to_the_matrix(client, teacher, student):
    course = _course(1)
    classroom = create_class(teacher=teacher, course=course, name="Period 3")
    client.force_login(teacher)
    html = _home(client)
    assert "Your classes" in html
    assert f'href="{classroom.get_absolute_url()}">Progress matrix' in html
    assert "<h3>Period 3</h3>" in html
    assert "Course 1 · 0 students" in html


def test_a_teacher_without_classes_is_offered_to_create_one(client, teacher):
    client.force_login(teacher)
    html = _home(client)
    assert "No classes yet" in html and reverse("teaching:classes") in html
    assert "Your courses" not in html  # a teacher who takes no course is not nagged to enroll


def test_students_do_not_see_a_classes_section(client, student):
    client.force_login(student)
    assert "Your classes" not in _home(client)


@pytest.mark.parametrize("courses", [1, 3])
def test_a_students_home_uses_a_constant_number_of_queries(
    client, student, courses, django_assert_num_queries, settings
):
    settings.EXERCISE_SUBMISSIONS_PER_MINUTE = 100
    for n in range(courses):
        course = _course(n)
        enroll(user=student, course=course)
        record_visit(user=student, lesson=course.lessons.last())
        exercise = save_exercise(course.lessons.first(), make_exercise_data(slug=f"ex-{n}"))
        _graded(student, exercise, "accepted")
    client.force_login(student)
    # Session, user, courses, recent submissions, due reviews by course (reviews' provider),
    # and the navigation's count of cards due.
    with django_assert_num_queries(6):
        html = _home(client)
    assert html.count(">Resume<") == courses


@pytest.mark.parametrize("classes", [1, 3])
def test_a_teachers_home_uses_a_constant_number_of_queries(
    client, teacher, classes, django_assert_num_queries
):
    course = _course(1)
    for n in range(classes):
        create_class(teacher=teacher, course=course, name=f"Class {n}")
    client.force_login(teacher)
    with django_assert_num_queries(5):  # session, user, courses, recent submissions, classes
        html = _home(client)
    assert html.count(">Progress matrix<") == classes
