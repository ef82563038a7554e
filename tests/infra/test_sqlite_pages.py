"""`make run` works on SQLite when no DATABASE_URL is set: the pages whose reads are SQL of our
own (courses/selectors.py: reader_standing, the catalog's progress) answer there as on
PostgreSQL. Run in a process of its own, on a fresh SQLite file, with no Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import BASE_DIR

SCRIPT = """
import json
from django.core.management import call_command
from django.test import Client
from courses.bundle import import_bundle
from courses.services import enroll, mark_complete
from tests.factories import UserFactory, make_bundle

call_command("migrate", verbosity=0)
course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=1))
lesson = course.lessons.get(slug="lesson-1-1")
student = UserFactory()
enroll(user=student, course=course)
client = Client()
client.force_login(student)
url = f"/courses/{course.slug}/{lesson.slug}/"
pages = [client.get(url) for _ in range(2)]  # the second rereads: the visit's time compared
mark_complete(user=student, lesson=lesson)
after = client.get(url)
catalog = client.get("/courses/")
print(json.dumps({
    "lesson": [page.status_code for page in pages],
    "mark_complete_offered": b"Mark complete" in pages[1].content,
    "completed_shown": after.status_code == 200 and b"Completed" in after.content,
    "catalog": catalog.status_code,
    "progress": b"50% complete" in catalog.content,
}))
"""


def test_the_lesson_page_and_catalog_work_on_sqlite(tmp_path):
    dropped = {"DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "DEBUG", "SPINDLE_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'spindle.sqlite3'}",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "lesson": [200, 200],
        "mark_complete_offered": True,
        "completed_shown": True,
        "catalog": 200,
        "progress": True,
    }
