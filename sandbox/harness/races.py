"""Explains a race the schedules found: which write was lost, where.

Used on one replay of a failing schedule (replays are exact). Statically, each function of the
solution and tests has "windows": a read of `base.attr` (or of a global) followed, later in the
same function, by a write to the same `base.attr`. Dynamically, when a thread is switched away
inside such a window and another thread writes the same attribute of the same object before the
first one writes, the first one's write replaces a value it never saw: a lost update, or a check
acted on after it stopped being true. The observer only reads; it draws nothing from the
scheduler's RNG, so the replay follows the failing schedule step by step.
"""

from __future__ import annotations

import ast
import dis
import linecache
import sys

from .runtime import INSTRUMENTED, ThreadState, short

_NAME_LOADS = {"LOAD_FAST", "LOAD_DEREF", "LOAD_GLOBAL", "LOAD_NAME", "LOAD_CLASSDEREF"}
_GLOBALS = "<globals>"
_RETURN_VALUE = dis.opmap["RETURN_VALUE"]
MAX_SEGMENTS = 2000
MAX_SEGMENT_LINES = 12
SOLUTION_FILE = "solution.py"
_SIMPLE_LOADS = _NAME_LOADS | {"LOAD_CONST"}
# The items of a container, as if they were one attribute of it.
CONTAINER = "[]"
# Container methods, and whether each changes the container.
_CONTAINER_METHODS = {
    "append": True,
    "appendleft": True,
    "extend": True,
    "insert": True,
    "pop": True,
    "popleft": True,
    "remove": True,
    "add": True,
    "discard": True,
    "update": True,
    "setdefault": True,
    "clear": True,
    "get": False,
    "count": False,
    "index": False,
    "copy": False,
    "keys": False,
    "values": False,
    "items": False,
}


class _Window:
    __slots__ = ("start", "end", "attr", "base", "read_line", "write_line", "check")

    def __init__(self, start, end, attr, base, read_line, write_line, check=False) -> None:
        self.start = start  # offset of the read
        self.end = end  # offset of the write
        self.attr = attr
        self.base = base  # local/global name the attribute belongs to, or _GLOBALS
        self.read_line = read_line
        self.write_line = write_line
        # The read is part of an `if`/`while` condition: the write acts on a decision.
        self.check = check

    def text(self) -> str:
        return _text(self.attr, self.base)


_DECISIONS: dict[str, frozenset[int]] = {}


def _decision_lines(filename: str) -> frozenset[int]:
    """Lines of `if`/`while`/conditional-expression conditions in a file (parsed once)."""
    lines = _DECISIONS.get(filename)
    if lines is None:
        found: set[int] = set()
        try:
            tree = ast.parse("".join(linecache.getlines(filename)), filename)
        except (SyntaxError, ValueError):
            tree = None
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, (ast.If, ast.While, ast.IfExp)):
                found.update(range(node.test.lineno, (node.test.end_lineno or 0) + 1))
        lines = _DECISIONS[filename] = frozenset(found)
    return lines


