from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import User
from courses.bundle import import_bundle
from exercises.bundle import save_exercise
from teaching import services
from tests.browser.test_exercise_journey import log_in, replace_code
from tests.code_samples import COUNTER_SOLUTION
from tests.conftest import wait_for
from tests.factories import (
    UserFactory,
    make_bundle,
    make_exercise_data,
    make_transfer_exercise_data,
)
from tests.teaching.test_matrix_cells import History

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_teacher_sees_a_students_work_arrive_in_the_class_matrix(
    celery_worker_process, live_server, browser, teacher, student
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    exercise = save_exercise(course.lessons.get(), make_exercise_data())
    teacher_page = browser.new_context().new_page()
    student_page = browser.new_context().new_page()

    # The teacher creates a class and reads out its code.
    log_in(teacher_page, live_server, teacher)
    teacher_page.get_by_role("link", name="Classes").click()
    teacher_page.get_by_label("Class name").fill("Period 3")
    teacher_page.get_by_label("Course").select_option(label="Concurrency 101")
    teacher_page.get_by_role("button", name="Create the class").click()
    code = teacher_page.locator(".join-code").first.inner_text()
    cell = teacher_page.locator("td.cell").first
    expect(teacher_page.get_by_role("link", name="Stella Student")).to_have_count(0)

    # The student joins with the code and submits the exercise.
    log_in(student_page, live_server, student)
    student_page.get_by_role("link", name="My classes").click()
    student_page.get_by_label("Class code").fill(code)
    student_page.get_by_role("button", name="Join").click()
    expect(student_page.get_by_role("status")).to_contain_text("You joined Period 3")
    student_page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    replace_code(student_page, COUNTER_SOLUTION)
    student_page.get_by_role("button", name="Submit").click()
    expect(student_page.locator("#result")).to_contain_text("Accepted", timeout=60_000)

    # The teacher sees the cell change and opens the submission.
    teacher_page.reload()
    expect(cell).to_contain_text("Accepted")
    teacher_page.get_by_role("link", name="Stella Student").click()
    teacher_page.get_by_role("link", name="A thread-safe counter").click()
    expect(teacher_page.get_by_role("heading", level=1)).to_contain_text("A thread-safe counter")
    expect(teacher_page.locator("pre code")).to_contain_text("self._lock")


def test_the_matrix_says_what_each_student_reached_and_keeps_names_and_progress_in_view(
    live_server, page, teacher
):
    course = import_bundle(make_bundle(chapters=2, lessons_per_chapter=4, items=1))
    first = course.lessons.get(slug="lesson-1-1")
    counter = save_exercise(first, make_exercise_data())
    transfer = save_exercise(first, make_transfer_exercise_data(order=1))
    classroom = services.create_class(teacher=teacher, course=course, name="Period 3")
    histories = {
        "Ann Accepted": [(counter, "accepted"), (counter, "accepted")],
        "Dee Deadlock": [(transfer, "deadlock"), (transfer, "accepted")],
        "Rae Regressed": [(counter, "accepted"), (counter, "race_detected")],
        "Ray Races": [(counter, "race_detected")] * 3,
        "Wes Wrong": [(counter, "wrong_answer")],
        "Rob Runner": [],
        "Nat Nothing": [],
    }
    for i in range(6):  # enough rows to scroll the region down
        histories[f"Zoe Filler {i}"] = []
    for name, work in histories.items():
        pupil = UserFactory(name=name)
        services.join_class(student=pupil, code=classroom.join_code)
        history = History(pupil)
        for exercise, verdict in work:
            history.graded(exercise, verdict)
    History(User.objects.get(name="Rob Runner")).graded(counter, "accepted", kind="run")

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, teacher)
    page.goto(f"{live_server.url}{classroom.get_absolute_url()}")

    def results(name):
        row = page.locator("tr", has=page.get_by_role("link", name=name, exact=True))
        items = row.locator("td.cell").first.locator(".exercise-results li")
        expect(items.first).to_be_visible()
        return [" ".join(text.split()) for text in items.all_inner_texts()]

    untried_counter = "A thread-safe counter: · No submission yet"
    untried_transfer = "Transfers without deadlock: · No submission yet"
    assert results("Ann Accepted") == ["A thread-safe counter: ★ Accepted", untried_transfer]
    assert results("Dee Deadlock") == [untried_counter, "Transfers without deadlock: ★ Accepted"]
    assert results("Rae Regressed")[0] == (
        "A thread-safe counter: ★ Accepted latest: Race detected"
    )
    assert results("Ray Races")[0] == "A thread-safe counter: ⚡ Race detected"
    assert results("Wes Wrong")[0] == "A thread-safe counter: ✗ Wrong answer"
    assert results("Rob Runner")[0] == (
        "A thread-safe counter: · No submission yet ran the examples 1 time"
    )
    assert results("Nat Nothing") == [untried_counter, untried_transfer]
    page.screenshot(path="/tmp/matrix-desktop.png", full_page=True)

    # Filtering swaps the table and says how many students match.
    status = page.get_by_role("status").filter(has_text="students")
    expect(status).to_have_text("13 students")
    page.get_by_label("Find a student").fill("Ray")
    expect(page.get_by_role("status").filter(has_text="student")).to_have_text("1 student")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_label("Find a student").fill("")
    expect(page.locator("tbody tr")).to_have_count(len(histories))

    # Keyboard: Tab reaches the scroll region, with a visible focus ring; arrows scroll it.
    region = page.get_by_role("region", name="Progress of each student, lesson by lesson")
    page.get_by_role("button", name="Apply").focus()
    page.keyboard.press("Tab")
    expect(region).to_be_focused()
    ring = region.evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]"
    )
    assert ring[0] == "solid" and ring[1] >= 2
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    wait_for(lambda: region.evaluate("el => el.scrollLeft") > 300, message="scrolling right")
    for _ in range(8):
        page.keyboard.press("ArrowDown")
    wait_for(lambda: region.evaluate("el => el.scrollTop") > 100, message="scrolling down")
    page.screenshot(path="/tmp/matrix-desktop-scrolled.png")

    # After scrolling, the Student header and the Progress values are still there, uncovered:
    # what is drawn at the middle of each is that very cell.
    box = region.bounding_box()
    student_header = page.get_by_role("columnheader", name="Student")
    lesson_header = page.get_by_role("columnheader", name="Lesson 1.2")
    for cell in [student_header, page.get_by_role("columnheader", name="Progress")]:
        cell_box = cell.bounding_box()
        assert abs(cell_box["y"] - box["y"]) < 3  # stuck to the top of the region
        assert on_top(page, cell)
    # A row in full view below the header, after scrolling down.
    header_bottom = student_header.bounding_box()["y"] + student_header.bounding_box()["height"]
    row = next(
        row
        for row in page.locator("tbody tr").all()
        if header_bottom < row.bounding_box()["y"]
        and row.bounding_box()["y"] + row.bounding_box()["height"] < box["y"] + box["height"]
    )
    student_cell, progress_cell = row.locator("th"), row.locator("td.col-progress")
    expect(progress_cell).to_be_visible()
    student_box, progress_box = student_cell.bounding_box(), progress_cell.bounding_box()
    assert abs(student_box["x"] - box["x"]) < 3  # stuck to the left of the region
    assert progress_box["x"] >= student_box["x"] + student_box["width"] - 1  # side by side
    assert on_top(page, student_cell) and on_top(page, progress_cell)
    assert lesson_header.bounding_box()["x"] < progress_box["x"]  # scrolled in beneath them

    # On a phone the page itself never scrolls sideways; the table scrolls within its region.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.evaluate("el => { el.scrollLeft = 400; }")
    region.scroll_into_view_if_needed()
    assert on_top(page, page.locator("tbody td.col-progress").first)
    page.screenshot(path="/tmp/matrix-360-scrolled.png")


def on_top(page, locator) -> bool:
    """Whether what is drawn at the middle of the element is the element (not something over it)."""
    box = locator.bounding_box()
    return locator.evaluate(
        "(el, [x, y]) => el.contains(document.elementFromPoint(x, y))",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
