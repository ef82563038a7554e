"""Refusals over htmx are visible where the student is looking (issue 10: a 5 MB solution and
a NUL byte showed nothing)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from config.celery import app as celery_app
from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from exercises.models import Submission
from quizzes.bundle import save_test
from quizzes.models import Answer
from tests.browser.test_exercise_journey import log_in, replace_code
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data, make_practice_test_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lesson(student):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    enroll(user=student, course=course)
    return course.lessons.get()


def test_a_short_answer_with_a_nul_or_5_mb_says_why_it_was_not_saved(
    live_server, page, student, lesson
):
    save_test(lesson, make_practice_test_data(slug="check-yourself"))
    log_in(page, live_server, student)
    page.goto(f"{live_server.url}/tests/check-yourself/")
    page.get_by_role("button", name="Start the test").click()
    expect(page.locator("#attempt-progress")).to_contain_text("Answered 0 of 4")
    page.wait_for_load_state()  # htmx is listening before the first keystroke
    short = page.locator("form.question").filter(has=page.get_by_label("Your answer"))
    status = short.locator(".save-status")

    page.get_by_label("Your answer").fill("jo\x00in")
    expect(status).to_contain_text("Remove the control character U+0000 (line 1, column 3)")

    page.get_by_label("Your answer").fill("x" * (5 * 1024 * 1024))
    expect(status).to_contain_text("is more than the 2.5\xa0MB Spindle accepts")

    page.get_by_label("Your answer").fill("join")
    expect(status).to_contain_text("Saved")
    assert list(Answer.objects.values_list("text", flat=True)) == ["join"]


def test_a_second_run_while_one_is_graded_says_so_in_the_result(
    live_server, page, student, lesson, monkeypatch
):
    # The grading never reaches a worker (one may be running for other tests): it stays queued.
    monkeypatch.setattr(celery_app, "send_task", lambda *args, **kwargs: None)
    exercise = save_exercise(lesson, make_exercise_data())
    log_in(page, live_server, student)
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    replace_code(page, COUNTER_SOLUTION)
    page.get_by_role("button", name="Run examples").click()
    expect(page.locator("#result")).to_contain_text("Queued")

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#result")).to_contain_text("still being graded")
    assert Submission.objects.count() == 1
