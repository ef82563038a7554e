"""What a student sees on the lesson page and its neighbours, on a desktop and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle, make_exercise_data, make_practice_test_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# One unbreakable inline code span, far wider than a phone: it used to scroll the whole page.
LONG_NAME = "concurrent_futures_ThreadPoolExecutor_map_over_every_page_of_the_catalogue_at_once"
LONG_CODE = f"`{LONG_NAME}()`"
DIAGRAM = (
    "```text\n"
    "Thread(...)  --start()-->  alive  --target returns or raises-->  finished\n"
    "   created                   ^                                        |\n"
    "                             |   join() blocks the caller until here -+\n"
    "```"
)


def lesson_bundle(*, items: int = 3, **course) -> dict:
    """The factory course, with author text as real authors write it: backticks in short text,
    a long inline code span, a table and a memory tool drawn as a text diagram."""
    data = make_bundle(chapters=1, lessons_per_chapter=2, items=items, **course)
    data["course"]["summary"] = f"Threads in Python, from `start()` to {LONG_CODE}."
    data["chapters"][0]["title"] = "Threads"
    lesson = data["chapters"][0]["lessons"][0]
    lesson["overview"]["standard"] = (
        f"STANDARD-c1l1: call {LONG_CODE} once.\n\n"
        f"| Call | Returns |\n|---|---|\n| {LONG_CODE} | x |"
    )
    lesson["flashcards"] = [
        {"front": f"FRONT-{i}: what does `start()` do?", "back": f"BACK-{i}: it calls `run()`."}
        for i in range(items)
    ]
    lesson["glossary"] = [
        {"term": "`Thread`", "definition": f"Made by `Thread()`, see {LONG_CODE}"}
    ]
    lesson["key_concepts"] = [{"term": "`join()`", "meaning": "Waits for the thread to *end*."}]
    lesson["memory_aids"] = [
        {"kind": "rhyme", "title": "Start them all", "body": "Then join them all."},
        {"kind": "story", "title": "The head chef", "body": "Cooks and tickets."},
        {"kind": "memory_tool", "title": "Lifecycle sketch", "body": f"Draw it:\n\n{DIAGRAM}"},
    ]
    return data


def lesson_url(live_server, course, slug: str = "lesson-1-1") -> str:
    return f"{live_server.url}/courses/{course.slug}/{slug}/"


def no_sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_deck_shows_one_flashcard_and_next_or_an_arrow_key_changes_it(live_server, page):
    course = import_bundle(lesson_bundle())
    page.set_viewport_size(DESKTOP)
    page.goto(lesson_url(live_server, course))

    shown = page.locator(".flashcard:visible")
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text("FRONT-0")
    expect(page.locator(".flashcard-position")).to_have_text("Card 1 of 3")
    # Inline Markdown: the author's backticks became code.
    expect(shown.get_by_role("button").locator("code")).to_have_text("start()")
    assert "`" not in shown.inner_text()

    page.get_by_role("button", name="Next →").click()
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text("FRONT-1")
    expect(page.locator(".flashcard-position")).to_have_text("Card 2 of 3")

    shown.get_by_role("button").focus()
    page.keyboard.press("ArrowRight")
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text("FRONT-2")
    expect(page.get_by_role("button", name=re.compile("FRONT-2"))).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(shown).to_contain_text("FRONT-1")

    page.keyboard.press("Enter")
    answer = page.get_by_text("BACK-1")
    expect(answer).to_be_visible()
    expect(answer.locator("code")).to_have_text("run()")
    assert "`" not in answer.inner_text()
    # A mouse and a keyboard: the hint speaks of keys.
    expect(page.get_by_text("Left and right arrow keys move between cards.")).to_be_visible()
    expect(page.get_by_text("Swipe left or right")).to_be_hidden()


def test_on_a_touch_screen_the_hint_speaks_of_taps_and_a_swipe_turns_the_card(live_server, browser):
    course = import_bundle(lesson_bundle())
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(lesson_url(live_server, course))

    expect(page.get_by_text("Tap a card to flip it. Swipe left or right")).to_be_visible()
    expect(page.get_by_text("Left and right arrow keys move between cards.")).to_be_hidden()

    card = page.locator(".flashcard:visible")
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    y = box["y"] + box["height"] / 2
    touch = context.new_cdp_session(page)
    for kind, x in [("touchStart", box["x"] + box["width"] - 20), ("touchMove", box["x"] + 20)]:
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(card).to_contain_text("FRONT-1")
    expect(page.locator(".flashcard:visible")).to_have_count(1)
    context.close()


def test_switching_the_overview_depth_keeps_focus_on_the_switch(live_server, page):
    course = import_bundle(lesson_bundle())
    page.goto(lesson_url(live_server, course))

    quick = page.get_by_role("link", name="Quick")
    quick.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#overview")).to_contain_text("QUICK-c1l1")
    expect(quick).to_be_focused()
    expect(quick).to_have_attribute("aria-current", "true")
    assert page.evaluate("document.activeElement !== document.body")
    expect(page.locator("[data-overview-status]")).to_have_text("Quick overview shown.")

    # Keyboard users carry on from where they were: Tab reaches the next depth.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#overview")).to_contain_text("STANDARD-c1l1")
    expect(page.get_by_role("link", name="Standard")).to_be_focused()

    page.get_by_role("link", name="Detailed").click()
    expect(page.locator("#overview")).to_contain_text("DETAILED-c1l1")
    expect(page.get_by_role("link", name="Detailed")).to_be_focused()


def test_no_page_scrolls_sideways_on_a_360_px_screen(live_server, page, student):
    course = import_bundle(lesson_bundle())
    lesson = course.lessons.get(slug="lesson-1-1")
    exercise = save_exercise(
        lesson, make_exercise_data(prompt=f"Write a counter; never call {LONG_CODE}.")
    )
    data = make_practice_test_data(slug="check-yourself")
    data["questions"][0]["choices"][1]["text"] = f"It calls {LONG_CODE}"
    test = save_test(lesson, data)
    enroll(user=student, course=course)
    log_in(page, live_server, student)
    page.set_viewport_size(PHONE)

    pages = {
        "lesson": lesson_url(live_server, course),
        "course": f"{live_server.url}{course.get_absolute_url()}",
        "catalog": f"{live_server.url}/courses/",
        "exercise": f"{live_server.url}{exercise.get_absolute_url()}",
        "practice-test": f"{live_server.url}{test.get_absolute_url()}",
    }
    for name, url in pages.items():
        page.goto(url)
        if name == "practice-test":
            page.get_by_role("button", name="Start the test").click()
        # The long code span is on the page, wrapped, and wholly on screen.
        long_code = page.locator("code", has_text=LONG_NAME).first
        expect(long_code).to_be_visible()
        box = long_code.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
        page.screenshot(path=f"/tmp/lesson-page-360-{name}.png", full_page=True)
        assert no_sideways_scroll(page) <= PHONE["width"], name

    # Tables and diagrams scroll inside themselves, and a keyboard can reach them to scroll.
    page.goto(pages["lesson"])
    expect(page.locator(".prose .table-wrap[tabindex='0'] table")).to_be_visible()
    diagram = page.locator(".memory-aid pre")
    assert diagram.evaluate("pre => pre.scrollWidth > pre.clientWidth")
    expect(diagram).to_have_attribute("tabindex", "0")


def test_a_transcript_folds_to_the_line_being_spoken(
    live_server, page, settings, tmp_path, student
):
    from courses.models import AudioLesson
    from courses.services import record_audio_lesson

    settings.MEDIA_ROOT = tmp_path
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    audio_lesson = AudioLesson.objects.get()
    record_audio_lesson(audio_lesson=audio_lesson)
    enroll(user=student, course=course)
    log_in(page, live_server, student)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{audio_lesson.lesson.get_absolute_url()}")

    first = page.locator(".turn", has_text="SECRET-TRANSCRIPT-c1l1-0")
    second = page.locator(".turn", has_text="Why join?")
    # On a phone the transcript starts folded, so the overview is not thousands of pixels down.
    toggle = page.get_by_role("button", name=re.compile("whole transcript|current line"))
    expect(toggle).to_have_text("Show the whole transcript (2 lines)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_visible()
    expect(second).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("Show only the current line")
    expect(second).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Play from here.*line 2,")).click()

    # Folded while the audio plays, the line shown is the one being spoken.
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(second).to_be_visible()
    expect(first).to_be_hidden()
    page.screenshot(path="/tmp/lesson-page-360-transcript.png")


def test_a_loaded_video_keeps_its_watch_on_youtube_link(live_server, page):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    page.route(re.compile(r"youtube"), lambda route: route.fulfill(body="<p>video</p>"))
    page.set_viewport_size(PHONE)
    page.goto(lesson_url(live_server, course))

    page.get_by_role("button", name="Load the video from YouTube").click()
    frame = page.locator("iframe[title='Talk 0']")
    expect(frame).to_be_visible()
    link = page.get_by_role("link", name="Watch on YouTube")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", re.compile(r"youtube\.com/watch\?v=abcDEF12345"))
    assert frame.bounding_box()["width"] <= PHONE["width"]
    assert no_sideways_scroll(page) <= PHONE["width"]


def test_grid_cards_line_up_the_diagram_shows_whole_and_chapters_are_numbered_once(
    live_server, page
):
    course = import_bundle(lesson_bundle())
    import_bundle(make_bundle(slug="second-course", title="Second course"))
    page.set_viewport_size(DESKTOP)

    page.goto(lesson_url(live_server, course))
    aids = page.locator(".memory-aid")
    assert aids.nth(0).bounding_box()["y"] == aids.nth(1).bounding_box()["y"]
    diagram = page.locator(".memory-aid pre")
    expect(diagram).to_contain_text("join() blocks the caller until here")
    assert diagram.evaluate("pre => pre.scrollWidth <= pre.clientWidth")
    page.locator(".memory-aid").first.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/lesson-page-desktop-memory-aids.png")

    page.goto(f"{live_server.url}/courses/")
    cards = page.locator(".course-card")
    expect(cards).to_have_count(2)
    assert cards.nth(0).bounding_box()["y"] == cards.nth(1).bounding_box()["y"]
    # The summary's inline Markdown shows as code in the catalog too.
    expect(cards.filter(has_text="Concurrency 101").locator("code").first).to_have_text("start()")

    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    heading = page.get_by_role("heading", name="Chapter 1: Threads")
    expect(heading).to_be_visible()
    marker = heading.evaluate("h => getComputedStyle(h.closest('li')).listStyleType")
    assert marker == "none"
    assert "`" not in page.locator(".lead").inner_text()


def test_an_audio_book_chapter_plays_opus_and_highlights_the_paragraph_being_read(
    live_server, page, settings, tmp_path, student
):
    from courses.models import AudioBookChapter
    from courses.services import record_audiobook_chapter

    settings.MEDIA_ROOT = tmp_path
    data = make_bundle(chapters=1, lessons_per_chapter=1, items=1)
    data["chapters"][0]["lessons"][0]["audiobook_chapters"][0]["content"] = (
        "Threads share one memory.\n\n```python\nimport threading\n```\n\n"
        "A `threading.Lock` lets one thread in at a time."
    )
    course = import_bundle(data)
    chapter = AudioBookChapter.objects.get()
    recording = record_audiobook_chapter(chapter=chapter)
    enroll(user=student, course=course)
    log_in(page, live_server, student)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{chapter.lesson.get_absolute_url()}")

    card = page.locator(".audiobook-chapter")
    player = card.locator("audio")
    expect(player).to_be_visible()
    page.wait_for_function("document.querySelector('.audiobook-chapter audio').readyState >= 1")
    # The browser picked the Opus source, and counts the same length the timings were made for.
    assert player.evaluate("audio => audio.currentSrc").endswith(f"/chapter-audio/{chapter.pk}/")
    assert player.evaluate("audio => audio.duration") == pytest.approx(recording.duration, abs=0.1)
    # A browser without Opus takes the MP3 twin: it plays, just as long.
    mp3_duration = player.evaluate(
        """audio => new Promise((resolve, reject) => {
            const mp3 = new Audio(audio.querySelector("source[type='audio/mpeg']").src);
            mp3.onloadedmetadata = () => resolve(mp3.duration);
            mp3.onerror = () => reject(new Error("the MP3 does not load"));
        })"""
    )
    assert mp3_duration == pytest.approx(recording.duration, abs=0.2)

    code = card.locator(".codehilite")
    lock = card.locator("p", has_text="lets one thread in at a time")
    expect(code).not_to_have_class(re.compile("is-speaking"))
    # Start playing inside the code announcement: the code block is the one highlighted.
    code_starts = float(code.get_attribute("data-start"))
    player.evaluate(f"audio => {{ audio.currentTime = {code_starts + 0.2}; return audio.play(); }}")
    expect(code).to_have_class(re.compile("is-speaking"))
    expect(code).to_have_attribute("aria-current", "true")
    # Then the paragraph after it, as the recording reaches it.
    expect(lock).to_have_class(re.compile("is-speaking"), timeout=15_000)
    expect(code).not_to_have_class(re.compile("is-speaking"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    code.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/lesson-chapter-audio-360.png")
