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
        return self.attr if self.base == _GLOBALS else f"{self.base}.{self.attr}"


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
        for ins in dis.get_instructions(code):
            line = ins.starts_line or line
            op = ins.opname
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
        self.writes[ins.offset] = (attr, base, line)
        same = [r for r in reads if r[1:3] == (attr, base)]
        if same:
            read = same[-1]
            self.windows.append(_Window(read[0], ins.offset, attr, base, read[3], line))
        decisions = self.decision_lines
        for read in same[:-1]:
            if read[3] in decisions and read[3] != line:
                self.windows.append(_Window(read[0], ins.offset, attr, base, read[3], line, True))


class _Mark:
    """A thread switched away inside a window."""

    __slots__ = ("key", "window", "file", "overwritten_by")

    def __init__(self, key, window: _Window, file: str) -> None:
        self.key = key
        self.window = window
        self.file = file
        self.overwritten_by: tuple[str, str] | None = None  # (thread, where)


def _resolve(frame, base: str):
    if base == _GLOBALS:
        return frame.f_globals
    return frame.f_locals.get(base, frame.f_globals.get(base))


def _text(attr: str, base: str) -> str:
    return attr if base == _GLOBALS else f"{base}.{attr}"


# A replay keeps at most this many events; the report shows a few of them.
MAX_EVENTS = 4000


class RaceWatch:
    """Watches one replay of a failing schedule: finds the lost update, if any, and records the
    timeline of what each thread did (reads and writes of attributes some thread writes, lock
    operations, waits and signals, starts and ends) for the report's picture."""

    def __init__(self) -> None:
        self._codes: dict[object, _Code] = {}
        self._marks: dict[ThreadState, list[_Mark]] = {}
        self._switched_at: dict[ThreadState, int] = {}
        self.found: dict | None = None
        self.events: list[dict] = []
        # (id(object), attr) keys some thread has written: only their reads are recorded (a
        # read before the first write is missed, which the lost-update window covers).
        self.shared: set = set()

    def note(self, st: ThreadState, kind: str, frame, line: int | None, text: str, key=None):
        """Record one event of the running thread at the innermost student frame."""
        if len(self.events) >= MAX_EVENTS:
            return
        while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
            frame = frame.f_back
        if frame is None:
            return
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

    def _code(self, code) -> _Code:
        analysed = self._codes.get(code)
        if analysed is None:
            analysed = self._codes[code] = _Code(code)
        return analysed

    def opcode(self, st: ThreadState, frame) -> None:
        """Before each traced instruction of the running thread."""
        code = self._code(frame.f_code)
        offset = frame.f_lasti
        read = code.reads.get(offset)
        if read is not None:
            attr, base, line = read
            target = _resolve(frame, base)
            key = (id(target), attr)
            if key in self.shared:
                self.note(st, "read", frame, line, f"reads `{_text(attr, base)}`", key)
            return
        write = code.writes.get(offset)
        if write is None:
            return
        attr, base, line = write
        key = (id(_resolve(frame, base)), attr)
        self.shared.add(key)
        self.note(st, "write", frame, line, f"writes `{_text(attr, base)}`", key)
        where = f"{short(frame.f_code.co_filename)}:{line}"
        for other, marks in self._marks.items():
            for mark in marks:
                if other is not st and mark.key == key and mark.overwritten_by is None:
                    mark.overwritten_by = (st.name, where)
        self._complete(st, key)

    def switched_away(self, st: ThreadState) -> None:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
            frame = frame.f_back
        if frame is None:
            return
        offset = frame.f_lasti
        marks = self._marks.setdefault(st, [])
        for window in self._code(frame.f_code).windows:
            if window.start < offset <= window.end:
                key = (id(_resolve(frame, window.base)), window.attr)
                if not any(m.key == key and m.window is window for m in marks):
                    marks.append(_Mark(key, window, short(frame.f_code.co_filename)))
        self._switched_at[st] = offset

    def resumed(self, st: ThreadState) -> None:
        """A thread switched away right before a write makes it on resuming, without another
        trace event: settle its marks for that write now."""
        for mark in list(self._marks.get(st, [])):
            if self._switched_at.get(st) == mark.window.end:
                self._complete(st, mark.key)

    def _complete(self, st: ThreadState, key) -> None:
        marks = self._marks.get(st, [])
        for mark in [m for m in marks if m.key == key]:
            marks.remove(mark)
            if mark.overwritten_by is not None and self.found is None:
                self.found = _report(st, mark)


def _report(st: ThreadState, mark: _Mark) -> dict:
    window = mark.window
    other, where = mark.overwritten_by
    read_at = f"{mark.file}:{window.read_line}"
    write_at = f"{mark.file}:{window.write_line}"
    if window.check:
        summary = (
            f"{st.name} checked `{window.text()}` at {read_at}, but before it acted on that"
            f" check (writing it at {write_at}), {other} wrote it at {where}: {st.name} acted"
            " on a value that was no longer true"
        )
    else:
        summary = (
            f"{st.name} read `{window.text()}` at {read_at} and wrote it at {write_at}, but"
            f" {other} wrote it at {where} in between, so {other}'s write was lost"
        )
    return {
        "kind": "check_then_act" if window.check else "lost_update",
        "key": mark.key,
        "thread": st.name,
        "name": window.text(),
        "read_at": read_at,
        "written_at": write_at,
        "overwritten_by": other,
        "overwritten_at": where,
        "summary": summary,
    }