class _Code:
    """What one code object reads and writes."""

    def __init__(self, code) -> None:
        self.decision_lines = _decision_lines(code.co_filename)
        self.writes: dict[int, tuple[str, str, int]] = {}  # offset -> (attr, base, line)
        self.reads: dict[int, tuple[str, str, int]] = {}  # offset -> (attr, base, line)
        self.windows: list[_Window] = []
        reads: list[tuple[int, str, str, int]] = []  # (offset, attr, base, line)
        line = code.co_firstlineno
        recent: list = [None, None]  # the two instructions before this one
        history: list = []  # every instruction so far, for the containers' look-back
        for ins in dis.get_instructions(code):
            line = ins.starts_line or line
            op = ins.opname
            self._container(ins, history, reads, line)
            history.append(ins)
            if op == "LOAD_ATTR":
                # `base.attr`, or `base.attr += ...` (which copies base first)
                loader = recent[1]
                if loader is not None and loader.opname == "COPY":
                    loader = recent[0]
                if loader is not None and loader.opname in _NAME_LOADS:
                    reads.append((ins.offset, ins.argval, loader.argval, line))
                    self.reads[ins.offset] = (ins.argval, loader.argval, line)
            elif op == "LOAD_GLOBAL":
                reads.append((ins.offset, ins.argval, _GLOBALS, line))
                self.reads[ins.offset] = (ins.argval, _GLOBALS, line)
            elif op in ("STORE_ATTR", "STORE_GLOBAL"):
                self._write(ins, recent[1], reads, line)
            recent = [recent[1], ins]

    def _container(self, ins, history: list, reads: list, line: int) -> None:
        """Reads and writes of a shared container's items: `c[k]`, `k in c`, `c.get(k)` read;
        `c[k] = v`, `del c[k]`, `c.append(v)` and the like write. The key for both is the
        container object itself, under the pseudo-attribute CONTAINER."""
        op = ins.opname
        if op in ("BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR"):
            if len(history) >= 4 and [i.opname for i in history[-2:]] == ["COPY", "COPY"]:
                base = _container_base(history, len(history) - 4)  # `c[k] += v`
            elif history and history[-1].opname in _SIMPLE_LOADS:
                base = _container_base(history, len(history) - 2)
            else:
                base = None
            if base is None and op != "BINARY_SUBSCR":  # the store of `c[k] += v`
                base = next((b for _, a, b, _ in reversed(reads) if a == CONTAINER), None)
        elif op == "CONTAINS_OP" or (op == "LOAD_METHOD" and ins.argval in _CONTAINER_METHODS):
            base = _container_base(history, len(history) - 1)
        else:
            return
        if base is None:
            return
        writes = op in ("STORE_SUBSCR", "DELETE_SUBSCR") or (
            op == "LOAD_METHOD" and _CONTAINER_METHODS[ins.argval]
        )
        if writes:
            self._record_write(ins.offset, CONTAINER, base, reads, line)
        else:
            reads.append((ins.offset, CONTAINER, base, line))
            self.reads[ins.offset] = (CONTAINER, base, line)

    def _write(self, ins, previous, reads, line: int) -> None:
        attr = ins.argval
        if ins.opname == "STORE_GLOBAL":
            base = _GLOBALS
        elif previous is not None and previous.opname in _NAME_LOADS:
            base = previous.argval
        else:  # `base.attr += ...`: the base of that statement's read
            base = next((b for _, a, b, _ in reversed(reads) if a == attr), None)
        if base is None:
            return
        self._record_write(ins.offset, attr, base, reads, line)

    def _record_write(self, offset: int, attr: str, base: str, reads: list, line: int) -> None:
        self.writes[offset] = (attr, base, line)
        same = [r for r in reads if r[1:3] == (attr, base)]
        decisions = self.decision_lines
        if same:
            read = same[-1]
            # `if self.x is None: self.x = ...` reads for a decision, then writes.
            check = read[3] in decisions and read[3] != line
            self.windows.append(_Window(read[0], offset, attr, base, read[3], line, check))
        for read in same[:-1]:
            if read[3] in decisions and read[3] != line:
                self.windows.append(_Window(read[0], offset, attr, base, read[3], line, True))


class _Mark:
    """A thread switched away inside a window."""

    __slots__ = (
        "key",
        "window",
        "file",
        "window_file",
        "overwritten_by",
        "read_event",
        "other_event",
    )

    def __init__(self, key, window: _Window, path: str, read_event: int | None) -> None:
        self.key = key
        self.window = window
        self.file = short(path)
        self.window_file = path
        self.overwritten_by: tuple[str, str] | None = None  # (thread, where)
        # Indexes into RaceWatch.events: the read the window began with, the other's write.
        self.read_event = read_event
        self.other_event: int | None = None


def _container_base(history: list, index: int) -> str | None:
    """The container an instruction loads: a name (`counts`) or a name's attribute
    (`self._cache`), as text; None for anything more complex."""
    if index < 0:
        return None
    ins = history[index]
    if ins.opname in _NAME_LOADS:
        return ins.argval
    if ins.opname == "LOAD_ATTR" and index > 0 and history[index - 1].opname in _NAME_LOADS:
        return f"{history[index - 1].argval}.{ins.argval}"
    return None


