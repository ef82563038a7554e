"""A draft lesson is nobody's work yet: not in progress counts, My learning or a teacher's
matrix, until it is published."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.models import AudioLesson, Lesson
from courses.services import enroll, mark_complete, record_visit
from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from teaching import selectors as teaching_selectors
from teaching import services as teaching_services
from tests.factories import make_exercise_data, make_practice_test_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(course):
    lesson = course.lessons.get(slug="lesson-2-2")
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    return lesson


def test_progress_counts_published_lessons_only(client, student, course, draft):
    enroll(user=student, course=course)
    for slug in ("lesson-1-1", "lesson-1-2", "lesson-2-1"):
        mark_complete(user=student, lesson=course.lessons.get(slug=slug))
    client.force_login(student)
    html = client.get(reverse("my_learning")).content.decode()
    assert "100%" in html  # three of the three published lessons
    assert "3 lessons" in client.get(course.get_absolute_url()).content.decode()


def test_the_teacher_matrix_has_no_column_for_a_draft(teacher, student, course, draft):
    classroom = teaching_services.create_class(teacher=teacher, course=course, name="P3")
    teaching_services.join_class(student=student, code=classroom.join_code)
    matrix = teaching_selectors.class_matrix(classroom=classroom)
    assert [lesson.slug for lesson in matrix.lessons] == ["lesson-1-1", "lesson-1-2", "lesson-2-1"]


def test_neighbours_skip_a_draft_for_students_but_not_for_staff(
    client, student, staff, course, draft
):
    enroll(user=student, course=course)
    last_published = course.lessons.get(slug="lesson-2-1")
    client.force_login(student)
    html = client.get(last_published.get_absolute_url()).content.decode()
    assert "Lesson 4 of 4" not in html and "Lesson 3 of 3" in html
    assert draft.get_absolute_url() not in html
    client.force_login(staff)
    html = client.get(last_published.get_absolute_url()).content.decode()
    assert "Lesson 3 of 4" in html and draft.get_absolute_url() in html


def test_a_draft_lessons_exercise_and_practice_test_are_not_found_but_staff_preview_them(
    client, enrolled_student, staff, course, draft
):
    exercise = save_exercise(draft, make_exercise_data())
    test = save_test(draft, make_practice_test_data())
    urls = [
        reverse("exercises:exercise", args=[exercise.slug]),
        reverse("quizzes:test", args=[test.slug]),
    ]
    client.force_login(enrolled_student)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(staff)
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_a_draft_lessons_recording_is_not_served_to_enrolled_students(
    client, enrolled_student, course, draft
):
    dialogue = AudioLesson.objects.create(lesson=draft, title="Draft dialogue")
    dialogue.audio.save("draft.wav", ContentFile(b"RIFF0000WAVE"))
    client.force_login(enrolled_student)
    url = reverse("courses:media", args=["lesson-audio", dialogue.pk])
    assert client.get(url).status_code == 404
    Lesson.objects.filter(pk=draft.pk).update(is_published=True)
    assert client.get(url).status_code == 200


def test_my_learning_resumes_at_the_first_lesson_when_the_last_one_became_a_draft(
    client, enrolled_student, course
):
    last = course.lessons.get(slug="lesson-2-2")
    record_visit(user=enrolled_student, lesson=last)
    Lesson.objects.filter(pk=last.pk).update(is_published=False)
    client.force_login(enrolled_student)
    html = client.get(reverse("my_learning")).content.decode()
    assert "Resume where you left off" in html
    assert last.get_absolute_url() not in html
    assert course.lessons.get(slug="lesson-1-1").get_absolute_url() in html
