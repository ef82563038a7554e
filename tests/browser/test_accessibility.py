"""axe-core, run in Chromium over every kind of page, as each kind of visitor sees it."""

from __future__ import annotations

import pytest

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from reviews.models import ReviewCard
from teaching import services as teaching
from tests.browser.test_exercise_journey import log_in
from tests.conftest import BASE_DIR
from tests.factories import make_bundle, make_exercise_data, make_practice_test_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = BASE_DIR / "var" / "test-assets" / "axe-core-4.14.1.min.js"


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which our Content-Security-Policy rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


def violations(page, path, live_server):
    page.goto(f"{live_server.url}{path}")
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' '))}`)"""
    )


def test_the_pages_have_no_accessibility_violations(live_server, page, student, teacher):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/test_assets.sh (make test does)")
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=2))
    lesson = course.lessons.get()
    exercise = save_exercise(lesson, make_exercise_data())
    test = save_test(lesson, make_practice_test_data())
    classroom = teaching.create_class(teacher=teacher, course=course, name="Period 3")
    found = {}

    for path in ["/", "/courses/", course.get_absolute_url(), lesson.get_absolute_url(),
                 "/accounts/login/", "/accounts/signup/", exercise.get_absolute_url()]:  # fmt: skip
        found[f"anonymous {path}"] = violations(page, path, live_server)

    enroll(user=student, course=course)
    teaching.join_class(student=student, code=classroom.join_code)
    log_in(page, live_server, student)
    first_card = ReviewCard.objects.filter(lesson=lesson).order_by("kind", "order").first()
    student_pages = [course.get_absolute_url(), lesson.get_absolute_url(),
                     exercise.get_absolute_url(), test.get_absolute_url(), "/learning/",
                     "/classes/", "/accounts/profile/", "/review/",
                     f"/review/?reveal={first_card.pk}"]  # fmt: skip
    for path in student_pages:
        found[f"student {path}"] = violations(page, path, live_server)
    page.goto(f"{live_server.url}{test.get_absolute_url()}")
    page.get_by_role("button", name="Start the test").click()
    found["student taking a test"] = violations(page, page.url.removeprefix(live_server.url),
                                                live_server)  # fmt: skip

    page.context.clear_cookies()
    log_in(page, live_server, teacher)
    class_url = classroom.get_absolute_url()
    for path in [
        "/classes/",
        class_url,
        f"{class_url}analytics/",
        f"{class_url}students/{student.pk}/",
    ]:
        found[f"teacher {path}"] = violations(page, path, live_server)

    assert {where: v for where, v in found.items() if v} == {}
