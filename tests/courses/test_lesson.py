from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.bundle import import_bundle
from courses.models import AudioLesson, Enrollment, LessonCompletion
from courses.services import enroll
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db


def lesson_url(lesson, **query):
    url = reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


OPEN_TEXT = ["STANDARD-c1l1", "Term 0", "FRONT-c1l1-0", "BACK-c1l1-0",
             "Word 0", "Docs 0", "Talk 0", "Aid rhyme", "Example 0"]  # fmt: skip
LOCKED_TEXT = ["SECRET-TRANSCRIPT-c1l1-0", "SECRET-CHAPTER-c1l1-0"]


def test_an_anonymous_visitor_sees_open_components_and_lock_cards(client, lesson):
    html = client.get(lesson_url(lesson)).content.decode()
    for text in OPEN_TEXT:
        assert text in html, text
    for text in LOCKED_TEXT:
        assert text not in html, text
    assert "Enroll to unlock audio lessons" in html
    assert "Sign up and enroll" in html
    # Titles of locked parts stay visible, so visitors know what they would unlock.
    assert "Dialogue c1l1-0" in html and "Audio-book c1l1-0" in html


def test_a_signed_in_student_not_enrolled_sees_no_locked_text(client, student, lesson):
    client.force_login(student)
    html = client.get(lesson_url(lesson)).content.decode()
    for text in LOCKED_TEXT:
        assert text not in html
    assert "Enroll for free" in html


@pytest.mark.parametrize("who", ["enrolled_student", "staff"])
def test_enrolled_students_and_staff_see_the_transcript_and_chapters(
    client, request, who, lesson, course
):
    client.force_login(request.getfixturevalue(who))
    html = client.get(lesson_url(lesson)).content.decode()
    for text in LOCKED_TEXT + OPEN_TEXT:
        assert text in html, text
    assert "Enroll to unlock" not in html
    assert "Chapter 1 of 2" in html


def test_the_page_follows_the_textbook_order(client, enrolled_student, lesson):
    client.force_login(enrolled_student)
    html = client.get(lesson_url(lesson)).content.decode()
    headings = ["Interactive audio lesson", "Overview", "Audio-book chapters", "Key concepts",
                "Examples &amp; applications", "Memory aids", "Flashcards", "Glossary",
                "References", "Videos", "Mark complete"]  # fmt: skip
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_the_overview_depth_switch_swaps_in_place_with_htmx(client, lesson):
    response = client.get(lesson_url(lesson, depth="quick"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="overview"')
    assert "QUICK-c1l1" in html and "STANDARD-c1l1" not in html
    assert "<header" not in html


def test_the_overview_depth_works_without_javascript(client, lesson):
    html = client.get(lesson_url(lesson, depth="detailed")).content.decode()
    assert "DETAILED-c1l1" in html and "<header" in html
    assert 'class="codehilite"' in html


def test_an_unknown_depth_falls_back_or_404s(client, lesson):
    assert "STANDARD-c1l1" in client.get(lesson_url(lesson, depth="bogus")).content.decode()
    response = client.get(lesson_url(lesson, depth="bogus"), headers={"HX-Request": "true"})
    assert response.status_code == 404


def test_videos_are_click_to_load_with_no_third_party_request(client, lesson):
    html = client.get(lesson_url(lesson)).content.decode()
    assert "<iframe" not in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/abcDEF12345"' in html


def test_marking_complete_and_undoing_it(client, enrolled_student, lesson):
    client.force_login(enrolled_student)
    url = reverse("courses:complete", args=[lesson.course.slug, lesson.slug])
    response = client.post(url, headers={"HX-Request": "true"})
    assert "✓ Completed" in response.content.decode()
    assert LessonCompletion.objects.filter(user=enrolled_student, lesson=lesson).exists()

    client.post(url, {"action": "undo"})
    assert not LessonCompletion.objects.filter(user=enrolled_student, lesson=lesson).exists()


def test_marking_complete_needs_enrollment(client, student, lesson):
    client.force_login(student)
    url = reverse("courses:complete", args=[lesson.course.slug, lesson.slug])
    assert client.post(url).status_code == 403
    assert not LessonCompletion.objects.exists()


def test_marking_complete_sends_anonymous_visitors_to_log_in(client, lesson):
    url = reverse("courses:complete", args=[lesson.course.slug, lesson.slug])
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))


