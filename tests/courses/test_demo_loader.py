"""`make run` loads the demo on every start: what an author wrote or changed since must survive."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from courses.models import Chapter, Course, Flashcard, Lesson
from exercises.models import Exercise
from tests.conftest import BASE_DIR

pytestmark = pytest.mark.django_db

PYTHON = BASE_DIR / "content" / "courses" / "python-advance.yaml"


class _FormReader(HTMLParser):
    """The values a browser would submit from the page's main form (the admin change form)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value") or "on"
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Like a browser, drop the newline that follows the opening tag.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_of(client, url: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    # The empty template row of each inline is not submitted by a browser either.
    return {k: v for k, v in reader.data.items() if "__prefix__" not in k}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Recording the demo's half hour of speech is test_demo_audio.py's subject.
    call_command("seed_demo", no_audio=True, stdout=io.StringIO())
    return Course.objects.get(slug="python-advance")


def test_rerunning_the_demo_loader_keeps_authored_lessons_edits_and_accounts(client, demo):
    admin = User.objects.get(email="admin@spindle.local")
    client.force_login(admin)

    # An author writes a lesson in the admin, then edits a demo lesson's title and a flashcard.
    chapter = Chapter.objects.get(course=demo, number=1)
    data = form_of(client, reverse("admin:courses_lesson_add"))
    data |= {"chapter": chapter.pk, "title": "Authored", "slug": "authored", "is_published": "on"}
    response = client.post(reverse("admin:courses_lesson_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    demo_lesson = demo.lessons.get(slug="daemon-threads")
    url = reverse("admin:courses_lesson_change", args=[demo_lesson.pk])
    data = form_of(client, url)
    data["title"] = "Daemon threads, as our team teaches them"
    data["flashcards-0-front"] = "Our own question"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    # The demo student changes their name and password; an exercise gets a better title.
    student = User.objects.get(email="student@spindle.local")
    student.name = "Sofía S."
    student.set_password("my-own-secret")
    student.save()
    Exercise.objects.filter(slug="daemon-threads").update(title="Our daemon exercise")

    call_command("seed_demo", no_audio=True, stdout=io.StringIO())

    authored = demo.lessons.get(slug="authored")
    assert authored.chapter == chapter and authored.is_published
    client.logout()
    assert client.get(authored.get_absolute_url()).status_code == 200
    demo_lesson.refresh_from_db()
    assert demo_lesson.title == "Daemon threads, as our team teaches them"
    assert Flashcard.objects.filter(lesson=demo_lesson, front="Our own question").exists()
    student.refresh_from_db()
    assert student.name == "Sofía S." and student.check_password("my-own-secret")
    assert Exercise.objects.get(slug="daemon-threads").title == "Our daemon exercise"


def test_replacing_is_explicit_with_a_dry_run_that_writes_nothing(demo):
    lesson = demo.lessons.get(slug="daemon-threads")
    Lesson.objects.filter(pk=lesson.pk).update(title="Edited")
    Lesson.objects.create(
        course=demo, chapter=lesson.chapter, number=99, title="Authored", slug="authored"
    )

    out = io.StringIO()
    call_command("import_course", str(PYTHON), dry_run=True, replace=True, stdout=out)
    assert "  update lesson daemon-threads: title" in out.getvalue()
    assert "  delete lesson authored" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert demo.lessons.get(slug="daemon-threads").title == "Edited"
    assert demo.lessons.filter(slug="authored").exists()

    call_command("import_course", str(PYTHON), replace=True, stdout=io.StringIO())
    title = demo.lessons.get(slug="daemon-threads").title
    assert title == "Daemon Threads and Interpreter Shutdown"
    assert not demo.lessons.filter(slug="authored").exists()


def test_exercise_and_test_imports_keep_what_exists_unless_replaced(demo):
    files = sorted((BASE_DIR / "content" / "exercises").glob("*.yaml"))
    Exercise.objects.filter(slug="daemon-threads").update(title="Ours")
    out = io.StringIO()
    call_command("import_exercises", *files, stdout=out)
    assert "Kept exercise daemon-threads: it exists" in out.getvalue()
    call_command("import_exercises", *files, replace=True, dry_run=True, stdout=out)
    assert "Would update exercise daemon-threads" in out.getvalue()
    assert Exercise.objects.get(slug="daemon-threads").title == "Ours"
    call_command("import_exercises", *files, replace=True, stdout=out)
    assert Exercise.objects.get(slug="daemon-threads").title != "Ours"