def _resolve(frame, base: str):
    if base == _GLOBALS:
        return frame.f_globals
    name, _, attr = base.partition(".")
    value = frame.f_locals.get(name, frame.f_globals.get(name))
    if attr:
        try:  # the instance's own dict only: a property would run the student's code
            value = vars(value).get(attr)
        except TypeError:
            return None
    return value


def _text(attr: str, base: str) -> str:
    if attr == CONTAINER:
        return f"{base}[…]"
    return attr if base == _GLOBALS else f"{base}.{attr}"


# A replay keeps at most this many events; the report shows a few of them.
MAX_EVENTS = 4000


# When one replay shows several races, the most direct harm wins: a write that replaced
# another's, then an item lost in a container, then a decision on a stale value.
_RANK = {"lost_update": 0, "unsafe_container": 1, "check_then_act": 2}


class _Decision:
    """A thread read a value for an `if`/`while`: in which frame, at which line."""

    __slots__ = ("frame", "line", "text", "stale_by", "event", "other_event")

    def __init__(self, frame, text: str, event: int | None) -> None:
        self.frame = frame
        self.line = frame.f_lineno
        self.text = text
        self.stale_by: tuple[str, str] | None = None
        self.event = event  # indexes into RaceWatch.events: the read, the other's write
        self.other_event: int | None = None


def _stack(frame):
    while frame is not None:
        yield frame
        frame = frame.f_back


def _deciding_frame(frame):
    """The frame whose current line is an `if`/`while` condition that this read feeds: the
    reading frame itself, or its caller in the same file (a property or getter called from the
    condition). Not further out: `if obj.try_add():` in a test decides on what try_add
    returns, not on what it read along the way."""
    filename = frame.f_code.co_filename
    for depth, f in enumerate(_stack(frame)):
        if depth > 1 or f.f_code.co_filename != filename:
            return None
        if f.f_lineno in _decision_lines(filename):
            return f
    return None


