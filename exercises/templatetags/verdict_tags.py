"""The verdict card, shaped for its template: each distinct bug, its swim-lane timeline, the
details deduplicated, and the lines to mark in the editor's gutter.

The report is the grader's JSON (sandbox/REPORT_CONTRACT.md), stored on the row; rows graded
before `bugs` existed, or graded without a diagnosis, have none, and the card falls back to the
submission's message. Everything here reads with `.get()`: an old or partial report must still
render.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SOLUTION_FILE = "solution.py"
# spindle.css colours lanes .lane-0 … .lane-5; a seventh thread reuses the first colour.
LANE_COLOURS = 6
# …and gives the table room for up to eight lanes before they share it.
MAX_LANES_WIDE = 8
# A longer timeline opens on its conflicting steps and what their threads did just before; the
# student can unfold the rest. A long schedule must not push the details off the screen.
TIMELINE_STEPS_SHOWN = 8
# Timeline steps where the test fails (the assert, the exception): marked, never folded.
FAILURE_KINDS = ("assert", "error")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


@register.filter
def inline_code(text) -> SafeString:
    """Grader text as HTML: everything escaped, then each `backticked` span as <code>.

    The only Markdown the grader writes is backticks; escaping first means nothing inside or
    outside them can become markup.
    """
    return mark_safe(_CODE_SPAN.sub(r"<code>\1</code>", escape("" if text is None else text)))


def _plain(text: str) -> str:
    """Grader text for a tooltip: the backticks dropped."""
    return _CODE_SPAN.sub(r"\1", text or "")


@dataclass
class Event:
    thread: str
    line: int | None
    file: str
    kind: str
    text: str
    code: str
    conflict: bool

    @property
    def failure(self) -> bool:
        """Where the test fails; older reports also called it a conflict, newer ones do not."""
        return self.kind in FAILURE_KINDS and not self.conflict

    @property
    def in_solution(self) -> bool:
        """Events in solution.py can take the student to their line in the editor."""
        return self.file == SOLUTION_FILE and self.line is not None

    @property
    def place(self) -> str:
        if self.line is None:
            return self.file
        return (
            f"line {self.line}" if self.file == SOLUTION_FILE else f"{self.file}, line {self.line}"
        )


@dataclass
class Lane:
    index: int
    name: str

    @property
    def css_class(self) -> str:
        return f"lane-{self.index % LANE_COLOURS}"


@dataclass
class Cell:
    lane: Lane
    event: Event | None


@dataclass
class Row:
    step: int  # 1-based, in schedule order (time goes down)
    cells: list[Cell]  # one per lane; only the acting thread's has an event
    folded: bool = False  # hidden until the student asks for every step
    fold_size: int = 0  # on the first row of a folded run: how many steps the run holds


@dataclass
class Timeline:
    lanes: list[Lane]  # one per thread, left to right
    rows: list[Row]

    @property
    def columns(self) -> int:
        return len(self.lanes) + 1  # the step numbers, then the lanes

    @property
    def folded(self) -> int:
        return sum(1 for row in self.rows if row.folded)

    @property
    def lanes_class(self) -> str:
        """How many lanes, for the table's minimum width (spindle.css has .lanes-1 … .lanes-8)."""
        return f"lanes-{min(len(self.lanes), MAX_LANES_WIDE)}"


@dataclass
class Bug:
    title: str
    summary: str
    fix: str
    tests: list[str]
    timeline: Timeline | None
    seed: int | None
    schedules_tried: int | None


@dataclass
class TestGroup:
    """Tests with the same outcome and message, listed once."""

    outcome: str
    message: str
    schedules: str
    names: list[str] = field(default_factory=list)


@dataclass
class Deadlock:
    threads: list[dict]
    tests: list[str] = field(default_factory=list)


@dataclass
class Replay:
    title: str
    seed: int
    schedules_tried: int | None


