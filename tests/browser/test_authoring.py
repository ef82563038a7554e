"""A content author edits a dialogue in the admin, records it on the real worker, and listens."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.media import fallback_name
from courses.models import AudioBookChapter, AudioLesson
from tests.conftest import wait_for
from tests.factories import DEFAULT_PASSWORD, make_bundle

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_author_edits_a_transcript_records_it_and_plays_it(
    celery_worker_process, live_server, page, staff
):
    # The worker writes under the default MEDIA_ROOT: a course slug of this run's own.
    course = import_bundle(make_bundle(slug=f"authoring-{uuid.uuid4().hex[:8]}", chapters=1,
                                       lessons_per_chapter=1, items=1))  # fmt: skip
    lesson = course.lessons.get()
    audio_lesson = AudioLesson.objects.get(lesson=lesson)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The dialogue's transcript is edited on the lesson's admin page, nested in the dialogue.
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    # (The admin has no favicon: the browser's own request for one is not the page's error.)
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico")
            and problems.append(f"{m.text} {m.location}")
        ),
    )
    page.goto(f"{live_server.url}/admin/courses/lesson/{lesson.pk}/change/")
    transcript = page.locator("#audio_lessons-0-transcript-group")
    expect(transcript.get_by_role("heading", name="Transcript lines")).to_be_visible()
    # Every table of the page fits a 1280 px screen: nothing to scroll sideways.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    rows = transcript.locator("tbody.djn-item")
    expect(rows).to_have_count(2)
    expect(transcript.locator("th.speaker")).to_have_text("Speaker")
    speaker = rows.nth(1).locator("select[name$='-role']")
    expect(speaker.locator("option")).to_have_text(
        ["---------", "Ms. Rivera (teacher)", "Sam (student)"]
    )
    expect(speaker).to_have_value("student")
    expect(page.locator("[name$='start_seconds']")).to_have_count(0)  # not typed by hand
    rows.nth(1).locator("textarea").fill("So join waits for the thread to finish?")
    page.screenshot(path="/tmp/authoring-lesson-admin-before.png", full_page=True)

    # Drag the student's line above the teacher's by its handle, as a mouse does.
    handle = rows.nth(1).locator(".djn-drag-handler")
    expect(handle).to_be_visible()
    start, target = handle.bounding_box(), rows.nth(0).bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, target["y"] + 2, steps=20)
    page.mouse.up()
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("textarea")).to_have_value("So join waits for the thread to finish?")
    expect(rows.nth(1).locator("textarea")).to_have_value("SECRET-TRANSCRIPT-c1l1-0")
    # The widget renumbers the rows as they move: that is what is saved.
    expect(rows.nth(0).locator("input[name$='-order']")).to_have_value("0")
    expect(rows.nth(1).locator("input[name$='-order']")).to_have_value("1")
    page.screenshot(path="/tmp/authoring-lesson-admin-dragged.png", full_page=True)

    # A line added at the end takes the next place.
    transcript.get_by_role("link", name="Add another Transcript Line").click()
    expect(rows).to_have_count(3)
    expect(rows.nth(2).locator("input[name$='-order']")).to_have_value("2")
    rows.nth(2).locator("select[name$='-role']").select_option(label="Ms. Rivera (teacher)")
    rows.nth(2).locator("textarea").fill("Yes: join blocks until the thread ends.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    lines = list(audio_lesson.transcript.order_by("order").values_list("speaker", "text"))
    assert lines == [
        ("Sam", "So join waits for the thread to finish?"),
        ("Ms. Rivera", "SECRET-TRANSCRIPT-c1l1-0"),
        ("Ms. Rivera", "Yes: join blocks until the thread ends."),
    ]
    expect(rows.nth(0).locator("textarea")).to_have_value(lines[0][1])
    expect(rows.nth(1).locator("select[name$='-role']")).to_have_value("teacher")
    page.screenshot(path="/tmp/authoring-lesson-admin-after.png", full_page=True)
    assert problems == []

    try:
        _record_and_play(page, live_server, course, lesson)
    finally:
        # The action narrates the lesson's audio-book chapter too: once the worker is done with
        # it, remove what it wrote (each recording and its MP3 twin).
        chapter = AudioBookChapter.objects.get(lesson=lesson)
        wait_for(
            lambda: (
                AudioBookChapter.objects.get(pk=chapter.pk).recording_status
                in ("", "done", "failed")
            ),
            timeout=60,
            message="the chapter's narration to finish",
        )
        for item in (
            AudioLesson.objects.get(pk=audio_lesson.pk),
            AudioBookChapter.objects.get(pk=chapter.pk),
        ):
            if item.audio:
                item.audio.storage.delete(fallback_name(item.audio.name))
                item.audio.delete(save=False)


def _record_and_play(page, live_server, course, lesson) -> None:
    # Record audio from the lesson list; the worker reports progress until it is done.
    page.goto(f"{live_server.url}/admin/courses/lesson/?course__id__exact={course.pk}")
    page.get_by_role("checkbox", name=re.compile("Select this object")).check()
    action = "Record audio of the selected lessons' dialogues"
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Recording 1 dialogue(s) on a worker.")
    page.get_by_role("link", name="Follow their progress").click()
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)

    def recorded() -> bool:
        page.reload()
        return row.locator(".field-recording").inner_text().strip() in ("Recorded", "Failed")

    wait_for(recorded, timeout=60, interval=0.5, message="the recording to finish")
    expect(row.locator(".field-recording")).to_have_text("Recorded")
    page.screenshot(path="/tmp/authoring-recorded.png", full_page=True)

    # The lesson page plays the dialogue, following along line by line.
    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    audio = "document.querySelector('.audio-lesson audio')"
    expect(page.locator(".audio-lesson audio")).to_be_visible()
    page.wait_for_function(f"() => {audio}.duration > 0")
    turns = page.locator("[data-dialogue] .turn")
    expect(turns.first).to_contain_text("So join waits for the thread to finish?")
    page.get_by_role("button", name=re.compile(r"Play from here \(line 2")).click()
    page.wait_for_function(f"() => {audio}.currentTime > 0")
    start = page.evaluate(f"{audio}.currentTime")
    page.wait_for_function(f"() => {audio}.currentTime > {start} + 0.3")
    expect(turns.nth(1)).to_have_class(re.compile("is-current"))
    page.screenshot(path="/tmp/authoring-playing.png", full_page=True)


def test_an_author_orders_chapters_and_lessons_by_drag_and_drop_and_previews_a_draft(
    live_server, page, staff
):
    course = import_bundle(make_bundle(slug=f"order-{uuid.uuid4().hex[:8]}", chapters=2,
                                       lessons_per_chapter=2, items=1))  # fmt: skip
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Chapter 2 goes first, by the sortable widget on the course's page.
    page.goto(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    page.locator("#chapters-1").get_by_role("button", name="Move to first position").click()
    page.screenshot(path="/tmp/authoring-course-chapters.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # On the (new) first chapter's page, its second lesson moves up and a draft is added.
    chapter = course.chapters.get(number=1)
    assert chapter.title == "Chapter 2"
    page.goto(f"{live_server.url}/admin/courses/chapter/{chapter.pk}/change/")
    page.locator("#lessons-1").get_by_role("button", name="Move to first position").click()
    page.get_by_text("Add another Lesson").click()
    page.locator("#lessons-2 input[name$='-title']").fill("Fresh draft")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.screenshot(path="/tmp/authoring-chapter-lessons.png", full_page=True)
    assert list(chapter.lessons.order_by("number").values_list("slug", flat=True)) == [
        "lesson-2-2",
        "lesson-2-1",
        "fresh-draft",
    ]

    # The course page follows the new order; staff see the draft, marked, and preview it.
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    lessons = page.locator("ol.lessons li")
    expect(lessons).to_contain_text(["Lesson 2.2", "Lesson 2.1", "Fresh draft", "Lesson 1.1"])
    expect(lessons.nth(2).get_by_text("Draft", exact=True)).to_be_visible()
    lessons.nth(2).get_by_role("link", name="Fresh draft").click()
    expect(page.get_by_role("note")).to_have_text(
        "Draft — only staff can see this. Publish the lesson in the admin to make it live."
    )
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/authoring-draft-preview.png")

    # The lesson admin: chapter choices name their course.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/courses/lesson/add/")
    expect(page.get_by_label("Chapter:")).to_contain_text(f"{course.title} — 1. Chapter 2")
