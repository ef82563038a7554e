"""The header navigation of the seed: Academic Programs, Professional Courses and Interactive
Games for everyone, Review for a signed-in student; the catalog sections it opens; a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from tests.browser.test_exercise_journey import log_in
from tests.factories import make_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def test_the_header_opens_each_catalog_section_and_marks_it_current(live_server, page):
    import_bundle(make_bundle(slug="threads", title="Python Threads"))  # a professional course
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Academic Programs", "Professional Courses", "Interactive Games", "Log in"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("link", name="Review")).to_have_count(0)  # a visitor has no deck

    nav.get_by_role("link", name="Professional Courses").click()
    expect(page.get_by_role("heading", name="Professional Courses", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Academic Programs")).to_have_count(0)
    expect(page.get_by_role("link", name="Python Threads")).to_be_visible()
    current = nav.locator("[aria-current='page']")
    expect(current).to_have_text("Professional Courses")
    # The current item looks current, not only to a screen reader: a heavier weight.
    assert current.evaluate("a => getComputedStyle(a).fontWeight") == "700"
    page.screenshot(path="/tmp/nav-desktop.png")

    nav.get_by_role("link", name="Academic Programs").click()
    expect(page.get_by_role("heading", name="Academic Programs", level=2)).to_be_visible()
    expect(page.get_by_text("No academic course matches.")).to_be_visible()
    expect(nav.locator("[aria-current='page']")).to_have_text("Academic Programs")

    # The filter (htmx, in place) moves the current section along with the list.
    page.get_by_label("Kind").select_option("professional")
    expect(page.get_by_role("link", name="Python Threads")).to_be_visible()
    expect(nav.locator("[aria-current='page']")).to_have_text("Professional Courses")
    page.get_by_label("Kind").select_option("")
    expect(page.get_by_role("heading", name="Academic Programs", level=2)).to_be_visible()
    expect(nav.locator("[aria-current='page']")).to_have_count(0)


def test_on_a_phone_the_navigation_wraps_without_sideways_scroll(live_server, page, student):
    log_in(page, live_server, student)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/courses/?kind=academic")
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Academic Programs", "Professional Courses", "Interactive Games", "Review"):
        link = nav.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, name
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/nav-360.png")