class RaceWatch:
    """Watches one replay of a failing schedule: finds the lost update, if any, and records the
    timeline of what each thread did (reads and writes of attributes some thread writes, lock
    operations, waits and signals, starts and ends) for the report's picture."""

    def __init__(self) -> None:
        self._codes: dict[object, _Code] = {}
        self._marks: dict[ThreadState, list[_Mark]] = {}
        self._switched_at: dict[ThreadState, int] = {}
        self.found: dict | None = None
        self.found_in_tests = False
        self.events: list[dict] = []
        self._decisions: dict[ThreadState, dict] = {}
        # (frame, offset) of the reads each thread really made: a window only counts if its
        # read ran (the read and the write may sit on different branches).
        self._reads_done: dict[ThreadState, set] = {}
        self._last_read: dict = {}  # (thread, key) -> index of its latest read event
        # (id(object), attr) keys some thread has written: only their reads are recorded (a
        # read before the first write is missed, which the lost-update window covers).
        self.shared: set = set()
        # Exceptions that left solution.py (even if the tests caught them), in order; the frames
        # an exception is passing through, and where in solution.py each exception began.
        self.escaped: list[dict] = []
        # What each thread ran of solution.py between two switches, in order: the raw material
        # of "Thread-2 ran line 31 between Thread-1's line 23 and line 24" (see interleaving()).
        self.segments: list[dict] = []
        self._segment: dict[ThreadState, dict] = {}
        self._raising: dict = {}
        self._first_line: dict = {}

    def raised(self, st: ThreadState, frame, exc_info) -> None:
        """An exception passes through a frame of student code (raised there or below)."""
        if short(frame.f_code.co_filename) == SOLUTION_FILE and st is not None:
            self._raising[st, frame] = (exc_info, frame.f_lineno)
            self._first_line.setdefault((st, exc_info[1]), frame.f_lineno)

    def returned(self, st: ThreadState, frame) -> None:
        """A frame ends: if an exception was passing through it and it is the outermost frame
        of solution.py on the stack, the exception left the solution (a test may catch it)."""
        raising = self._raising.pop((st, frame), None)
        if raising is None or st is None:
            return
        if frame.f_code.co_code[frame.f_lasti] == _RETURN_VALUE:
            return  # it caught the exception and returned as usual
        caller = frame.f_back
        if caller is not None and short(caller.f_code.co_filename) == SOLUTION_FILE:
            self._raising[st, caller] = raising  # still inside the solution
            return
        (exc_type, exc, _), line = raising
        if len(self.escaped) < 5 and exc_type is not None and exc_type.__name__ != "Abandoned":
            message = str(exc) if exc is not None else ""
            headline = f"{exc_type.__name__}: {message}" if message else exc_type.__name__
            at = self._origin(st, exc, line)
            self.escaped.append(
                {
                    "thread": st.name,
                    "type": exc_type.__name__,
                    "message": message,
                    "at": at,
                    "summary": f"{st.name} raised {headline} at {at['file']}:{at['line']}"
                    f" `{at['code']}`",
                }
            )

    def _origin(self, st: ThreadState, exc, line: int) -> dict:
        """Where in solution.py the exception first appeared (its innermost student frame)."""
        first = self._first_line.get((st, exc), line)
        return {"file": SOLUTION_FILE, "line": first, "code": _source(first)}

    def note(
        self, st: ThreadState, kind: str, frame, line: int | None, text: str, key=None
    ) -> int | None:
        """Record one event of the running thread at the innermost student frame; its index."""
        if len(self.events) >= MAX_EVENTS:
            return None
        while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
            frame = frame.f_back
        if frame is None:
            return None
        if line is None:
            line = frame.f_lineno
        filename = frame.f_code.co_filename
        self.events.append(
            {
                "thread": st.name,
                "kind": kind,
                "file": short(filename),
                "line": line,
                "code": linecache.getline(filename, line).strip(),
                "text": text,
                "key": key,
            }
        )
        return len(self.events) - 1

    def _code(self, code) -> _Code:
        analysed = self._codes.get(code)
        if analysed is None:
            analysed = self._codes[code] = _Code(code)
        return analysed

    def opcode(self, st: ThreadState, frame) -> None:
        """Before each traced instruction of the running thread."""
        if short(frame.f_code.co_filename) == SOLUTION_FILE:
            segment = self._segment.get(st)
            if segment is None:
                segment = self._segment[st] = {
                    "thread": st.name,
                    "first_line": frame.f_lineno,
                    "lines": [],  # the latest distinct lines it ran, in order
                    "first_event": len(self.events),
                }
            lines = segment["lines"]
            if not lines or lines[-1] != frame.f_lineno:
                if len(lines) >= MAX_SEGMENT_LINES:
                    del lines[0]
                lines.append(frame.f_lineno)
        code = self._code(frame.f_code)
        offset = frame.f_lasti
        read = code.reads.get(offset)
        if read is not None:
            attr, base, line = read
            self._reads_done.setdefault(st, set()).add((id(frame), offset))
            target = _resolve(frame, base)
            if target is None:
                return
            key = (id(target), attr)
            deciding = _deciding_frame(frame)
            event = None
            if key in self.shared or deciding is not None:
                event = self.note(st, "read", frame, line, f"reads `{_text(attr, base)}`", key)
                self._last_read[st, key] = event
            if deciding is not None:
                # A fresh look at the value for a decision: whatever was stale is no longer.
                decision = _Decision(deciding, _text(attr, base), event)
                self._decisions.setdefault(st, {})[key] = decision
            return
        write = code.writes.get(offset)
        if write is None:
            return
        attr, base, line = write
        target = _resolve(frame, base)
        if target is None:
            return
        key = (id(target), attr)
        self.shared.add(key)
        event = self.note(st, "write", frame, line, f"writes `{_text(attr, base)}`", key)
        where = f"{short(frame.f_code.co_filename)}:{line}"
        for other, marks in self._marks.items():
            for mark in marks:
                if other is not st and mark.key == key and mark.overwritten_by is None:
                    mark.overwritten_by = (st.name, where)
                    mark.other_event = event
        self._complete(st, key, event)
        self._acted(st, key, frame, where, event)

    def _acted(self, st: ThreadState, key, frame, where: str, event: int | None) -> None:
        """A write: it makes other threads' decisions on the value stale, and if this thread
        decided on the value earlier in a call still running, after someone else changed it,
        that was a check-then-act race (across functions: `if self.value ...` through a
        property, then `self.increment()`)."""
        for other, decisions in self._decisions.items():
            decision = decisions.get(key)
            if other is not st and decision is not None and decision.stale_by is None:
                decision.stale_by = (st.name, where)
                decision.other_event = event
        mine = self._decisions.get(st, {}).pop(key, None)
        if mine is None or mine.stale_by is None:
            return
        if any(f is mine.frame for f in _stack(frame)):
            other, other_where = mine.stale_by
            checked_at = f"{short(mine.frame.f_code.co_filename)}:{mine.line}"
            self._found(
                {
                    "kind": "unsafe_container" if key[1] == CONTAINER else "check_then_act",
                    "key": key,
                    "thread": st.name,
                    "name": mine.text,
                    "read_at": checked_at,
                    "written_at": where,
                    "overwritten_by": other,
                    "overwritten_at": other_where,
                    "events": [mine.event, mine.other_event, event],
                    "summary": (
                        f"{st.name} checked `{mine.text}` at {checked_at}, but before it acted on"
                        f" that check (writing it at {where}), {other} changed it at {other_where}:"
                        f" {st.name} acted on a value that was no longer true"
                    ),
                },
                short(mine.frame.f_code.co_filename),
            )

    def _close_segment(self, st: ThreadState, *, preempted: bool) -> None:
        segment = self._segment.pop(st, None)
        if segment is not None and len(self.segments) < MAX_SEGMENTS:
            segment["last_event"] = len(self.events)
            segment["preempted"] = preempted
            self.segments.append(segment)

    def switched_away(self, st: ThreadState) -> None:
        # Still runnable: it was interrupted, not blocked (the scheduler's preemption).
        self._close_segment(st, preempted=st.runnable)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
            frame = frame.f_back
        if frame is None:
            return
        offset = frame.f_lasti
        marks = self._marks.setdefault(st, [])
        done = self._reads_done.get(st, ())
        for window in self._code(frame.f_code).windows:
            if window.start < offset <= window.end and (id(frame), window.start) in done:
                target = _resolve(frame, window.base)
                if target is None:
                    continue
                key = (id(target), window.attr)
                if not any(m.key == key and m.window is window for m in marks):
                    read_event = self._last_read.get((st, key))
                    marks.append(_Mark(key, window, frame.f_code.co_filename, read_event))
        self._switched_at[st] = offset

    def resumed(self, st: ThreadState) -> None:
        """A thread switched away right before a write makes it on resuming, without another
        trace event: settle its marks for that write now."""
        for mark in list(self._marks.get(st, [])):
            if self._switched_at.get(st) == mark.window.end:
                window = mark.window
                text = f"writes `{window.text()}`"
                event = self.note(st, "write", sys._getframe(), window.write_line, text, mark.key)
                self._complete(st, mark.key, event)

    def _complete(self, st: ThreadState, key, event: int | None) -> None:
        marks = self._marks.get(st, [])
        for mark in [m for m in marks if m.key == key]:
            marks.remove(mark)
            if mark.overwritten_by is not None:
                report = _report(st, mark)
                report["events"] = [mark.read_event, mark.other_event, event]
                self._found(report, mark.file)

    def _found(self, report: dict, file: str) -> None:
        """Keep the first race in the solution; one in the tests' own helpers (a racy call
        counter in a fake factory) only if the solution shows none."""
        if file == SOLUTION_FILE:
            if (
                self.found is None
                or self.found_in_tests
                or _RANK[report["kind"]] < _RANK[self.found["kind"]]
            ):
                self.found, self.found_in_tests = report, False
        elif self.found is None:
            self.found, self.found_in_tests = report, True


