"""The lesson page's content comes from a cache shared by every reader (courses/content_cache.py):
locked text never reaches an outsider through it, an author's save shows on the next request,
and rereading a lesson writes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.bundle import import_bundle
from courses.models import Enrollment, Flashcard, Overview
from courses.services import ACTIVITY_PRECISION, enroll
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

LOCKED_TEXT = ["SECRET-TRANSCRIPT-c1l1-0", "SECRET-CHAPTER-c1l1-0"]


def lesson_url(lesson):
    return reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])


def page_as(client, lesson, user=None) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(lesson_url(lesson))
    assert response.status_code == 200
    return response.content.decode()


def test_a_cache_warmed_by_an_enrolled_student_gives_outsiders_no_locked_text(
    client, enrolled_student, other_student, lesson
):
    warm = page_as(client, lesson, enrolled_student)
    assert all(text in warm for text in LOCKED_TEXT)

    for outsider in [None, other_student]:
        html = page_as(client, lesson, outsider)
        for text in LOCKED_TEXT:
            assert text not in html, text
        assert "FRONT-c1l1-0" in html  # open content, from the cache
        assert "Enroll to unlock" in html


def test_a_cache_warmed_by_an_outsider_still_gives_the_enrolled_student_everything(
    client, enrolled_student, lesson
):
    assert "SECRET-TRANSCRIPT-c1l1-0" not in page_as(client, lesson)
    html = page_as(client, lesson, enrolled_student)
    assert all(text in html for text in LOCKED_TEXT)
    assert "Enroll to unlock" not in html


def test_the_cached_page_is_the_page_rendered_from_the_database(client, enrolled_student, lesson):
    first = page_as(client, lesson, enrolled_student)
    again = page_as(client, lesson, enrolled_student)
    assert _per_response(again) == _per_response(first)


def _per_response(html: str) -> str:
    """The page without what differs on every response: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'<meta name="csp-nonce" content="[^"]*">', "", html)


@pytest.mark.parametrize(
    "who, miss, hit",
    # A miss loads the lesson, its place in the course, its tests and levels, and the twelve
    # component lists (transcripts too when unlocked). A hit reads all of that from the content
    # cache: a visitor's page needs no query; a student's are session and user, and their
    # standing (enrollment and completion) once, then kept between their pages. The enrolled
    # student's first visit also records it (the UPDATE), so the second reads the standing
    # afresh and writes nothing. Staff see drafts, so their lesson outline is their own: three
    # more queries.
    [("anonymous", 15, 0), ("student", 19, 2), ("enrolled_student", 21, 3), ("staff", 19, 5)],
)
def test_a_cached_lesson_page_skips_the_content_queries(
    client, request, who, miss, hit, django_assert_num_queries
):
    course = import_bundle(make_bundle(chapters=3, lessons_per_chapter=3, items=3))
    user = None if who == "anonymous" else request.getfixturevalue(who.removeprefix("enrolled_"))
    if who == "enrolled_student":
        enroll(user=user, course=course)
    if user:
        client.force_login(user)
    url = lesson_url(course.lessons.get(slug="lesson-1-1"))
    with django_assert_num_queries(miss):
        client.get(url)
    with django_assert_num_queries(hit):
        assert client.get(url).status_code == 200


def test_an_authors_flashcard_edit_shows_on_the_next_request(client, enrolled_student, lesson):
    assert "FRONT-c1l1-0" in page_as(client, lesson, enrolled_student)
    card = Flashcard.objects.get(lesson=lesson, front="FRONT-c1l1-0")
    card.front = "EDITED-FRONT"
    card.save()
    html = page_as(client, lesson, enrolled_student)
    assert "EDITED-FRONT" in html and "FRONT-c1l1-0" not in html
    card.delete()
    assert "EDITED-FRONT" not in page_as(client, lesson, enrolled_student)


def test_an_overview_edit_shows_on_the_next_request_for_outsiders_too(client, lesson):
    assert "STANDARD-c1l1" in page_as(client, lesson)
    overview = Overview.objects.get(lesson=lesson)
    overview.standard = "REWRITTEN-OVERVIEW"
    overview.save()
    html = page_as(client, lesson)
    assert "REWRITTEN-OVERVIEW" in html and "STANDARD-c1l1" not in html


def test_a_bundle_reimport_with_replace_shows_on_the_next_request(client, course, lesson):
    assert "FRONT-c1l1-0" in page_as(client, lesson)
    bundle = make_bundle()
    bundle["chapters"][0]["lessons"][0]["flashcards"][0]["front"] = "REIMPORTED-FRONT"
    import_bundle(bundle, replace=True)
    html = page_as(client, lesson)
    assert "REIMPORTED-FRONT" in html and "FRONT-c1l1-0" not in html


def test_the_page_is_whole_when_redis_is_unreachable(client, enrolled_student, lesson, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "KEY_PREFIX": "unreachable",
        },
    }
    for _ in range(2):
        html = page_as(client, lesson, enrolled_student)
        assert all(text in html for text in LOCKED_TEXT + ["FRONT-c1l1-0", "STANDARD-c1l1"])


# Last visited lesson: written when it changes, not on every read.


def _updates(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_rereading_a_lesson_writes_nothing(client, enrolled_student, lesson):
    client.force_login(enrolled_student)
    client.get(lesson_url(lesson))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson_url(lesson)).status_code == 200
    assert _updates(queries) == []


def test_the_resume_link_follows_the_student_at_once(client, enrolled_student, course, lesson):
    client.force_login(enrolled_student)
    client.get(lesson_url(lesson))
    other = course.lessons.get(slug="lesson-2-1")
    client.get(lesson_url(other))
    assert Enrollment.objects.get(user=enrolled_student).last_lesson == other
    home = client.get(reverse("home")).content.decode()
    assert f'href="{lesson_url(other)}">Resume' in home
    client.get(lesson_url(lesson))  # back to the first: recorded again
    assert Enrollment.objects.get(user=enrolled_student).last_lesson == lesson


def test_a_reread_after_a_while_refreshes_the_activity_time(client, enrolled_student, lesson):
    client.force_login(enrolled_student)
    client.get(lesson_url(lesson))
    stale = timezone.now() - ACTIVITY_PRECISION - timedelta(minutes=1)
    Enrollment.objects.filter(user=enrolled_student).update(last_activity_at=stale)
    client.get(lesson_url(lesson))
    assert Enrollment.objects.get(user=enrolled_student).last_activity_at > stale


def test_a_students_standing_is_kept_until_it_changes(
    client, enrolled_student, lesson, django_assert_num_queries
):
    client.force_login(enrolled_student)
    client.get(lesson_url(lesson))  # records the visit
    client.get(lesson_url(lesson))  # reads the standing afresh, then keeps it
    with django_assert_num_queries(2):  # session and user
        assert "Mark complete" in client.get(lesson_url(lesson)).content.decode()
    client.post(reverse("courses:complete", args=[lesson.course.slug, lesson.slug]))
    assert "✓ Completed" in client.get(lesson_url(lesson)).content.decode()
    client.post(reverse("courses:unenroll", args=[lesson.course.slug]))
    html = client.get(lesson_url(lesson)).content.decode()
    assert "Enroll to unlock" in html and "SECRET-TRANSCRIPT-c1l1-0" not in html
