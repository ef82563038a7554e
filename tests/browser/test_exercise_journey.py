from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from exercises.models import Submission
from tests.code_samples import COUNTER_SOLUTION, UNLOCKED_COUNTER
from tests.factories import DEFAULT_PASSWORD, make_bundle, make_exercise_data

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def replace_code(page, code):
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)  # as a paste: one insertion, no auto-indent


def test_a_race_is_shown_live_then_the_fix_is_accepted(
    celery_worker_process, live_server, page, student
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    exercise = save_exercise(course.lessons.get(), make_exercise_data())
    enroll(user=student, course=course)
    log_in(page, live_server, student)

    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    expect(page.get_by_role("heading", name="A thread-safe counter")).to_be_visible()
    replace_code(page, UNLOCKED_COUNTER)
    page.get_by_role("button", name="Submit").click()
    result = page.locator("#result")
    expect(result).to_contain_text("Race detected", timeout=60_000)
    assert Submission.objects.get().verdict == "race_detected"

    # The draft survives a reload, then the student fixes it with a lock.
    page.reload()
    expect(page.locator(".cm-content")).to_contain_text("self.value += 1")
    replace_code(page, COUNTER_SOLUTION)
    page.get_by_role("button", name="Submit").click()
    expect(result).to_contain_text("Accepted", timeout=60_000)
    expect(page.locator(".result-region")).to_have_attribute("aria-live", "polite")
    assert list(Submission.objects.order_by("id").values_list("verdict", flat=True)) == [
        "race_detected",
        "accepted",
    ]
