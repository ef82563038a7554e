from __future__ import annotations

import pytest
from django.urls import reverse

from courses.bundle import import_bundle
from courses.models import Enrollment, LessonCompletion
from courses.services import enroll, mark_complete
from tests.factories import DEFAULT_PASSWORD, make_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_courses(db):
    return {
        "python": import_bundle(make_bundle(slug="python", title="Python Threads")),
        "algebra": import_bundle(
            make_bundle(
                slug="algebra", title="Algebra", kind="academic", field="", level="beginner"
            )
        ),
        "pm": import_bundle(
            make_bundle(slug="pm", title="Product Management", field="business", level="beginner")
        ),
        "draft": import_bundle(make_bundle(slug="draft", title="Draft Course", published=False)),
    }


def titles(response, kind):
    # A section filtered away is not shown at all: no course of it either.
    return [course.title for course in response.context["sections"].get(kind, [])]


def test_the_catalog_splits_academic_and_professional_courses(client, catalog_courses):
    response = client.get(reverse("courses:catalog"))
    assert titles(response, "academic") == ["Algebra"]
    assert titles(response, "professional") == ["Product Management", "Python Threads"]
    html = response.content.decode()
    assert '<h2 id="section-academic">Academic Programs</h2>' in html and "2 chapters" in html
    assert '<h2 id="section-professional">Professional Courses</h2>' in html


@pytest.mark.parametrize(
    ("kind", "heading", "other"),
    [
        ("academic", "Academic Programs", "Professional Courses"),
        ("professional", "Professional Courses", "Academic Programs"),
    ],
)
def test_the_navigation_opens_each_catalog_section_marked_as_the_current_page(
    client, catalog_courses, kind, heading, other
):
    html = client.get(reverse("courses:catalog")).content.decode()
    assert f'<a href="/courses/?kind={kind}" >{heading}</a>' in html  # in the header, not current
    response = client.get(reverse("courses:catalog"), {"kind": kind})
    html = response.content.decode()
    assert f'<a href="/courses/?kind={kind}" aria-current="page">{heading}</a>' in html
    assert f'<h2 id="section-{kind}">{heading}</h2>' in html
    assert "<h2 id=" not in html.split(f"{heading}</h2>")[1].split("</main>")[0]
    assert list(response.context["sections"]) == [kind]
    assert other in html  # still in the navigation


@pytest.mark.parametrize(
    ("query", "academic", "professional"),
    [
        ({"q": "thread"}, [], ["Python Threads"]),
        ({"kind": "academic"}, ["Algebra"], []),
        ({"field": "business"}, [], ["Product Management"]),
        ({"level": "beginner"}, ["Algebra"], ["Product Management"]),
    ],
)
def test_the_catalog_searches_and_filters(client, catalog_courses, query, academic, professional):
    response = client.get(reverse("courses:catalog"), query)
    assert titles(response, "academic") == academic
    assert titles(response, "professional") == professional


