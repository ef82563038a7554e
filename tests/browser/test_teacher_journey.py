from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from exercises.bundle import save_exercise
from tests.browser.test_exercise_journey import log_in, replace_code
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data

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
