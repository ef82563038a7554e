from __future__ import annotations

import pytest

from courses.bundle import import_bundle
from courses.services import enroll
from quizzes.bundle import save_test
from tests.factories import make_bundle, make_practice_test_data


@pytest.fixture
def course(db):
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))


@pytest.fixture
def lesson(course):
    return course.lessons.get()


@pytest.fixture
def practice_test(lesson):
    return save_test(lesson, make_practice_test_data())


@pytest.fixture
def enrolled_student(student, course):
    enroll(user=student, course=course)
    return student


def choice(test, prefix):
    """The choice whose text starts with `prefix` (e.g. "None-0")."""
    from quizzes.models import Choice

    return Choice.objects.get(question__test=test, text__startswith=prefix)


def question(test, prefix):
    return test.questions.get(prompt__startswith=prefix)
