from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from courses.bundle import import_bundle
from games.bundle import import_level
from tests.factories import make_bundle

LEVELS_FILE = Path(__file__).resolve().parents[2] / "content" / "games" / "be-the-scheduler.yaml"


def shipped_levels() -> list[dict]:
    return yaml.safe_load(LEVELS_FILE.read_text())["levels"]


@pytest.fixture
def course(db):
    return import_bundle(make_bundle())


@pytest.fixture
def levels(course):
    """The shipped levels, through the real import, tied to the test course's first lesson
    (the last one to no lesson at all)."""
    created = []
    data = shipped_levels()
    for item in data[:-1]:
        item = copy.deepcopy(item) | {"course": course.slug, "lesson": "lesson-1-1"}
        created.append(import_level(item))
    last = {k: v for k, v in data[-1].items() if k not in ("course", "lesson")}
    created.append(import_level(last))
    return created
