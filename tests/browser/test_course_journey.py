from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.models import Enrollment, LessonCompletion
from tests.factories import make_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_browses_signs_up_enrolls_studies_and_sees_progress(live_server, page):
    import_bundle(make_bundle(chapters=1, lessons_per_chapter=2))

    # Browse the catalog anonymously and open a lesson: locked parts show lock cards.
    page.goto(f"{live_server.url}/courses/")
    page.get_by_role("link", name="Concurrency 101").click()
    page.get_by_role("link", name="Lesson 1.1").click()
    expect(page.get_by_role("heading", name="Enroll to unlock audio lessons")).to_be_visible()
    expect(page.get_by_text("SECRET-TRANSCRIPT-c1l1-0")).to_have_count(0)

    # Sign up from the lock card; we come back to the lesson, enrolled.
    page.get_by_role("button", name="Sign up and enroll").click()
    page.get_by_label("Name").fill("Linus Learner")
    page.get_by_label("Email").fill("linus@example.com")
    page.get_by_label("Password", exact=True).fill("kernel-hacker-1991")
    page.get_by_label("Password again").fill("kernel-hacker-1991")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled in Concurrency 101")
    expect(page).to_have_url(re.compile(r"/courses/concurrency-101/lesson-1-1/$"))
    assert Enrollment.objects.filter(user__email="linus@example.com").exists()
    expect(page.get_by_text("SECRET-TRANSCRIPT-c1l1-0")).to_be_visible()

    # Switch the overview depth in place: no page load (a marker on window survives).
    page.evaluate("window.__noReload = true")
    page.get_by_role("link", name="Quick").click()
    expect(page.locator("#overview")).to_contain_text("QUICK-c1l1")
    expect(page.locator("#overview")).not_to_contain_text("STANDARD-c1l1")
    assert page.evaluate("window.__noReload") is True

    # Flip a flashcard with the keyboard, then move to the next one with an arrow key.
    first_card = page.get_by_role("button", name=re.compile("FRONT-c1l1-0"))
    first_card.focus()
    expect(page.get_by_text("BACK-c1l1-0")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.get_by_text("BACK-c1l1-0")).to_be_visible()
    expect(first_card).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowRight")
    second_card = page.get_by_role("button", name=re.compile("FRONT-c1l1-1"))
    expect(second_card).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("BACK-c1l1-1")).to_be_visible()

    # Mark the lesson complete (in place), then My learning shows the progress.
    page.get_by_role("button", name="Mark complete").click()
    expect(page.locator("#completion")).to_contain_text("Completed")
    assert LessonCompletion.objects.filter(user__email="linus@example.com").count() == 1
    page.get_by_role("link", name="My learning").click()
    expect(page.locator("#group-in_progress + ul")).to_contain_text("50% complete")
    page.get_by_role("link", name="Resume where you left off").click()
    expect(page.get_by_role("heading", name="Lesson 1.1")).to_be_visible()


def test_a_video_loads_only_when_asked(live_server, page):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(re.compile(r"youtube"), lambda route: route.fulfill(body="<p>video</p>"))
    page.goto(f"{live_server.url}/courses/{course.slug}/lesson-1-1/")
    assert not [url for url in requests if "youtube" in url]
    # The frame's request follows its insertion: wait for it rather than look at once.
    with page.expect_request(re.compile(r"youtube-nocookie\.com/embed/abcDEF12345")):
        page.get_by_role("button", name="Load the video from YouTube").click()
    expect(page.locator("iframe[title='Talk 0']")).to_be_attached()


def test_the_audio_lesson_shows_its_duration_and_plays_from_any_line(
    live_server, page, settings, tmp_path, student
):
    from courses.models import AudioLesson
    from courses.services import enroll, record_audio_lesson
    from tests.browser.test_exercise_journey import log_in

    settings.MEDIA_ROOT = tmp_path
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    audio_lesson = AudioLesson.objects.get()
    recording = record_audio_lesson(audio_lesson=audio_lesson)
    enroll(user=student, course=course)
    log_in(page, live_server, student)

    page.goto(f"{live_server.url}{audio_lesson.lesson.get_absolute_url()}")
    player = page.locator("audio")
    # Served with Range support, so the browser knows the length and can seek.
    page.wait_for_function("document.querySelector('audio').readyState >= 1")
    duration = player.evaluate("audio => audio.duration")
    assert duration == pytest.approx(recording.duration, abs=0.2)
    page.get_by_role("button", name=re.compile(r"Play from here.*line 2,")).click()
    second_line = audio_lesson.transcript.order_by("order")[1].start_seconds
    position = player.evaluate("audio => audio.currentTime")
    assert position == pytest.approx(second_line, abs=0.5)
