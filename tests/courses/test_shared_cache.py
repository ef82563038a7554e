"""What the content cache shares between readers (courses/content_cache.py: lesson outlines,
practice tests, game levels, the catalog's courses) is the same for everyone who may see it;
what is a reader's own (solved levels, scores, progress) never travels with it, and an author's
change, through a form or an admin action, shows on the next request."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import content_cache
from courses.bundle import import_bundle
from courses.models import Course, Lesson
from courses.services import enroll, mark_complete
from games.bundle import import_level
from games.models import LevelProgress
from quizzes import services as quiz_services
from quizzes.bundle import save_test
from tests.factories import make_bundle, make_practice_test_data
from tests.games.conftest import shipped_levels

pytestmark = pytest.mark.django_db


def lesson_url(lesson) -> str:
    return reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])


def page(client, url, user=None) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_one_students_solved_level_is_not_anothers(
    client, course, lesson, enrolled_student, other_student
):
    enroll(user=other_student, course=course)
    level = import_level(shipped_levels()[0] | {"course": course.slug, "lesson": lesson.slug})
    LevelProgress.objects.create(
        user=enrolled_student, level=level, solved_at=timezone.now(), moves=3
    )
    assert "✓ Solved" in page(client, lesson_url(lesson), enrolled_student)
    for reader in [other_student, None]:
        html = page(client, lesson_url(lesson), reader)
        assert f"Play: {level.title}" in html and "✓ Solved" not in html


def test_one_students_scores_are_not_anothers(
    client, course, lesson, enrolled_student, other_student
):
    enroll(user=other_student, course=course)
    test = save_test(lesson, make_practice_test_data())
    attempt = quiz_services.start_attempt(user=enrolled_student, test=test)
    quiz_services.submit_attempt(attempt=attempt)
    assert "Best: <strong>0%</strong>" in page(client, lesson_url(lesson), enrolled_student)
    html = page(client, lesson_url(lesson), other_student)
    assert "Not taken yet." in html and "Best:" not in html


def test_unpublishing_a_lesson_in_the_admin_hides_it_at_once(client, course, staff):
    first, second = course.lessons.get(slug="lesson-1-1"), course.lessons.get(slug="lesson-1-2")
    assert 'rel="next" href="/courses/concurrency-101/lesson-1-2/"' in page(
        client, lesson_url(first)
    )
    client.force_login(staff)
    changelist = reverse("admin:courses_lesson_changelist")
    client.post(changelist, {"action": "unpublish", "_selected_action": [second.pk]})

    client.logout()
    assert client.get(lesson_url(second)).status_code == 404
    assert "/lesson-1-2/" not in page(client, lesson_url(first))

    client.force_login(staff)
    client.post(changelist, {"action": "publish", "_selected_action": [second.pk]})
    assert "/lesson-1-2/" in page(client, lesson_url(first))


# The catalog: a visitor's is kept rendered; a student's progress is theirs.


@pytest.fixture
def two_courses(db):
    return [
        import_bundle(make_bundle(slug="python", title="Python Threads")),
        import_bundle(make_bundle(slug="draft", title="Draft Course", published=False)),
    ]


CATALOG = reverse("courses:catalog")


def test_a_visitors_catalog_shows_an_authors_edit_at_once(client, two_courses):
    assert "Python Threads" in page(client, CATALOG)
    course = Course.objects.get(slug="python")
    course.title = "Python Threads, Revised"
    course.save()
    assert "Python Threads, Revised" in page(client, CATALOG)


def test_unpublishing_a_course_in_the_admin_takes_it_off_the_visitors_catalog_at_once(
    client, two_courses, staff
):
    assert "Python Threads" in page(client, CATALOG)
    client.force_login(staff)
    python = Course.objects.get(slug="python")
    client.post(
        reverse("admin:courses_course_changelist"),
        {"action": "unpublish", "_selected_action": [python.pk]},
    )
    html = page(client, CATALOG)
    assert "Python Threads" not in html and "No professional course matches." in html


def test_a_draft_a_staff_member_saw_never_reaches_a_visitors_catalog(client, two_courses, staff):
    assert "Draft Course" in page(client, CATALOG, staff)
    for reader in [None, staff]:
        html = page(client, CATALOG, reader)
        assert ("Draft Course" in html) == (reader is staff)


def test_one_students_progress_is_not_anothers(client, two_courses, student, other_student):
    python = two_courses[0]
    enroll(user=student, course=python)
    mark_complete(user=student, lesson=Lesson.objects.filter(course=python).first())
    assert "25% complete" in page(client, CATALOG, student)
    for reader in [other_student, None]:
        html = page(client, CATALOG, reader)
        assert "% complete" not in html and "Python Threads" in html


def test_a_blank_search_never_becomes_every_visitors_form(client, two_courses):
    page(client, CATALOG + "?q=%20")  # cleans to no search; its form shows the space
    assert 'name="q" value=" "' not in page(client, CATALOG)


def test_a_practice_test_or_level_added_later_shows_at_once(
    client, course, lesson, enrolled_student
):
    html = page(client, lesson_url(lesson), enrolled_student)  # outline and levels kept
    assert "Play:" not in html and 'id="practice-tests"' not in html
    save_test(lesson, make_practice_test_data())
    level = import_level(shipped_levels()[0] | {"course": course.slug, "lesson": lesson.slug})
    html = page(client, lesson_url(lesson), enrolled_student)
    assert f"Play: {level.title}" in html and 'id="practice-tests"' in html


def test_what_is_kept_reaches_each_reader_as_a_copy_of_their_own():
    version = content_cache.current()
    first = content_cache.remember("copies", lambda: [{"solved": False}], version=version)
    first[0]["solved"] = True  # as a page marks what this reader solved
    again = content_cache.remember("copies", lambda: [{"solved": None}], version=version)
    assert again == [{"solved": False}]  # kept, and untouched by the first reader


def test_a_students_scores_are_kept_and_follow_a_new_attempt_at_once(
    client, lesson, enrolled_student, django_assert_num_queries
):
    test = save_test(lesson, make_practice_test_data())
    client.force_login(enrolled_student)
    assert "Not taken yet." in client.get(lesson_url(lesson)).content.decode()
    # Kept: session, user and their enrollment and completion, nothing more.
    with django_assert_num_queries(3):
        client.get(lesson_url(lesson))
    attempt = quiz_services.start_attempt(user=enrolled_student, test=test)
    quiz_services.submit_attempt(attempt=attempt)
    assert "Best: <strong>0%</strong>" in client.get(lesson_url(lesson)).content.decode()
