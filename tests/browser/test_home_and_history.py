"""A student's submission shows in the history with its verdict without a reload, and the home
page then offers Resume and that verdict; a teacher's home lists their classes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from teaching.services import create_class
from tests.browser.test_exercise_journey import log_in, replace_code
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.worker
def test_the_history_gets_the_verdict_live_and_home_offers_resume_and_the_verdict(
    celery_worker_process, live_server, page, student
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=1))
    lesson = course.lessons.get(slug="lesson-1-2")
    exercise = save_exercise(lesson, make_exercise_data())
    enroll(user=student, course=course)
    log_in(page, live_server, student)

    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")  # the lesson to resume
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    history = page.locator("#history")
    expect(history).to_be_hidden()  # nothing submitted yet
    page.evaluate("window.noReloadSince = true")

    replace_code(page, COUNTER_SOLUTION)
    page.get_by_role("button", name="Submit").click()
    expect(history).to_be_visible()  # the entry arrives with the submit response
    entry = history.locator("li")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("✓ Accepted", timeout=60_000)
    expect(page.locator("#result")).to_contain_text("Accepted")
    assert page.evaluate("window.noReloadSince") is True  # no reload happened
    when = entry.locator("time")
    expect(when).to_have_text("just now")
    expect(when).to_have_attribute(
        "title", re.compile(r"^\d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d UTC$")
    )
    page.screenshot(path="/tmp/exercise-history-live.png", full_page=True)

    page.goto(f"{live_server.url}/")
    expect(
        page.get_by_role("heading", name=f"Welcome back, {student.get_short_name()}")
    ).to_be_visible()
    resume = page.get_by_role("link", name=f"Resume {course.title}")
    expect(resume).to_be_visible()
    expect(resume).to_have_attribute("href", lesson.get_absolute_url())
    verdicts = page.get_by_role("region", name="Recent verdicts")
    expect(verdicts.get_by_role("link", name=exercise.title)).to_be_visible()
    expect(verdicts).to_contain_text("✓ Accepted")

    page.set_viewport_size({"width": 360, "height": 800})
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/home-student-360.png", full_page=True)
    resume.click()
    expect(page).to_have_url(f"{live_server.url}{lesson.get_absolute_url()}")


def test_a_teachers_home_lists_their_classes_and_leads_to_the_matrix(live_server, page, teacher):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    classroom = create_class(teacher=teacher, course=course, name="Period 3")
    log_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/")
    classes = page.get_by_role("region", name="Your classes")
    link = classes.get_by_role("link", name=re.compile(r"^Progress matrix\s+of Period 3$"))
    expect(link).to_be_visible()
    expect(classes).to_contain_text("Concurrency 101 · 0 students")
    expect(page.get_by_role("region", name="Your courses")).to_have_count(0)  # not a student
    page.set_viewport_size({"width": 360, "height": 800})
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/home-teacher-360.png", full_page=True)
    link.click()
    expect(page).to_have_url(f"{live_server.url}{classroom.get_absolute_url()}")
