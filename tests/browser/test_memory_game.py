"""The memory game in the browser: a student finishes a three-pair game by keyboard alone,
with one mistake, and sees the time and the personal best; on a phone nothing scrolls
sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from games.models import MemoryBest
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
GLOSSARY = {
    "Lock": "Lets one thread at a time into a critical section.",
    "Event": "A flag threads can wait on until another thread sets it.",
    "Daemon thread": "Stopped abruptly when the interpreter exits.",
}


def test_a_student_matches_three_pairs_by_keyboard_and_sees_the_personal_best(
    live_server, page, student
):
    data = make_bundle(chapters=1, lessons_per_chapter=1, items=1)
    data["chapters"][0]["lessons"][0]["glossary"] = [
        {"term": term, "definition": definition} for term, definition in GLOSSARY.items()
    ]
    course = import_bundle(data)
    lesson = course.lessons.get()
    log_in(page, live_server, student)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    page.get_by_role("link", name="Play the memory game").click()
    expect(page.get_by_role("heading", name="Memory game", level=1)).to_be_visible()

    terms = page.locator("[data-column='terms'] .memory-card")
    definitions = page.locator("[data-column='definitions'] .memory-card")
    expect(terms).to_have_count(3)
    expect(page.get_by_text("The memory game needs JavaScript.")).to_be_hidden()
    live = page.locator("[data-memory-live]")

    def focused() -> str:
        return page.evaluate("document.activeElement.textContent")

    def arrow_down_to(text: str) -> None:
        for _ in range(3):
            if focused() == text:
                return
            page.keyboard.press("ArrowDown")
        assert focused() == text

    # Keyboard only: Tab from the top of the page to the first term.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('memory-card')"):
            break
    expect(terms.first).to_be_focused()
    first_term = terms.first.inner_text()
    page.keyboard.press("Enter")
    expect(terms.first).to_have_attribute("aria-pressed", "true")
    wrong = next(t for t in definitions.all_inner_texts() if t != GLOSSARY[first_term])
    page.keyboard.press("ArrowRight")  # across to the definitions
    arrow_down_to(wrong)
    page.keyboard.press(" ")  # a wrong pair: five seconds more
    expect(live).to_have_text("Not a pair: plus 5 seconds.")
    expect(page.locator("[data-memory-mistakes]")).to_have_text("1 mistake")
    expect(terms.first).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("ArrowLeft")  # back to the terms
    page.screenshot(path="/tmp/memory-game-360.png", full_page=True)

    for matched in range(1, 4):
        term = page.locator("[data-column='terms'] .memory-card:not([disabled])").first
        name = term.inner_text()
        if matched == 1:
            arrow_down_to(name)
        else:  # after a match the focus comes back to the first term left
            expect(term).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowRight")
        arrow_down_to(GLOSSARY[name])
        page.keyboard.press("Enter")
        if matched < 3:
            expect(live).to_have_text(f"Matched: {name} — {GLOSSARY[name]}. {matched} of 3 pairs.")
            expect(page.locator(".memory-card.is-matched")).to_have_count(2 * matched)

    done = page.get_by_role("heading", name="All pairs matched")
    expect(done).to_be_visible()
    result = page.locator("[data-memory-result]")
    expect(result).to_have_text(
        re.compile(r"Your time: \d+\.\d s \(with 1 × 5 s for mistakes\)\. A new personal best!")
    )
    best = MemoryBest.objects.get(user=student, lesson=lesson)
    assert best.best_ms >= 5_000 and best.plays == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/memory-game-done-360.png")

    # The next game shows the best to beat.
    page.get_by_role("link", name="Play again").click()
    expect(
        page.get_by_text(f"Your best for this lesson: {best.best_ms / 1000:.1f} s.")
    ).to_be_visible()


def test_without_javascript_the_page_says_the_game_needs_it(live_server, browser):
    data = make_bundle(chapters=1, lessons_per_chapter=1, items=3)
    lesson = import_bundle(data).lessons.get()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/games/memory/{lesson.course.slug}/{lesson.slug}/")
    expect(page.get_by_text("The memory game needs JavaScript.")).to_be_visible()
    expect(page.locator(".memory-card").first).to_be_hidden()
    context.close()


def test_the_memory_game_and_the_catalog_sections_have_no_accessibility_violations(
    live_server, browser, student
):
    from tests.browser.test_accessibility import AXE, violations

    data = make_bundle(chapters=1, lessons_per_chapter=1, items=1)
    data["chapters"][0]["lessons"][0]["glossary"] = [
        {"term": term, "definition": definition} for term, definition in GLOSSARY.items()
    ]
    lesson = import_bundle(data).lessons.get()
    # axe goes in as an inline script, which our Content-Security-Policy rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, student)
    path = f"/games/memory/{lesson.course.slug}/{lesson.slug}/"
    found = {
        path: violations(page, path, live_server),
        "catalog section": violations(page, "/courses/?kind=professional", live_server),
    }
    # A term chosen: the pressed state is part of what axe checks.
    page.goto(f"{live_server.url}{path}")
    page.locator("[data-column='terms'] .memory-card").first.click()
    page.add_script_tag(content=AXE.read_text())
    found["a term chosen"] = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => v.id)"
    )
    context.close()
    assert found == {key: [] for key in found}
