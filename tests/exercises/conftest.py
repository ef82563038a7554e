from __future__ import annotations

import pytest

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from tests.factories import make_bundle, make_exercise_data


@pytest.fixture
def course(db):
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))


@pytest.fixture
def exercise(course):
    return save_exercise(course.lessons.get(), make_exercise_data())


@pytest.fixture
def enrolled_student(student, course):
    enroll(user=student, course=course)
    return student
