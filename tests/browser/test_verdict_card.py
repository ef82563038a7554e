"""The verdict card in Chromium: the bug first, the swim-lane timeline, the editor's gutter marks,
a click on a step taking the student to its line, and a page that stays short and narrow.

The test stands in for the grading worker: the message to the worker stops at the broker's
door, and the test claims and finishes the submission with a report the grader wrote for the
same code (frozen in tests.grader_reports, so the lines and steps checked here stay put).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from config.celery import app as celery_app
from courses.bundle import import_bundle
from courses.services import enroll
from exercises import services
from exercises.bundle import save_exercise
from exercises.models import Submission
from tests.browser.test_accessibility import AXE
from tests.browser.test_exercise_journey import log_in
from tests.code_samples import DEADLOCKING_TRANSFER
from tests.conftest import wait_for
from tests.factories import make_bundle, make_exercise_data, make_transfer_exercise_data
from tests.grader_reports import COUNTER_RACE, TRANSFER_DEADLOCK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# [line number, note] of each gutter marker, read from the editor's DOM: a marker is level with
# the line number beside it.
GUTTER_MARKS = """() => {
  const visible = (gutter) => [...document.querySelectorAll(`${gutter} .cm-gutterElement`)]
    .filter((el) => el.style.visibility !== "hidden" && el.textContent.trim());
  const numbers = visible(".cm-lineNumbers");
  return visible(".cm-spindle-marks").map((el) => {
    const top = el.getBoundingClientRect().top;
    const number = numbers.find((n) => Math.abs(n.getBoundingClientRect().top - top) < 2);
    return [Number(number.textContent), el.querySelector(".cm-spindle-mark").title];
  });
}"""
MARKED_LINES = """() => [...document.querySelectorAll(".cm-content > .cm-line")]
  .flatMap((line, i) => line.classList.contains("cm-spindle-marked") ? [i + 1] : [])"""
CURSOR = """() => {
  const view = window.SpindleEditor.get(document.querySelector("textarea[data-code-editor]")).view;
  const line = view.state.doc.lineAt(view.state.selection.main.head);
  const box = view.coordsAtPos(line.from);
  return {line: line.number, focused: view.hasFocus,
          visible: !!box && box.top >= 0 && box.bottom <= window.innerHeight};
}"""


@pytest.fixture
def course(db):
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))


@pytest.fixture
def csp_errors(page):
    """Console errors about our Content-Security-Policy: there must be none."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


@pytest.fixture(autouse=True)
def no_worker(monkeypatch):
    """Messages to the grading worker stop at the broker's door: the test grades instead."""
    monkeypatch.setattr(celery_app, "send_task", lambda *args, **kwargs: None)


def submit_and_grade(page, live_server, student, exercise, graded) -> Submission:
    """Submit the starter code through the page, then finish it as the grader would."""
    log_in(page, live_server, student)
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    expect(page.locator(".cm-content")).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#result")).to_contain_text("Queued")
    submission = wait_for(Submission.objects.first, message="the submission row")
    verdict, message, report = graded
    services.finish(
        claim=services.claim(submission_id=submission.pk),
        verdict=verdict,
        message=message,
        report=report,
    )
    expect(page.locator(".verdict-card")).to_have_attribute("data-status", "done")
    return submission


