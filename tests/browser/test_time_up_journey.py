"""An attempt whose time ran out reads as ended (no write on GET); the periodic task scores it and
the page shows the review by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from quizzes import services
from quizzes.bundle import save_test
from quizzes.models import Attempt
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle, make_practice_test_data

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_attempt_out_of_time_shows_as_ended_then_its_review_arrives(
    maintenance_process, live_server, page, student
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    test = save_test(
        course.lessons.get(), make_practice_test_data(slug="timed", time_limit_minutes=5)
    )
    enroll(user=student, course=course)
    attempt = services.start_attempt(user=student, test=test)
    short = test.questions.get(prompt__startswith="SHORT")
    services.save_answer(attempt=attempt, question=short, text="join")
    log_in(page, live_server, student)
    expect(page.get_by_role("heading", name="Welcome back, Stella")).to_be_visible()

    # Time runs out while the student is away; they come back to the attempt.
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    page.goto(f"{live_server.url}{attempt.get_absolute_url()}")
    page.evaluate("window.noReloadSince = true")
    results = page.locator("#results")
    expect(results).to_contain_text("Time ran out at")
    expect(page.get_by_role("button", name="Show my score now")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_count(0)
    page.screenshot(path="/tmp/attempt-time-up.png", full_page=True)

    # The periodic task (every few seconds) scores it; the review replaces the notice.
    expect(results).to_contain_text("Score: 1 / 5", timeout=30_000)
    expect(page.get_by_text("Time ran out: the answers saved by then were scored.")).to_be_visible()
    expect(page.get_by_role("heading", name="Question 1")).to_be_visible()
    assert page.evaluate("window.noReloadSince") is True
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.expired
    page.screenshot(path="/tmp/attempt-time-up-scored.png", full_page=True)