def interleaving(watch: RaceWatch, main: str = "MainThread") -> dict | None:
    """The last preemption of a thread inside solution.py after which other threads ran
    solution.py before it went on: who ran which lines between which two of its lines, and the
    shared values they touched. The failing schedule's last such switch is the one that lets a
    thread see, or miss, what another did. Threads the test started come before the test's own
    (whose solution code is mostly set-up), and a thread that went on after the switch before
    one that never did. Without any such switch, the first time another thread ran ahead."""
    for st in list(watch._segment):
        watch._close_segment(st, preempted=False)
    segments = [s for s in watch.segments if s["lines"]]
    candidates = []
    for i, first in enumerate(segments):
        if not first["preempted"]:
            continue
        between, resumed = [], None
        for later in segments[i + 1 :]:
            if later["thread"] == first["thread"]:
                resumed = later
                break
            between.append(later)
        if between:
            rank = (first["thread"] != main, resumed is not None, i)
            candidates.append((rank, first, between, resumed))
    if candidates:
        _, first, between, resumed = max(candidates, key=lambda c: c[0])
    else:  # nobody was interrupted: the order the threads ran in is the story
        workers = [s for s in segments if s["thread"] != main]
        if len({s["thread"] for s in workers}) < 2:
            return None
        first = workers[0]
        between = [next(s for s in workers if s["thread"] != first["thread"])]
        resumed = None
    touched = []
    for segment in (first, *between):
        for event in watch.events[segment["first_event"] : segment["last_event"]]:
            if event["kind"] in ("read", "write") and event["text"] not in touched:
                touched.append(event["text"])
    return {
        "thread": first["thread"],
        "before": first["lines"][-1],
        "lines": first["lines"],
        "after": resumed["first_line"] if resumed else None,
        "preempted": bool(candidates),
        "others": [{"thread": s["thread"], "lines": s["lines"][-3:]} for s in between[-3:]],
        "touched": touched[:6],
        "written": sorted(
            {
                e["text"].split(" ", 1)[1]
                for s in between
                for e in watch.events[s["first_event"] : s["last_event"]]
                if e["kind"] == "write"
            }
        ),
    }


