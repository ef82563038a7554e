from __future__ import annotations

import pytest

from courses.bundle import import_bundle
from courses.services import enroll
from tests.factories import make_bundle


@pytest.fixture
def course(db):
    return import_bundle(make_bundle())


@pytest.fixture
def lesson(course):
    return course.lessons.get(slug="lesson-1-1")


@pytest.fixture
def enrolled_student(student, course):
    enroll(user=student, course=course)
    return student
