"""Be the scheduler in headless Chromium: level 1 won by keyboard alone, the board on a phone,
locked levels for anonymous visitors, and the game without JavaScript."""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from games.bundle import import_level
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle
from tests.games.conftest import shipped_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def levels(db):
    course = import_bundle(make_bundle())
    return [
        import_level(copy.deepcopy(item) | {"course": course.slug, "lesson": "lesson-1-1"})
        for item in shipped_levels()
    ]


def moves(page) -> str:
    return page.locator('input[name="moves"]').input_value()


def press(page, key: str, *, expect_moves: str) -> None:
    """Press a key and wait until the swapped board holds the new move history."""
    page.keyboard.press(key)
    expect(page.locator('input[name="moves"]')).to_have_value(expect_moves)


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_visitor_wins_level_one_by_keyboard_alone(live_server, page, levels):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/games/")
    # From the top of the page, Tab to the first level's link and open it with Enter.
    link = page.get_by_role("link", name="The lost update")
    for _ in range(30):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Level 1: The lost update")).to_be_visible()
    # The keys are the deferred scheduler.js's: a heading on screen can precede it by a moment.
    page.wait_for_load_state("load")

    # Shift+1 expands A's `count += 1`; 1 runs its first part (tmp = count).
    press(page, "Shift+Digit1", expect_moves="x1")
    expect(page.locator(".code-parts li.current")).to_have_text("tmp = count")
    press(page, "Digit1", expect_moves="x1 1")
    expect(page.locator("#board-news")).to_contain_text("tmp = count (tmp is 0)")
    expect(page.locator("#step-1")).to_be_focused()  # focus stays on the thread just stepped

    # Tab to B's Step button and press Enter: B's whole increment runs.
    step_b = page.locator("#step-2")
    for _ in range(10):
        if step_b.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(step_b).to_be_focused()
    outline = step_b.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    expect(page.locator('input[name="moves"]')).to_have_value("x1 1 2")
    expect(page.get_by_text("count", exact=True).locator("xpath=../../dd")).to_have_text("1")

    press(page, "Digit1", expect_moves="x1 1 2 1")
    press(page, "Digit1", expect_moves="x1 1 2 1 1")

    outcome = page.locator("#outcome")
    expect(outcome).to_be_visible()
    expect(outcome).to_have_text("You broke it! Level solved in 5 moves")
    expect(outcome).to_be_focused()
    expect(page.get_by_role("heading", name="What went wrong")).to_be_visible()
    expect(page.get_by_text("is three steps: read")).to_be_visible()
    expect(page.locator(".fixed-code pre").first).to_have_text("count = 0\nlock = Lock()")
    expect(page.locator(".fixed-code pre").nth(1)).to_contain_text("with lock:")
    expect(page.locator("#board-news")).to_contain_text("count == 2 false")
    assert "`" not in page.locator(".outcome").inner_text()  # Markdown rendered, not raw
    expect(page.locator("#step-1")).to_be_disabled()
    page.screenshot(path="/tmp/games-victory-desktop.png", full_page=True)

    # Undo (key u) takes the last move back and the game goes on.
    press(page, "u", expect_moves="x1 1 2 1")
    expect(outcome).to_have_count(0)


def test_the_board_fits_a_phone_and_stacks_its_threads(live_server, page, levels):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/games/scheduler/lost-update/")
    expect(page.locator(".thread")).to_have_count(2)
    first, second = page.locator(".thread").all()
    assert second.bounding_box()["y"] > first.bounding_box()["y"] + first.bounding_box()["height"]
    assert scroll_width(page) <= 360
    page.screenshot(path="/tmp/games-board-phone.png", full_page=True)
    for key, after in [("Shift+Digit2", "x2"), ("Digit2", "x2 2"), ("Digit1", "x2 2 1")]:
        press(page, key, expect_moves=after)
    assert scroll_width(page) <= 360
    page.screenshot(path="/tmp/games-board-phone-expanded.png", full_page=True)
    press(page, "Digit2", expect_moves="x2 2 1 2")
    press(page, "Digit2", expect_moves="x2 2 1 2 2")
    expect(page.locator("#outcome")).to_be_visible()
    assert scroll_width(page) <= 360
    page.screenshot(path="/tmp/games-victory-phone.png", full_page=True)


def test_an_anonymous_visitor_sees_level_two_locked(live_server, page, levels):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/games/")
    second = page.locator(".level-item").nth(1)
    expect(second).to_contain_text("The home-made lock")
    expect(second.get_by_text("Locked")).to_be_visible()
    expect(second.get_by_role("link")).to_have_count(0)
    assert scroll_width(page) <= 360
    page.screenshot(path="/tmp/games-index-phone.png", full_page=True)
    page.goto(f"{live_server.url}/games/scheduler/home-made-lock/")
    expect(page.get_by_role("heading", name="This level is locked")).to_be_visible()
    expect(page.get_by_role("link", name="Sign up for free")).to_be_visible()
    expect(page.locator("#board")).to_have_count(0)


def test_the_board_works_without_javascript(live_server, browser, levels):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/games/scheduler/lost-update/")
    for button in ["#expand-1", "#step-1", "#step-2", "#step-1", "#step-1"]:
        page.locator(button).click()
    expect(page.locator("#outcome")).to_have_text("You broke it! Level solved in 5 moves")
    expect(page.locator("#outcome")).to_be_focused()  # autofocus after the full page load
    context.close()


def test_the_desktop_board_shows_threads_side_by_side(live_server, page, staff, levels):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/games/scheduler/if-instead-of-while/")
    threads = page.locator(".thread").all()
    assert len(threads) == 3
    assert len({round(t.bounding_box()["y"]) for t in threads}) == 1
    for key, after in [("Digit1", "1"), ("Digit1", "1 1"), ("Digit1", "1 1 1"),
                       ("Digit3", "1 1 1 3"), ("Shift+Digit3", "1 1 1 3 x3")]:  # fmt: skip
        press(page, key, expect_moves=after)
    status = page.locator(".thread-status").first
    expect(status).to_have_text("Blocked: waiting on cond until notified")
    page.screenshot(path="/tmp/games-board-desktop.png", full_page=True)


def test_the_course_and_lesson_pages_lead_to_their_levels(live_server, page, levels):
    page.set_viewport_size(PHONE)
    course = levels[0].lesson.course
    page.goto(f"{live_server.url}/courses/{course.slug}/")
    games = page.get_by_role("region", name="Games")
    expect(games).to_be_visible()
    expect(games.get_by_role("link", name="The lost update")).to_be_visible()
    assert scroll_width(page) <= 360
    games.screenshot(path="/tmp/games-course-panel-phone.png")
    page.goto(f"{live_server.url}/courses/{course.slug}/lesson-1-1/")
    play = page.get_by_role("link", name="Play: The lost update")
    expect(play).to_be_visible()
    play.click()
    expect(page.get_by_role("heading", name="Level 1: The lost update")).to_be_visible()
