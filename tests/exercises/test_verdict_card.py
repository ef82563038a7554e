"""The verdict card: each distinct bug first, then its timeline, then closed details.

Submissions are finished through the real claim and finish actions with reports the grader
wrote (frozen in tests.grader_reports) or small ones written for the case at hand.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from courses.services import enroll
from exercises import services
from exercises.bundle import save_exercise
from teaching import services as teaching
from tests.code_samples import DEADLOCKING_TRANSFER, UNLOCKED_COUNTER
from tests.factories import make_transfer_exercise_data
from tests.grader_reports import COUNTER_RACE, TRANSFER_DEADLOCK

pytestmark = pytest.mark.django_db


def graded(user, exercise, code, verdict, message, report):
    """A submission as the grader would have finished it."""
    submission = services.submit(user=user, exercise=exercise, code=code)
    current = services.claim(submission_id=submission.pk)
    services.finish(claim=current, verdict=verdict, message=message, report=report)
    return submission


@pytest.fixture
def transfer_exercise(course):
    return save_exercise(course.lessons.get(), make_transfer_exercise_data())


def card_of(client, submission) -> str:
    return client.get(submission.get_absolute_url()).content.decode()


def one_bug(**overrides) -> dict:
    bug = {
        "diagnosis": "lost_update",
        "title": "Lost update",
        "summary": "Two threads read `self.value` before either wrote it.",
        "fix": "Hold a lock around `self.value += 1`.",
        "tests": ["test_a"],
        "lines": [{"line": 6, "note": "read, then write"}],
        "timeline": None,
        "seed": 7,
        "schedules_tried": 2,
    }
    return bug | overrides


def test_inline_code_escapes_everything_then_turns_backticks_into_code():
    rendered = Template("{% load verdict_tags %}{{ text|inline_code }}").render(
        Context({"text": "<script>alert(1)</script> then `<script>x = 1</script>` and `a & b`"})
    )
    assert rendered == (
        "&lt;script&gt;alert(1)&lt;/script&gt; then "
        "<code>&lt;script&gt;x = 1&lt;/script&gt;</code> and <code>a &amp; b</code>"
    )


def test_inline_code_leaves_a_lone_backtick_and_an_empty_text_alone():
    template = Template("{% load verdict_tags %}[{{ text|inline_code }}]")
    assert template.render(Context({"text": "it`s fine"})) == "[it`s fine]"
    assert template.render(Context({"text": None})) == "[]"


def test_the_card_opens_with_the_bug_and_its_fix_then_the_timeline_then_closed_details(
    client, enrolled_student, transfer_exercise
):
    submission = graded(
        enrolled_student, transfer_exercise, DEADLOCKING_TRANSFER, *TRANSFER_DEADLOCK
    )
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    order = [
        "Lock-order deadlock</h4>",
        "Thread-1 (pay) holds <code>self.lock</code> of Account #1 and waits for",
        "<strong>Fix:</strong> Take the locks in one global order everywhere",
        "The failing schedule, step by step</h5>",
        "<summary>Test results: 1 passed, 1 failed</summary>",
        "<summary>Threads and locks when progress stopped</summary>",
        "<summary>Lock-order warnings (1)</summary>",
        "<summary>Replay seed</summary>",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "<details open" not in page
    # The bug replaces the grader's long paragraph; one test fails, so no count is shown.
    assert "verdict-message" not in page and "tests fail for this reason" not in page
    bug = TRANSFER_DEADLOCK[2]["bugs"][0]
    assert f"forced schedule <code>{bug['seed']}</code>, found after" in page


def test_the_same_bug_in_four_tests_is_one_bug_and_one_test_entry(
    client, enrolled_student, exercise
):
    names = ["test_a", "test_b", "test_c", "test_d"]
    report = {
        "bugs": [one_bug(tests=names)],
        "tests": [{"name": name, "outcome": "race", "message": "assert 3 == 4"} for name in names]
        + [{"name": "test_plain", "outcome": "passed", "message": ""}],
    }
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, "race_detected", "", report)
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    assert page.count("<h4") == 1
    assert "<summary>4 tests fail for this reason</summary>" in page
    assert page.count("assert 3 == 4") == 1
    assert "<code>test_a</code>, <code>test_b</code>, <code>test_c</code>, <code>test_d</code>" in (
        page
    )
    assert page.index("assert 3 == 4") < page.index("test_plain")  # failures first


def test_every_bug_has_its_own_section_and_only_the_first_timeline_is_open(
    client, enrolled_student, exercise
):
    timeline = {"threads": ["T"], "events": [{"thread": "T", "line": 6, "kind": "read"}]}
    bugs = [one_bug(timeline=timeline), one_bug(title="Check then act", timeline=timeline)]
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, "race_detected", "",
                        {"bugs": bugs})  # fmt: skip
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    first, second = page.index("Lost update</h4>"), page.index("Check then act</h4>")
    assert first < page.index("The failing schedule, step by step</h5>") < second
    assert second < page.index('<details class="bug-timeline">')


def test_the_deadlock_details_and_lock_order_warnings_are_deduplicated(
    client, enrolled_student, transfer_exercise
):
    verdict, message, report = TRANSFER_DEADLOCK
    repeated = report["deadlocks"][0] | {"test": "test_again"}
    report = report | {
        "deadlocks": [*report["deadlocks"], repeated],
        "lock_order_inversions": report["lock_order_inversions"] * 2,
    }
    submission = graded(enrolled_student, transfer_exercise, DEADLOCKING_TRANSFER, verdict,
                        message, report)  # fmt: skip
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    assert page.count("Lock order inversion: Thread-1 (pay)") == 1
    assert page.count("<caption") == 1  # one table of threads and locks, naming both tests
    assert "In <code>test_opposite_transfers_all_finish_and_keep_the_total</code>, " in page
    assert "<code>test_again</code></caption>" in page


def test_the_timeline_has_a_lane_per_thread_and_marks_the_conflicts_in_words(
    client, enrolled_student, exercise
):
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, *COUNTER_RACE)
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    timeline = COUNTER_RACE[2]["bugs"][0]["timeline"]
    events = timeline["events"]
    table = page[page.index('class="timeline-table lanes-3"') : page.index("</table>")]
    headers = re.findall(r'<th scope="col" class="timeline-lane lane-\d">([^<]*)</th>', table)
    assert headers == timeline["threads"] == ["MainThread", "Thread-1 (work)", "Thread-2 (work)"]
    steps = re.findall(r'<th scope="row" class="timeline-step">(\d+)</th>', table)
    assert steps == [str(step) for step in range(1, len(events) + 1)]  # a row per event
    # The read, the other thread's write, the write that replaced it, the failing assert.
    conflicts = sum(event["conflict"] for event in events)
    assert conflicts == 4
    assert table.count("is-conflict") == 4 and table.count("</span> conflict</span>") == 4
    # Steps in solution.py take the student to their line; the failing assert is in the tests.
    assert table.count('data-editor-line="6"') == len(events) - 1
    assert "test_solution.py, line 25" in table and 'data-editor-line="25"' not in table


def test_a_long_timeline_opens_on_its_conflicts_and_the_steps_before_them(
    client, enrolled_student, exercise
):
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, *COUNTER_RACE)
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    # The conflicts show, and the step their threads took just before; the other thread
    # counting on in between is folded.
    events = COUNTER_RACE[2]["bugs"][0]["timeline"]["events"]
    rows = re.findall(r'<tr( class="is-folded")?>\s*<th scope="row" class="timeline-step">', page)
    folded = [bool(mark) for mark in rows]
    assert len(folded) == len(events) and sum(folded) >= 2
    assert not any(f for f, event in zip(folded, events, strict=True) if event["conflict"])
    assert f'<input type="checkbox"> Show all {len(events)} steps ({sum(folded)} folded)' in page
    assert f"⋯ {sum(folded)} steps folded</td></tr>" in page


def test_the_card_asks_the_editor_to_mark_the_lines_of_each_bug(
    client, enrolled_student, transfer_exercise
):
    submission = graded(
        enrolled_student, transfer_exercise, DEADLOCKING_TRANSFER, *TRANSFER_DEADLOCK
    )
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    marks = re.search(r'data-editor-marks="([^"]*)"', page).group(1)
    assert json.loads(html.unescape(marks)) == [
        {
            "line": 11,
            "note": "Lock-order deadlock: Thread-1 (pay) took self.lock of Account #1 here",
        },
        {"line": 12, "note": "Lock-order deadlock: Thread-1 (pay) waits here"},
    ]
    # The submission's own page shows the code in a read-only editor, where the marks show.
    assert "data-code-editor" in page and "readonly" in page


def test_grader_text_cannot_add_markup_to_the_page(client, enrolled_student, exercise):
    evil = "<script>alert(1)</script>"
    bug = one_bug(
        title=evil,
        summary=f"{evil} `{evil}`",
        fix=evil,
        lines=[{"line": 1, "note": f'"{evil}'}],
        timeline={"threads": [evil], "events": [{"thread": evil, "line": 1, "text": evil}]},
    )
    report = {"bugs": [bug], "style_notes": [{"summary": evil}], "notes": [evil]}
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, "race_detected", evil,
                        report)  # fmt: skip
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    assert "<script>alert" not in page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in page
    assert 'data-editor-marks="[{&quot;line&quot;: 1' in page


def test_without_a_diagnosis_the_card_shows_the_graders_message(client, enrolled_student, exercise):
    verdict, message, report = COUNTER_RACE
    old_report = {key: value for key, value in report.items() if key not in ("bugs", "style_notes")}
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, verdict, message, old_report)
    client.force_login(enrolled_student)
    page = card_of(client, submission)

    assert '<p class="verdict-message">Lost update: test_eight_threads_lose_no_increment' in page
    assert "both ran <code>self.value += 1</code> (solution.py:6)" in page  # backticks as code
    assert "timeline-table" not in page and "data-editor-marks" not in page
    assert page.index("verdict-message") < page.index("<details")
    # The race's explanation, kept beside the test in older reports, is in the test's details.
    shown = COUNTER_RACE[2]["races"][0]["message"]  # assert counter.value == 1600 failed: …
    assert f"{shown}\nLost update: Thread-1 (work) and Thread-2 (work) both" in page
    assert f"forced schedule <code>{COUNTER_RACE[2]['races'][0]['seed']}</code>" in page


def test_a_syntax_errors_line_is_marked(client, enrolled_student, exercise):
    submission = services.submit(user=enrolled_student, exercise=exercise, code="x = (\n")
    client.force_login(enrolled_student)
    page = card_of(client, submission)
    assert 'data-editor-marks="[{&quot;line&quot;: 1, &quot;note&quot;: &quot;' in page


def test_advice_on_code_that_passed_follows_the_message(client, enrolled_student, exercise):
    report = {
        "style_notes": [
            {"diagnosis": "busy_wait", "summary": "`while not done: pass` spins.", "lines": [4]},
        ],
        "tests": [{"name": "test_a", "outcome": "passed", "message": ""}],
    }
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, "accepted",
                        "All 1 tests passed.", report)  # fmt: skip
    client.force_login(enrolled_student)
    page = card_of(client, submission)
    assert page.index("All 1 tests passed.") < page.index("Advice</h4>")
    assert "<code>while not done: pass</code> spins." in page
    assert "&quot;line&quot;: 4, &quot;note&quot;: &quot;while not done: pass spins.&quot;" in page


def test_the_polled_fragment_links_timeline_steps_to_the_editor(client, enrolled_student, exercise):
    submission = graded(enrolled_student, exercise, UNLOCKED_COUNTER, *COUNTER_RACE)
    client.force_login(enrolled_student)
    response = client.get(submission.get_absolute_url(), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="result"')
    assert 'data-editor-line="6"' in fragment and "data-editor-marks" in fragment


def test_a_teachers_copy_of_the_card_has_no_editor_to_link_to(
    client, teacher, student, course, exercise
):
    classroom = teaching.create_class(teacher=teacher, course=course, name="Period 3")
    teaching.join_class(student=student, code=classroom.join_code)
    enroll(user=student, course=course)
    submission = graded(student, exercise, UNLOCKED_COUNTER, *COUNTER_RACE)
    client.force_login(teacher)
    page = client.get(reverse("teaching:submission", args=[classroom.pk, submission.pk]))
    page = page.content.decode()
    assert "timeline-table" in page and "is-conflict" in page
    assert "data-editor-line" not in page and "Select a step" not in page
