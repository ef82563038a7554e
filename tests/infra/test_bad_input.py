"""Bad input gets a clear error on every form and writes nothing: NUL and other control
characters (a field error, 400) and bodies over the upload limit (413, a page or an htmx
fragment that says the limit)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from courses.bundle import import_bundle
from courses.models import Program
from courses.services import enroll
from exercises.bundle import save_exercise
from exercises.models import Exercise, Submission
from quizzes.bundle import save_test
from quizzes.models import Answer, Attempt
from quizzes.services import start_attempt
from teaching.models import Classroom, Membership
from teaching.services import create_class
from tests.factories import (
    DEFAULT_PASSWORD,
    make_bundle,
    make_exercise_data,
    make_practice_test_data,
)

pytestmark = pytest.mark.django_db

FIVE_MB = "x" * (5 * 1024 * 1024)
NEW_PASSWORDS = {"new_password1": "a-long-passphrase-42", "new_password2": "a-long-passphrase-42"}


@dataclass
class World:
    course: object
    exercise: Exercise
    attempt: Attempt
    classroom: Classroom
    student: User
    teacher: User
    staff: User

    def question(self, kind: str):
        return self.attempt.test.questions.get(kind=kind)


@pytest.fixture
def world(student, teacher, staff):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    lesson = course.lessons.get()
    exercise = save_exercise(lesson, make_exercise_data())
    data = make_practice_test_data()
    data["questions"].append(
        {
            "kind": "code",
            "prompt": "CODE",
            "explanation": "",
            "points": 1,
            "exercise": exercise.slug,
        }
    )
    enroll(user=student, course=course)
    attempt = start_attempt(user=student, test=save_test(lesson, data))
    classroom = create_class(teacher=teacher, course=course, name="Period 3")
    return World(course, exercise, attempt, classroom, student, teacher, staff)


def reset_link(client, world) -> str:
    """The page a password-reset email leads to (the token moves into the session)."""
    client.post(reverse("accounts:password_reset"), {"email": world.student.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[-1].body)[1]
    mail.outbox.clear()
    return client.get(link, follow=True).redirect_chain[-1][0]


@dataclass
class Form:
    """One form of ours: where it posts, valid data, the field to spoil and who posts it."""

    name: str
    url: Callable
    data: Callable
    spoil: tuple[str, ...]
    user: str | None = None
    htmx: bool = False
    # Django's admin re-renders an invalid form with 200; every other form answers 400.
    status: int = 400
    extra: dict = field(default_factory=dict)


FORMS = [
    Form("sign up", lambda c, w: reverse("accounts:signup"),
         lambda w: {"name": "Ada", "email": "ada@example.com", "password1": "a-long-passphrase-42",
                    "password2": "a-long-passphrase-42"}, ("name",)),
    Form("log in", lambda c, w: reverse("accounts:login"),
         lambda w: {"username": w.student.email, "password": DEFAULT_PASSWORD}, ("username",)),
    Form("profile", lambda c, w: reverse("accounts:profile"),
         lambda w: {"name": "Stella Star", "email": w.student.email}, ("name",), user="student"),
    Form("password change", lambda c, w: reverse("accounts:password_change"),
         lambda w: {"old_password": DEFAULT_PASSWORD, **NEW_PASSWORDS},
         ("new_password1", "new_password2"), user="student"),
    Form("password reset", lambda c, w: reverse("accounts:password_reset"),
         lambda w: {"email": w.student.email}, ("email",)),
    Form("new password from a reset link", reset_link, lambda w: dict(NEW_PASSWORDS),
         ("new_password1", "new_password2")),
    Form("exercise", lambda c, w: reverse("exercises:submit", args=[w.exercise.slug]),
         lambda w: {"code": "x = 1\n", "kind": "submit"}, ("code",), user="student"),
    Form("exercise over htmx", lambda c, w: reverse("exercises:submit", args=[w.exercise.slug]),
         lambda w: {"code": "x = 1\n", "kind": "run"}, ("code",), user="student", htmx=True),
    Form("short answer",
         lambda c, w: reverse("quizzes:answer", args=[w.attempt.pk, w.question("short").pk]),
         lambda w: {"text": "join"}, ("text",), user="student"),
    Form("short answer over htmx",
         lambda c, w: reverse("quizzes:answer", args=[w.attempt.pk, w.question("short").pk]),
         lambda w: {"text": "join"}, ("text",), user="student", htmx=True),
    Form("code answer over htmx",
         lambda c, w: reverse("quizzes:answer", args=[w.attempt.pk, w.question("code").pk]),
         lambda w: {"text": "x = 1\n"}, ("text",), user="student", htmx=True),
    Form("new class", lambda c, w: reverse("teaching:create"),
         lambda w: {"name": "Period 4", "course": w.course.pk}, ("name",), user="teacher"),
    Form("join a class", lambda c, w: reverse("teaching:join"),
         lambda w: {"code": w.classroom.join_code}, ("code",), user="other_student"),
    Form("admin login", lambda c, w: reverse("admin:login"),
         lambda w: {"username": w.staff.email, "password": DEFAULT_PASSWORD}, ("username",),
         status=200),
    Form("admin exercise",
         lambda c, w: reverse("admin:exercises_exercise_change", args=[w.exercise.pk]),
         lambda w: {**{name: getattr(w.exercise, name) for name in _exercise_fields()},
                    "lesson": w.exercise.lesson_id, "title": "Renamed"},
         ("title",), user="staff", status=200),
    Form("admin new program", lambda c, w: reverse("admin:courses_program_add"),
         lambda w: {"kind": "professional", "title": "Ops", "slug": "ops", "field": "technology",
                    "grade_band": "", "description": "All about it."},
         ("title", "description"), user="staff", status=200),
]  # fmt: skip


def _exercise_fields():
    from exercises.bundle import FIELDS, LIMIT_FIELDS

    return FIELDS + LIMIT_FIELDS


def database(world) -> dict:
    """What any of these forms could write."""
    return {
        "users": sorted(User.objects.values_list("email", "name", "password", "last_login")),
        "submissions": Submission.objects.count(),
        "answers": sorted(Answer.objects.values_list("question_id", "text")),
        "classes": sorted(Classroom.objects.values_list("name", flat=True)),
        "members": Membership.objects.count(),
        "exercises": sorted(Exercise.objects.values_list("title", "validation_verdict")),
        "programs": sorted(Program.objects.values_list("slug", "title", "description")),
        "mail": len(mail.outbox),
    }


def open_form(client, request, form: Form, world) -> str:
    if form.user:
        client.force_login(request.getfixturevalue(form.user))
    return form.url(client, world)


def post(client, form: Form, url: str, data: dict):
    headers = {"HX-Request": "true"} if form.htmx else {}
    return client.post(url, data, headers=headers)


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
@pytest.mark.parametrize("character", ["\x00", "\x1b"], ids=["NUL", "ESC"])
def test_a_control_character_in_any_form_is_a_field_error_that_writes_nothing(
    client, request, world, form, character
):
    data = form.data(world)
    for name in form.spoil:
        data[name] = f"{data[name][:2]}{character}{data[name][2:]}"
    url = open_form(client, request, form, world)
    before = database(world)
    response = post(client, form, url, data)

    assert response.status_code == form.status, response.content[:2000]
    assert f"Remove the control character U+{ord(character):04X}" in response.content.decode()
    assert database(world) == before
    assert "_auth_user_id" not in client.session or form.user


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_a_5_mb_body_on_any_form_says_the_limit_and_writes_nothing(client, request, world, form):
    data = form.data(world)
    data[form.spoil[0]] = FIVE_MB
    url = open_form(client, request, form, world)
    before = database(world)
    response = post(client, form, url, data)

    assert response.status_code == 413
    html = response.content.decode()
    assert "(5.0\xa0MB) is more than the 2.5\xa0MB Spindle accepts" in html
    if form.htmx:  # a fragment for the form's own target, which htmx swaps in (see base.html)
        assert response["HX-Reswap"] == "innerHTML" and "<html" not in html
    else:
        assert "<h1>Too large to send</h1>" in html
    assert database(world) == before


def test_tabs_and_line_breaks_are_text(client, world):
    client.force_login(world.student)
    code = "def f():\r\n\treturn 1\n"
    response = client.post(reverse("exercises:submit", args=[world.exercise.slug]),
                           {"code": code, "kind": "run"})  # fmt: skip
    assert response.status_code == 302
    assert Submission.objects.get().code == code


def test_every_htmx_refusal_status_is_swapped_in_by_htmx(client):
    # Refusals answer 4xx with a message fragment; htmx swaps only what its config allows.
    html = client.get(reverse("home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html)[1]
    swapped = re.search(r'"code": "(4\([^"]+\))", "swap": true', config)[1]
    for status in (400, 403, 409, 413, 429):
        assert re.fullmatch(swapped, str(status)), status
    assert not re.fullmatch(swapped, "404")


def test_a_catalog_search_with_a_control_character_is_ignored_with_a_message(client, world):
    response = client.get(reverse("courses:catalog"), {"q": "Con\x00currency"})
    assert response.status_code == 200
    assert "Remove the control character U+0000" in response.content.decode()
    assert world.course.title in response.content.decode()  # the filter is not applied