def test_a_deadlock_reads_bug_first_with_its_timeline_and_marked_lines(
    live_server, page, student, course, csp_errors
):
    exercise = save_exercise(course.lessons.get(), make_transfer_exercise_data())
    enroll(user=student, course=course)
    page.set_viewport_size({"width": 1280, "height": 900})
    submit_and_grade(page, live_server, student, exercise, TRANSFER_DEADLOCK)
    card = page.locator(".verdict-card")

    summary = card.locator(".bug-summary")
    expect(card.get_by_role("heading", name="Lock-order deadlock")).to_be_visible()
    expect(summary).to_contain_text("so none can go on")
    expect(card.locator(".bug-fix")).to_contain_text("Take the locks in one global order")
    details = card.locator(".report-details details")
    expect(details).to_have_count(4)
    expect(card.locator("details[open]")).to_have_count(0)
    assert summary.bounding_box()["y"] < details.first.bounding_box()["y"]

    timeline = card.get_by_role("table", name="The failing schedule, step by step")
    expect(timeline).to_be_visible()
    expect(timeline.get_by_role("columnheader")).to_have_text(
        ["Step", "MainThread", "Thread-1 (pay)", "Thread-2 (pay)"]
    )
    # 14 steps: the conflicts (11, 14: each thread waiting for the other's lock) show, and the
    # step each of their threads took before (10, 13: the lock it holds), and 12 alone between
    # them; 1-9 are folded.
    expect(timeline.get_by_role("rowheader")).to_have_text(["10", "11", "12", "13", "14"])
    conflicts = timeline.locator(".timeline-event.is-conflict")
    expect(conflicts).to_have_count(2)
    expect(conflicts).to_contain_text(["line 12 ⚠ conflict", "line 12 ⚠ conflict"])
    assert conflicts.first.evaluate("el => getComputedStyle(el).borderTopWidth") == "3px"
    plain = timeline.locator(".timeline-event:not(.is-conflict)").first
    assert plain.evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"

    marks = page.evaluate(GUTTER_MARKS)
    assert [line for line, _ in marks] == [11, 12]
    assert marks[1][1] == "Lock-order deadlock: Thread-1 (pay) waits here"
    assert page.evaluate(MARKED_LINES) == [11, 12]

    # A click on a step takes the student to its line; so does Enter on a focused step.
    step = timeline.get_by_role("row").filter(has=page.get_by_role("rowheader", name="10"))
    step.get_by_role("button").click()
    assert page.evaluate(CURSOR) == {"line": 11, "focused": True, "visible": True}
    page.mouse.wheel(0, 2000)
    conflicts.nth(1).focus()
    page.keyboard.press("Enter")
    assert page.evaluate(CURSOR) == {"line": 12, "focused": True, "visible": True}

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2000, height

    card.get_by_label("Show all 14 steps").check()
    expect(timeline.get_by_role("rowheader")).to_have_count(14)

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert csp_errors == []


def test_a_race_marks_the_racing_line_and_its_own_page_does_too(
    live_server, page, student, course, csp_errors
):
    exercise = save_exercise(course.lessons.get(), make_exercise_data())
    enroll(user=student, course=course)
    page.set_viewport_size({"width": 1280, "height": 900})
    submission = submit_and_grade(page, live_server, student, exercise, COUNTER_RACE)
    card = page.locator(".verdict-card")

    expect(card.get_by_role("heading", name="Lost update")).to_be_visible()
    conflicts = card.locator(".timeline-event.is-conflict")
    expect(conflicts).to_have_count(4)
    # The failing assert is in the tests, not in the student's code: nothing to jump to.
    expect(conflicts.last).to_contain_text("test_solution.py, line 25")
    assert conflicts.last.evaluate("el => el.tagName") == "DIV"
    assert [line for line, _ in page.evaluate(GUTTER_MARKS)] == [6]
    assert page.evaluate(MARKED_LINES) == [6]
    conflicts.nth(1).click()
    assert page.evaluate(CURSOR) == {"line": 6, "focused": True, "visible": True}

    # A new submission clears the marks until its own verdict arrives.
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#result")).to_contain_text("Queued")
    expect(page.locator(".cm-spindle-marked")).to_have_count(0)

    # The submission's own page shows the code read-only, marked the same way.
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    expect(page.locator(".cm-content")).to_contain_text("self.value += 1")
    assert [line for line, _ in page.evaluate(GUTTER_MARKS)] == [6]
    page.locator(".verdict-card").get_by_role("button", name="reads self.value").first.click()
    assert page.evaluate(CURSOR)["line"] == 6
    assert csp_errors == []


def test_the_card_with_its_details_open_has_no_accessibility_violations(
    live_server, browser, student, course
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/test_assets.sh (make test does)")
    exercise = save_exercise(course.lessons.get(), make_transfer_exercise_data())
    enroll(user=student, course=course)
    submission = services.submit(user=student, exercise=exercise, code=DEADLOCKING_TRANSFER)
    verdict, message, report = TRANSFER_DEADLOCK
    services.finish(claim=services.claim(submission_id=submission.pk), verdict=verdict,
                    message=message, report=report)  # fmt: skip
    # axe is injected as an inline script, which our Content-Security-Policy rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, student)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    expect(page.locator(".cm-spindle-mark").first).to_be_attached()
    page.locator(".verdict-card details").evaluate_all("all => all.forEach(d => d.open = true)")
    page.set_viewport_size({"width": 360, "height": 800})
    page.add_script_tag(content=AXE.read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' '))}`)"""
    )
    context.close()
    assert found == []
