from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from quizzes.models import Attempt
from tests.browser.test_exercise_journey import log_in
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data, make_practice_test_data

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_student_takes_a_practice_test_with_a_code_question_and_reviews_it(
    celery_worker_process, live_server, page, student
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    lesson = course.lessons.get()
    exercise = save_exercise(lesson, make_exercise_data())
    data = make_practice_test_data(slug="concurrency-check")
    data["questions"].append({"kind": "code", "prompt": "CODE: write the Counter.",
                              "explanation": "EXPLAIN-CODE", "points": 3,
                              "exercise": exercise.slug})  # fmt: skip
    test = save_test(lesson, data)
    enroll(user=student, course=course)
    log_in(page, live_server, student)

    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    page.get_by_role("link", name="Check yourself").click()
    page.get_by_role("button", name="Start the test").click()
    expect(page.locator("#attempt-progress")).to_contain_text("Answered 0 of 5")

    # Answers save as the student goes (no Save button pressed), and the progress follows.
    page.get_by_label("None-0").check()
    page.get_by_label("Lock-0").check()
    page.get_by_label("Event-0").check()
    page.get_by_label("False").check()
    page.get_by_label("Your answer").fill("join")
    expect(page.locator("#attempt-progress")).to_contain_text("Answered 4 of 5")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(COUNTER_SOLUTION)
    expect(page.locator("#attempt-progress")).to_contain_text("Answered 5 of 5")

    # A reload loses nothing.
    page.reload()
    expect(page.get_by_label("None-0")).to_be_checked()
    expect(page.get_by_label("Your answer")).to_have_value("join")

    page.get_by_role("button", name="Submit the attempt").click()
    # The code verdict arrives live, then the score.
    expect(page.locator("#results")).to_contain_text("Score: 8 / 8", timeout=60_000)
    expect(page.get_by_text("Accepted").first).to_be_visible()
    expect(page.get_by_text("EXPLAIN-CODE")).to_be_visible()
    attempt = Attempt.objects.get()
    assert attempt.passed and attempt.score == 8

    # Review it later from the test page.
    page.goto(f"{live_server.url}{test.get_absolute_url()}")
    # In the page, not the header's Review (the spaced-review deck, "Review 1 due").
    page.get_by_role("main").get_by_role("link", name="Review").click()
    expect(page.get_by_text("EXPLAIN-SINGLE-0")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Passed")