def test_a_bad_filter_value_shows_a_message_and_every_course(client, catalog_courses):
    response = client.get(reverse("courses:catalog"), {"level": "wizard"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert len(titles(response, "professional")) == 2


def test_the_catalog_answers_htmx_with_only_the_results(client, catalog_courses):
    response = client.get(reverse("courses:catalog"), {"q": "alg"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Algebra" in html and "<header" not in html
    # The navigation's two catalog sections, out of band: none is current for a text search.
    assert html.count('hx-swap-oob="true"') == 2 and "aria-current" not in html


def test_drafts_are_invisible_to_students_and_badged_for_staff(
    client, catalog_courses, student, staff
):
    client.force_login(student)
    assert "Draft Course" not in titles(client.get(reverse("courses:catalog")), "professional")
    assert client.get(reverse("courses:course", args=["draft"])).status_code == 404
    assert client.get(reverse("courses:lesson", args=["draft", "lesson-1-1"])).status_code == 404

    client.force_login(staff)
    response = client.get(reverse("courses:catalog"))
    assert "Draft Course" in titles(response, "professional")
    course_page = client.get(reverse("courses:course", args=["draft"]))
    assert course_page.status_code == 200
    assert b"badge-draft" in course_page.content


def test_a_signed_in_student_sees_their_progress_on_cards(client, catalog_courses, student):
    course = catalog_courses["python"]
    enroll(user=student, course=course)
    mark_complete(user=student, lesson=course.lessons.first())
    client.force_login(student)
    response = client.get(reverse("courses:catalog"))
    assert b"25% complete" in response.content


def test_the_course_page_lists_chapters_and_offers_enrollment(client, course):
    response = client.get(course.get_absolute_url())
    html = response.content.decode()
    assert "Chapter 1: Chapter 1" in html and "Lesson 2.2" in html
    assert "Enroll for free" in html


def test_enrolling_creates_one_enrollment_even_when_repeated(client, student, course):
    client.force_login(student)
    for _ in range(2):
        response = client.post(reverse("courses:enroll", args=[course.slug]))
        assert response.status_code == 302
    assert Enrollment.objects.filter(user=student, course=course).count() == 1
    assert b"You are enrolled." in client.get(course.get_absolute_url()).content


def test_enrolling_through_htmx_asks_for_a_refresh(client, student, course):
    client.force_login(student)
    response = client.post(
        reverse("courses:enroll", args=[course.slug]), headers={"HX-Request": "true"}
    )
    assert response["HX-Refresh"] == "true"
    assert Enrollment.objects.filter(user=student, course=course).exists()


def test_enrolling_requires_post(client, student, course):
    client.force_login(student)
    assert client.get(reverse("courses:enroll", args=[course.slug])).status_code == 405


def test_an_anonymous_visitor_who_enrolls_signs_up_and_comes_back_enrolled(client, course):
    response = client.post(reverse("courses:enroll", args=[course.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signup"))

    password = "a-much-longer-passphrase-42"
    response = client.post(
        response["Location"],
        {"name": "New Student", "email": "new@example.com", "password1": password,
         "password2": password, "next": course.get_absolute_url()},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert Enrollment.objects.filter(user__email="new@example.com", course=course).exists()
    assert b"You are enrolled in Concurrency 101." in response.content


def test_an_anonymous_visitor_who_enrolls_then_logs_in_comes_back_enrolled(client, student, course):
    lesson_url = reverse("courses:lesson", args=[course.slug, "lesson-1-1"])
    client.post(reverse("courses:enroll", args=[course.slug]), {"next": lesson_url})
    response = client.post(
        reverse("accounts:login"),
        {"username": student.email, "password": DEFAULT_PASSWORD, "next": lesson_url},
    )
    assert response["Location"] == lesson_url
    assert Enrollment.objects.filter(user=student, course=course).exists()


def test_unenrolling_asks_for_confirmation_and_keeps_completions(
    client, enrolled_student, course, lesson
):
    mark_complete(user=enrolled_student, lesson=lesson)
    client.force_login(enrolled_student)
    confirm = client.get(reverse("courses:unenroll", args=[course.slug]))
    assert b"Yes, leave the course" in confirm.content
    assert Enrollment.objects.filter(user=enrolled_student).exists()

    client.post(reverse("courses:unenroll", args=[course.slug]))
    assert not Enrollment.objects.filter(user=enrolled_student).exists()
    assert LessonCompletion.objects.filter(user=enrolled_student, lesson=lesson).exists()


def test_a_tampered_course_slug_is_404(client, student):
    client.force_login(student)
    assert client.post(reverse("courses:enroll", args=["no-such-course"])).status_code == 404


def test_my_learning_groups_courses_by_progress(client, student, catalog_courses):
    python, algebra, pm = (catalog_courses[k] for k in ("python", "algebra", "pm"))
    for course in (python, algebra, pm):
        enroll(user=student, course=course)
    mark_complete(user=student, lesson=python.lessons.first())
    for lesson in algebra.lessons.all():
        mark_complete(user=student, lesson=lesson)
    client.force_login(student)

    groups = client.get(reverse("my_learning")).context["groups"]
    assert [c.title for c in groups["in_progress"]] == ["Python Threads"]
    assert [c.title for c in groups["not_started"]] == ["Product Management"]
    assert [c.title for c in groups["completed"]] == ["Algebra"]


def test_my_learning_requires_login(client):
    assert client.get(reverse("my_learning")).status_code == 302


@pytest.mark.parametrize("size", ["small", "large"])
def test_catalog_course_and_my_learning_pages_use_a_constant_number_of_queries(
    client, student, size, django_assert_num_queries
):
    count = 1 if size == "small" else 6
    for i in range(count):
        course = import_bundle(
            make_bundle(slug=f"c{i}", chapters=count, lessons_per_chapter=count, items=1)
        )
        enroll(user=student, course=course)
    client.force_login(student)
    # Session + user, then the page's own: the catalog's courses (kept in the content cache
    # after the first visit) and the student's progress in them; the course page adds the
    # enrollment, completions, practice-test scores and the games panel's levels. The count of
    # cards due for review in a student's navigation is one query on the first page, then kept.
    with django_assert_num_queries(5):
        client.get(reverse("courses:catalog"))
    with django_assert_num_queries(3):
        client.get(reverse("courses:catalog"))
    with django_assert_num_queries(9):
        client.get(reverse("courses:course", args=["c0"]))
    with django_assert_num_queries(3):
        client.get(reverse("my_learning"))


def test_unenrolling_in_place_with_htmx(client, enrolled_student, course):
    client.force_login(enrolled_student)
    url = reverse("courses:unenroll", args=[course.slug])
    confirm = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert (
        confirm.lstrip().startswith('<div id="enrollment"') and "Yes, leave the course" in confirm
    )
    assert Enrollment.objects.filter(user=enrolled_student).exists()  # asking changes nothing
    response = client.post(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert not Enrollment.objects.filter(user=enrolled_student).exists()
