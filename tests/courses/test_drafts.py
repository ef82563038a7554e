"""A draft lesson is nobody's work yet: not in progress counts, My learning or a teacher's
matrix, until it is published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Lesson
from courses.services import enroll, mark_complete
from teaching import selectors as teaching_selectors
from teaching import services as teaching_services

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