@dataclass
class VerdictReport:
    bugs: list[Bug] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    tests: list[TestGroup] = field(default_factory=list)
    passed: int = 0
    failed: int = 0
    deadlocks: list[Deadlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    replays: list[Replay] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    marks: list[dict] = field(default_factory=list)

    @property
    def marks_json(self) -> str:
        # Autoescaped into a data attribute by the template; the editor reads it back.
        return json.dumps(self.marks, ensure_ascii=False)


@register.simple_tag
def verdict_report(submission) -> VerdictReport:
    """What the verdict card shows for a submission (empty until it is graded)."""
    if not submission.is_finished:
        return VerdictReport()
    report = submission.report if isinstance(submission.report, dict) else {}
    bugs = [_bug(bug) for bug in _dicts(report, "bugs")]
    tests = _dicts(report, "tests")
    passed = sum(1 for test in tests if test.get("outcome") == "passed")
    return VerdictReport(
        bugs=bugs,
        advice=_unique(note.get("summary") for note in _dicts(report, "style_notes")),
        tests=_test_groups(tests, _dicts(report, "races")),
        passed=passed,
        failed=len(tests) - passed,
        deadlocks=_deadlocks(_dicts(report, "deadlocks")),
        warnings=_unique(item.get("summary") for item in _dicts(report, "lock_order_inversions")),
        leaks=_unique(item.get("summary") for item in _dicts(report, "leaked_threads")),
        replays=_replays(bugs, report),
        notes=_unique(report.get("notes") or []),
        marks=_marks(report, submission.message),
    )


def _bug(bug: dict) -> Bug:
    return Bug(
        title=bug.get("title") or str(bug.get("diagnosis") or "Bug").replace("_", " ").capitalize(),
        summary=bug.get("summary") or "",
        fix=bug.get("fix") or "",
        tests=_unique(bug.get("tests") or []),
        timeline=_timeline(bug.get("timeline")),
        seed=bug.get("seed"),
        schedules_tried=bug.get("schedules_tried"),
    )


def _timeline(timeline) -> Timeline | None:
    events = _dicts(timeline, "events") if isinstance(timeline, dict) else []
    if not events:
        return None
    names = [str(name) for name in timeline.get("threads") or []]
    names += _unique(str(e.get("thread")) for e in events if str(e.get("thread")) not in names)
    lanes = [Lane(index, name) for index, name in enumerate(names)]
    rows, threads = [], []
    for step, item in enumerate(events, start=1):
        event = Event(
            thread=str(item.get("thread")),
            line=item.get("line"),
            file=item.get("file") or SOLUTION_FILE,
            kind=item.get("kind") or "",
            text=item.get("text") or "",
            code=item.get("code") or "",
            conflict=bool(item.get("conflict")),
        )
        cells = [Cell(lane, event if lane.name == event.thread else None) for lane in lanes]
        rows.append(Row(step, cells))
        threads.append(event.thread)
    # The conflicts, and the step where the test fails, always show.
    _fold(rows, threads, [bool(item.get("conflict")) or _is_failure(item) for item in events])
    return Timeline(lanes=lanes, rows=rows)


def _is_failure(event: dict) -> bool:
    return event.get("kind") in FAILURE_KINDS


def _fold(rows: list[Row], threads: list[str], conflicts: list[bool]) -> None:
    """Fold a long timeline down to its conflicting steps and, for each, the step its thread
    took just before (the lock it took, the value it read). A run of one step stays: its
    placeholder row would take the same room."""
    if len(rows) <= TIMELINE_STEPS_SHOWN or not any(conflicts):
        return
    shown = list(conflicts)
    for index, conflict in enumerate(conflicts):
        before = [i for i in range(index) if threads[i] == threads[index]]
        if conflict and before:
            shown[before[-1]] = True
    index = 0
    while index < len(rows):
        end = index
        while end < len(rows) and not shown[end]:
            end += 1
        if end - index >= 2:
            for row in rows[index:end]:
                row.folded = True
            rows[index].fold_size = end - index
        index = end + 1


def _test_groups(tests: list[dict], races: list[dict]) -> list[TestGroup]:
    """Tests with the same outcome and message as one entry, failures first."""
    # Older reports kept a race's lost-update explanation beside the test, not in its message.
    lost_updates = {
        race.get("test"): race["lost_update"].get("summary") or ""
        for race in races
        if isinstance(race.get("lost_update"), dict)
    }
    groups: dict[tuple[str, str, str], TestGroup] = {}
    for test in tests:
        outcome = test.get("outcome") or "failed"
        message = test.get("message") or ""
        if lost_updates.get(test.get("name")):
            message = f"{message}\nLost update: {lost_updates[test['name']]}".strip()
        schedules = ""
        if test.get("schedules_failed"):
            schedules = (
                f"failed in {test['schedules_failed']} of {test.get('schedules_run')} forced"
                " thread schedules"
            )
        group = groups.setdefault(
            (outcome, message, schedules), TestGroup(outcome, message, schedules)
        )
        group.names.append(test.get("name") or "?")
    return sorted(groups.values(), key=lambda group: group.outcome == "passed")


def _deadlocks(deadlocks: list[dict]) -> list[Deadlock]:
    """One table per distinct stuck state: the same threads stuck the same way in several tests
    (or schedules) are shown once, with every test named."""
    found: dict[str, Deadlock] = {}
    for deadlock in deadlocks:
        threads = [thread for thread in deadlock.get("threads") or [] if isinstance(thread, dict)]
        entry = found.setdefault(
            json.dumps(threads, sort_keys=True, default=str), Deadlock(threads=threads)
        )
        if deadlock.get("test") and deadlock["test"] not in entry.tests:
            entry.tests.append(deadlock["test"])
    return list(found.values())


def _replays(bugs: list[Bug], report: dict) -> list[Replay]:
    if bugs:
        replays, seen = [], set()
        for bug in bugs:
            if bug.seed is not None and bug.seed not in seen:
                seen.add(bug.seed)
                replays.append(Replay(bug.title, bug.seed, bug.schedules_tried))
        return replays
    # Older reports: the replayed seed, or each failing test's first failing schedule.
    seeds = [report.get("replay_seed")] + [t.get("failing_seed") for t in _dicts(report, "tests")]
    return [Replay("", seed, None) for seed in _unique(seeds)]


def _marks(report: dict, message: str) -> list[dict]:
    """The lines of solution.py to mark in the editor's gutter: one entry per line, its notes
    joined, as plain text (a tooltip shows no markup)."""
    notes: dict[int, list[str]] = {}

    def add(line, note: str) -> None:
        if isinstance(line, int) and line > 0 and note not in notes.get(line, []):
            notes.setdefault(line, []).append(note)

    for bug in _dicts(report, "bugs"):
        title = bug.get("title") or ""
        for item in _dicts(bug, "lines"):
            note = _plain(item.get("note"))
            add(item.get("line"), f"{title}: {note}" if title and note else title or note)
    for advice in _dicts(report, "style_notes"):
        for item in advice.get("lines") or []:
            # The contract leaves a style note's lines loose: numbers, or {"line", "note"}.
            item = item if isinstance(item, dict) else {"line": item}
            add(item.get("line"), _plain(item.get("note") or advice.get("summary")))
    add(report.get("line"), _plain(message))  # the line of a syntax or import error
    return [{"line": line, "note": "\n".join(notes[line])} for line in sorted(notes)]


def _dicts(container: dict, key: str) -> list[dict]:
    """container[key] as a list of dicts, whatever an old or partial report holds there."""
    items = container.get(key) if isinstance(container, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _unique(items) -> list:
    """The truthy items, first occurrence only, in order."""
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