def test_visiting_a_lesson_sets_the_resume_link(client, enrolled_student, course):
    lesson = course.lessons.get(slug="lesson-2-1")
    client.force_login(enrolled_student)
    client.get(lesson_url(lesson))
    assert Enrollment.objects.get(user=enrolled_student).last_lesson == lesson
    html = client.get(course.get_absolute_url()).content.decode()
    assert "Resume: Lesson 2.1" in html


def test_previous_and_next_links_cross_chapters(client, course):
    lesson = course.lessons.get(slug="lesson-1-2")
    html = client.get(lesson_url(lesson)).content.decode()
    assert 'rel="prev" href="/courses/concurrency-101/lesson-1-1/"' in html
    assert 'rel="next" href="/courses/concurrency-101/lesson-2-1/"' in html


def test_a_tampered_lesson_slug_is_404(client, course):
    assert client.get(reverse("courses:lesson", args=[course.slug, "nope"])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "student", "enrolled_student", "staff"])
@pytest.mark.parametrize("size", [1, 5])
def test_the_lesson_page_uses_a_constant_number_of_queries(
    client, request, who, size, django_assert_num_queries
):
    course = import_bundle(make_bundle(chapters=size, lessons_per_chapter=size, items=size))
    user = (
        None
        if who == "anonymous"
        else request.getfixturevalue("student" if who == "enrolled_student" else who)
    )
    if who == "enrolled_student":
        enroll(user=user, course=course)
    if user:
        client.force_login(user)
    # The lesson, the lesson order, its practice tests and game levels (games' panel), the
    # overview and the component lists; plus session, user and the reader's enrollment and
    # completion when signed in; the resume UPDATE and transcripts when unlocked; a student's
    # navigation adds the count of cards due for review (not a visitor's or staff's). A second
    # request reads all but the reader's own from the cache (tests/courses/test_lesson_cache.py).
    expected = {"anonymous": 16, "student": 20, "enrolled_student": 22, "staff": 20}[who]
    with django_assert_num_queries(expected):
        response = client.get(lesson_url(course.lessons.get(slug="lesson-1-1")))
    assert response.status_code == 200


# Media: locked audio answers 403 to outsiders and supports Range for the rest.


@pytest.fixture
def audio_lesson(lesson, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    audio = AudioLesson.objects.filter(lesson=lesson).first()
    audio.audio.save("dialogue.ogg", ContentFile(bytes(range(256)) * 4), save=True)
    return audio


def media_url(audio):
    return reverse("courses:media", args=["lesson-audio", audio.pk])


@pytest.mark.parametrize("who", ["anonymous", "student"])
def test_locked_media_answers_403_to_outsiders(client, request, who, audio_lesson):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(media_url(audio_lesson)).status_code == 403


@pytest.mark.parametrize("who", ["enrolled_student", "staff"])
def test_media_streams_whole_files_and_ranges(client, request, who, audio_lesson):
    client.force_login(request.getfixturevalue(who))
    whole = client.get(media_url(audio_lesson))
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == bytes(range(256)) * 4

    part = client.get(media_url(audio_lesson), headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 10-19/1024"
    assert part.content == bytes(range(10, 20))

    tail = client.get(media_url(audio_lesson), headers={"Range": "bytes=-4"})
    assert tail["Content-Range"] == "bytes 1020-1023/1024"

    beyond = client.get(media_url(audio_lesson), headers={"Range": "bytes=5000-"})
    assert beyond.status_code == 416


def test_media_is_handed_to_nginx_when_configured(client, staff, audio_lesson, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    client.force_login(staff)
    response = client.get(media_url(audio_lesson))
    assert response["X-Accel-Redirect"] == f"/protected-media/{audio_lesson.audio.name}"
    assert response.content == b""


def test_unknown_media_kinds_and_ids_are_404(client, staff, audio_lesson):
    client.force_login(staff)
    assert client.get(reverse("courses:media", args=["passwords", 1])).status_code == 404
    assert client.get(reverse("courses:media", args=["lesson-audio", 999999])).status_code == 404


def test_the_player_appears_only_for_enrolled_students(client, enrolled_student, audio_lesson):
    url = lesson_url(audio_lesson.lesson)
    assert media_url(audio_lesson) not in client.get(url).content.decode()
    client.force_login(enrolled_student)
    assert f'src="{media_url(audio_lesson)}"' in client.get(url).content.decode()


def test_mark_complete_comes_before_the_links_to_the_other_lessons(
    client, enrolled_student, course
):
    client.force_login(enrolled_student)
    lesson = course.lessons.get(slug="lesson-1-2")
    html = client.get(lesson_url(lesson)).content.decode()
    assert html.index("Mark complete") < html.index('rel="prev"') < html.index('rel="next"')
