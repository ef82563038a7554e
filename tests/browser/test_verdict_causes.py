"""Three cards as a student reads them, each from a real grading of the code shown (the grader
runs in the test, unconfined): a race, a deadlock, and a crash that left the other threads stuck.
Each reads bug first, names its cause, marks the line, and fits a 360 px phone. With
SPINDLE_SCREENSHOTS=DIR set, each card is also saved as a PNG (desktop and 360 px) to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest
from playwright.sync_api import expect

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import grade
from sandbox.job import Limits
from tests.browser.test_verdict_card import GUTTER_MARKS, no_worker, submit_and_grade  # noqa: F401
from tests.code_samples import ADDING_COUNTER_TESTS, LOCK_PER_CALL_COUNTER
from tests.factories import make_bundle, make_exercise_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SPINDLE_SCREENSHOTS")
HIDDEN = "def test_the_solution_imports():\n    import solution  # noqa: F401\n"

RACE = (LOCK_PER_CALL_COUNTER, ADDING_COUNTER_TESTS)

DEADLOCK = (
    dedent(
        """\
        import threading

        forks = [threading.Semaphore(1) for _ in range(3)]


        def dine(seat, meals):
            left, right = forks[seat], forks[(seat + 1) % 3]
            for _ in range(meals):
                left.acquire()
                right.acquire()
                right.release()
                left.release()
        """
    ),
    dedent(
        """\
        import threading
        import solution


        def test_three_philosophers_all_eat():
            threads = [threading.Thread(target=solution.dine, args=(s, 20)) for s in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=3)
            assert not any(thread.is_alive() for thread in threads)
        """
    ),
)

CRASH_THEN_STUCK = (
    dedent(
        """\
        import threading


        class Pipeline:
            def __init__(self):
                self.items = []
                self.ready = threading.Condition()

            def produce(self, values):
                for value in values:
                    with self.ready:
                        self.items.append(100 // value)
                        self.ready.notify_all()

            def consume(self, count):
                taken = []
                for _ in range(count):
                    with self.ready:
                        while not self.items:
                            self.ready.wait()
                        taken.append(self.items.pop(0))
                return taken
        """
    ),
    dedent(
        """\
        import threading
        from solution import Pipeline


        def test_every_value_reaches_the_consumer():
            pipeline = Pipeline()
            consumer = threading.Thread(target=pipeline.consume, args=(4,), name="consumer")
            producer = threading.Thread(
                target=pipeline.produce, args=([5, 4, 0, 2],), name="producer"
            )
            consumer.start()
            producer.start()
            producer.join(timeout=3)
            consumer.join(timeout=3)
            assert not consumer.is_alive()
        """
    ),
)


def graded(solution: str, tests: str) -> tuple[str, str, dict]:
    result = grade(
        solution=solution,
        tests=tests,
        limits=Limits(wall_seconds=10.0),
        schedules=10,
        seed=3,
        backend=UnconfinedBackend(),
    ).to_dict()
    for key in ("stdout", "stderr", "internal_detail"):
        result.pop(key)
    return result.pop("verdict"), result.pop("message"), result


@pytest.mark.parametrize(
    ("name", "code", "title", "cause", "lines"),
    [
        ("race", RACE, "Check-then-act race|Lost update", "created anew on every call", {10}),
        ("deadlock", DEADLOCK, "Lock-order deadlock", "the Semaphore forks", {9, 10}),
        ("crash", CRASH_THEN_STUCK, "Exception in a thread", "ZeroDivisionError", {12}),
    ],
)
def test_a_card_names_the_cause_marks_its_line_and_fits_a_phone(
    live_server, page, student, name, code, title, cause, lines
):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    solution, tests = code
    exercise = save_exercise(
        course.lessons.get(),
        make_exercise_data(
            slug=f"cause-{name}", starter_code=solution, visible_tests=tests, hidden_tests=HIDDEN
        ),
    )
    enroll(user=student, course=course)
    page.set_viewport_size({"width": 1280, "height": 900})
    report = graded(solution, f"{tests}\n\n{HIDDEN}")
    submit_and_grade(page, live_server, student, exercise, report)
    card = page.locator(".verdict-card")
    heading = card.get_by_role("heading").filter(has_text=_one_of(title))
    expect(heading.first).to_be_visible()
    summary = card.locator(".bug-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(cause)
    assert "`" not in summary.inner_text()  # Markdown code reads as code, not backticks
    assert {line for line, _ in page.evaluate(GUTTER_MARKS)} & lines
    _save(page, card, f"{name}-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    expect(summary).to_be_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    _save(page, card, f"{name}-360")


def _one_of(titles: str):
    import re

    return re.compile("|".join(re.escape(t) for t in titles.split("|")))


def _save(page, card, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