def _source(line: int) -> str:
    for filename in INSTRUMENTED:
        if short(filename) == SOLUTION_FILE:
            return linecache.getline(filename, line).strip()
    return ""


def _report(st: ThreadState, mark: _Mark) -> dict:
    window = mark.window
    other, where = mark.overwritten_by
    read_at = f"{mark.file}:{window.read_line}"
    write_at = f"{mark.file}:{window.write_line}"
    if window.attr == CONTAINER:
        summary = (
            f"{st.name} read `{window.text()}` at {read_at} and changed it at {write_at}, but"
            f" {other} changed it at {where} in between: the look and the change were not one"
            " step, so {other}'s change was lost or acted on stale contents"
        ).replace("{other}", other)
    elif window.check:
        summary = (
            f"{st.name} checked `{window.text()}` at {read_at}, but before it acted on that"
            f" check (writing it at {write_at}), {other} wrote it at {where}: {st.name} acted"
            " on a value that was no longer true"
        )
    elif read_at == write_at == where:
        # One statement (`self.n += 1`) races with itself: say it in the statement's terms.
        code = linecache.getline(mark.window_file, window.write_line).strip()
        summary = (
            f"{st.name} and {other} both ran `{code}` ({write_at}): {st.name} read"
            f" `{window.text()}`, {other} changed it, then {st.name} wrote back a value"
            f" computed from the old one, so {other}'s change was lost"
        )
    else:
        summary = (
            f"{st.name} read `{window.text()}` at {read_at} and wrote it at {write_at}, but"
            f" {other} wrote it at {where} in between, so {other}'s write was lost"
        )
    kind = "check_then_act" if window.check else "lost_update"
    if window.attr == CONTAINER:
        kind = "unsafe_container"
    return {
        "kind": kind,
        "key": mark.key,
        "thread": st.name,
        "name": window.text(),
        "read_at": read_at,
        "written_at": write_at,
        "overwritten_by": other,
        "overwritten_at": where,
        "summary": summary,
    }
