"""No page breaks our Content-Security-Policy, which allows no inline styles: progress bars are
<progress>, htmx's indicator styles live in spindle.css, and the code editor's <style> carries
the response's nonce. Chromium reports each refused style as a `securitypolicyviolation`."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll, mark_complete
from exercises.bundle import save_exercise
from games.bundle import import_level
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle, make_exercise_data
from tests.games.conftest import shipped_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed before any page script runs (Playwright's init scripts are not subject to the CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def violations(page):
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def read() -> list[str]:
        return page.evaluate("window.__cspViolations") + console

    return read


@pytest.fixture
def course(student):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=4))
    lesson = course.lessons.get(slug="lesson-1-1")
    save_exercise(lesson, make_exercise_data())
    for item in shipped_levels()[:1]:
        import_level(item | {"course": course.slug, "lesson": lesson.slug})
    enroll(user=student, course=course)
    mark_complete(user=student, lesson=lesson)  # a progress bar part-way
    return course


def test_the_policy_allows_no_inline_styles_but_the_nonce(live_server, page):
    response = page.goto(f"{live_server.url}/")
    policy = response.headers["content-security-policy"]
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    nonce = page.locator('meta[name="csp-nonce"]').get_attribute("content")
    assert style_src == f"style-src 'self' 'nonce-{nonce}'"
    assert page.goto(f"{live_server.url}/").headers["content-security-policy"] != policy


def test_an_inline_style_is_refused_and_reported(live_server, page, violations):
    """The check below can fail: a style attribute is a violation it sees."""
    page.goto(f"{live_server.url}/courses/")
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">')""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in violations())


def test_the_students_pages_break_no_rule_of_the_policy(
    live_server, page, student, course, violations
):
    lesson = course.lessons.get(slug="lesson-1-1")
    exercise = lesson.exercises.get()
    log_in(page, live_server, student)
    expect(page.locator("progress.progress").first).to_be_visible()  # home: Resume, progress
    pages = [
        "/",
        "/courses/",
        course.get_absolute_url(),
        "/learning/",
        lesson.get_absolute_url(),
        exercise.get_absolute_url(),
        "/review/",
        "/games/",
        f"/games/scheduler/{shipped_levels()[0]['slug']}/",
        f"/games/memory/{course.slug}/{lesson.slug}/",
    ]
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert violations() == [], path
        if path == exercise.get_absolute_url():
            # The editor styled itself through its nonce'd <style>: laid out, not bare.
            editor = page.locator(".cm-editor")
            expect(editor).to_be_visible()
            assert editor.evaluate("el => getComputedStyle(el).display") == "flex"
            assert page.locator("style[nonce]").count() >= 1
        if path == course.get_absolute_url():
            bar = page.locator("progress.progress").first
            expect(bar).to_be_visible()
            assert bar.get_attribute("value") == "50"
            assert bar.evaluate("el => el.getBoundingClientRect().height") > 5
            page.screenshot(path="/tmp/csp-course.png")
    # The htmx depth switch swaps in place without an injected indicator <style>.
    page.goto(f"{live_server.url}{lesson.get_absolute_url()}")
    page.get_by_role("link", name="Quick").click()
    expect(page.locator('#overview [aria-current="true"]')).to_have_text("Quick")
    assert violations() == []
    assert page.locator("style:not([nonce])").count() == 0


def test_the_lesson_admin_breaks_no_rule_of_the_policy(
    live_server, page, staff, course, violations
):
    lesson = course.lessons.get(slug="lesson-1-1")
    log_in(page, live_server, staff)
    for path in ["/admin/", f"/admin/courses/lesson/{lesson.pk}/change/"]:
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert page.url == f"{live_server.url}{path}"  # not the admin's login page
        page.wait_for_load_state("load")
        assert violations() == [], path
    # Adding a flashcard row clones a form with the admin's (and nested admin's) scripts.
    rows = page.locator(".djn-item:visible, .dynamic-form:visible")
    before = rows.count()
    page.locator(".djn-add-item a:visible, .add-row a:visible").first.click()
    expect(rows).to_have_count(before + 1)
    page.screenshot(path="/tmp/csp-admin.png", full_page=False)
    assert violations() == []
