from __future__ import annotations

import pytest

from courses.bundle import import_bundle
from courses.services import enroll
from tests.factories import make_bundle


@pytest.fixture
def course(db):
    # Two lessons of two flashcards each: four cards.
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=2))


@pytest.fixture
def enrolled_student(student, course):
    enroll(user=student, course=course)
    return student
