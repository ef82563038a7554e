"""Review in the browser: Space reveals, keys 1-4 rate, focus lands on the next card's Reveal
button, the summary ends the sitting; it all fits a 360 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from reviews.models import ReviewLog
from tests.factories import DEFAULT_PASSWORD, make_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def deck(student):
    bundle = make_bundle(chapters=1, lessons_per_chapter=1, items=4)
    bundle["chapters"][0]["lessons"][0]["flashcards"][0] = {
        "front": "What does `lock.acquire()` do?",
        "back": "It **blocks** until the lock is free, then takes it.",
    }
    enroll(user=student, course=import_bundle(bundle))
    return student


def reveal_button(page):
    return page.get_by_role("button", name="Reveal answer")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_student_reviews_by_keyboard_and_sees_the_summary(live_server, page, deck, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, deck)
    nav_review = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^Review 4 due$")
    )
    expect(nav_review).to_be_visible()
    nav_review.click()
    expect(page).to_have_url(f"{live_server.url}/review/")
    page.wait_for_load_state("load")  # htmx and review.js are deferred: keys are theirs
    page.evaluate("window.__noReload = true")  # htmx swaps: the page never reloads

    # The first card: Markdown rendered, the answer hidden, focus on Reveal.
    expect(page.locator(".review-front code")).to_have_text("lock.acquire()")
    expect(page.get_by_text("It blocks until")).to_have_count(0)
    expect(reveal_button(page)).to_be_focused()
    page.screenshot(path=f"/tmp/review-front-{width}.png", full_page=True)

    page.keyboard.press("Space")
    answer = page.locator("#review-answer")
    expect(answer).to_be_visible()
    expect(answer.locator("strong")).to_have_text("blocks")
    expect(answer).to_be_focused()
    for label in ("Again", "Hard", "Good", "Easy"):
        button = page.get_by_role("button", name=re.compile(rf"^{label} · "))
        expect(button).to_be_visible()
        expect(button).to_contain_text(re.compile(r"· (<1 min|\d+ (min|h|days?))"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/review-answer-{width}.png", full_page=True)

    # Rate with keys: 3 (Good) here, then Enter-reveal and 4, 1, 2 for the others.
    page.keyboard.press("3")
    expect(page.locator("#review-answer")).to_have_count(0)
    expect(reveal_button(page)).to_be_focused()
    for key in ("4", "1", "2"):
        page.keyboard.press("Enter" if key == "1" else "Space")
        expect(page.locator("#review-answer")).to_be_focused()
        page.keyboard.press(key)
        if key != "2":
            expect(reveal_button(page)).to_be_focused()

    summary = page.locator(".review-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(nav_review).to_have_count(0)  # the navigation's count went from 4 to none
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Review")
    ).to_be_visible()
    expect(summary.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(summary).to_contain_text("You reviewed 4 cards")
    for label, count in (("Again", 1), ("Hard", 1), ("Good", 1), ("Easy", 1)):
        expect(summary.locator("li", has_text=label)).to_contain_text(str(count))
    expect(summary).to_contain_text(re.compile(r"Next card due in (<1|1) min"))
    assert page.evaluate("window.__noReload") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/review-summary-{width}.png", full_page=True)
    ratings = sorted(ReviewLog.objects.filter(user=deck).values_list("rating", flat=True))
    assert ratings == [1, 2, 3, 4]
