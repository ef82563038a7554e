"""From what the harness saw to what the student is told: one diagnosis per failing test, from a
small fixed vocabulary (see REPORT_CONTRACT.md), then one bug per distinct cause, each with a
few sentences, a fix hint specific to it, the lines to mark and the picture of the schedule.

Plain Python, no Django; runs on the host after the sandbox has finished. Every sentence is
built from facts of the run it describes (the failing schedule, the deadlock snapshot, the
lost write); where nothing more precise holds, the generic "unprotected_state" is used.
"""

from __future__ import annotations

import ast
import re

from sandbox.harness.spin import looks_at_size, polls

SOLUTION_FILE = "solution.py"

TITLES = {
    "lost_update": "Lost update",
    "check_then_act": "Check-then-act race",
    "unsafe_container": "Unsafe operation on a shared container",
    "lock_order_deadlock": "Lock-order deadlock",
    "self_deadlock": "Self-deadlock",
    "lost_wakeup": "Lost wakeup",
    "wait_without_loop": "Wait without a loop",
    "missing_join": "Missing join",
    "daemon_misuse": "Daemon thread misuse",
    "busy_wait": "Busy waiting",
    "foreign_release": "Lock used as a signal",
    "thread_exception": "Exception in a thread",
    "unprotected_state": "Race on shared state",
    "wrong_result": "Wrong result",
    "hang": "Never finishes",
}

FIXES = {
    "lost_update": (
        "Hold one lock around the whole read-modify-write of {name} (the read, the new value and"
        " the write), so no other thread can write in between."
    ),
    "check_then_act": (
        "Make the check and the action one step: take the lock before the `if` and keep it until"
        " the write is done, so the value you checked is still the value you change."
    ),
    "unsafe_container": (
        "Hold one lock around the whole operation on the shared container (the check and the"
        " change, or the read and the write of an item)."
    ),
    "lock_order_deadlock": (
        "Take the locks in one global order everywhere (for example by `id`, smallest first),"
        " whatever the direction of the operation."
    ),
    "self_deadlock": (
        "Do not take a `Lock` again in code that already holds it: move the work into a helper"
        " that expects the lock to be held, or use `threading.RLock`."
    ),
    "lost_wakeup": (
        "Every change a waiting thread needs must be followed by a signal (`notify_all()`,"
        " `set()`, `release()`) made under the same lock, and the waiter must check its condition"
        " in a `while` loop before waiting, so a signal sent earlier is not missed."
    ),
    "lost_wakeup_notify": (
        "Use `notify_all()` (each woken thread re-checks its condition in a `while` loop), or give"
        " each kind of waiter its own `Condition` (for example `not_empty` and `not_full`)."
    ),
    "lost_wakeup_clear": (
        "Do not share one `Event` that threads clear and wait on in turn: give each thread its"
        " own `Event` or `Semaphore(0)` to wait on, or use a `Condition` and wait in a `while`"
        " loop on the shared state (`while not my_turn: cond.wait()`), notifying all after each"
        " change."
    ),
    "lost_wakeup_signal": (
        "Signal with `threading.Event` (`set()`/`wait()`) or `threading.Semaphore(0)` instead of a"
        " `Lock` taken by one thread and released by another, and make sure every path sends it."
    ),
    "stale_take": (
        "Take without looking first: `q.get_nowait()` (or `q.get(timeout=...)`) and stop on"
        " `queue.Empty`, or put one stop marker per worker into the queue."
    ),
    "crash_alone": (
        "Fix {name}: the thread raises it on its own, with no other thread in the way, so look"
        " at the values that line works with."
    ),
    "crash_then_stuck": (
        "Fix {name}: the thread raises it on its own. Then make the threads that wait for it"
        " hear of the failure too: signal in a `finally:` block (or pass the error on), so a"
        " crash never leaves them waiting for good."
    ),
    "unacquired_condition": (
        "Hold the condition while you wait or notify: `with self.cond:` around the `while` loop"
        " that checks whose turn it is and calls `self.cond.wait()`, and around the change of"
        " state followed by `self.cond.notify_all()`."
    ),
    "wait_without_loop": (
        "Wait in a `while` loop (`while not ready: cond.wait()`) or use"
        " `cond.wait_for(predicate)`: another thread may have changed the state between the"
        " notify and the moment the woken thread runs."
    ),
    "missing_join": (
        "Call `join()` on every thread you start before you use (or return) what they compute."
    ),
    "daemon_misuse": (
        "Create a background thread that should not keep the program alive with `daemon=True`;"
        " join the threads whose work must finish."
    ),
    "busy_wait": (
        "Block instead of polling: wait on a `threading.Event`, a `Condition` or a `queue.Queue`,"
        " which sleep until another thread signals."
    ),
    "foreign_release": (
        "Use `threading.Event` or `threading.Semaphore(0)` for signals between threads: a `Lock`"
        " released by a thread that did not take it works, but hides the intent and the order."
    ),
    "thread_exception": (
        "Find why the thread's operation can fail: if it depends on shared state, make the check"
        " and the operation one step under a lock."
    ),
    "unordered": (
        "Nothing makes {name} wait for the others before it acts: give each thread a turn it"
        " waits for (a `Semaphore(0)` that the thread before it releases, or a `Condition` and"
        " `while not my_turn: cond.wait()`), and hand the turn on after acting."
    ),
    "unprotected_state": (
        "Protect state that several threads change with one lock, and check conditions and act on"
        " them while holding it."
    ),
    "fresh_lock": (
        "Create the lock {lock_home}: a lock made inside the call is new each time, so it never"
        " makes another thread wait."
    ),
    "wrong_result": (
        "This test fails even with no other thread in the way: compare what your code does with"
        " what the exercise asks for."
    ),
    "hang": (
        "Look for a loop that never ends, or a thread that waits for something that never"
        " happens; every loop needs a way out."
    ),
}

_PLACE = re.compile(r"solution\.py:(\d+)")


class Static:
    """What the solution's source says about waits, signals and polling loops."""

    def __init__(self, source: str) -> None:
        self.if_waits: list[int] = []  # `x.wait()` guarded by `if`, in no `while`
        self.notify_one: list[int] = []  # `x.notify()` (wakes one)
        self.busy_waits: list[int] = []  # `while cond: pass` / `sleep(...)`
        # `x.clear()`: the expression cleared -> its first line (an Event cleared by hand).
        self.clears: dict[str, int] = {}
        self.source_lines = source.splitlines()
        self.assigned: set[str] = set()  # names and attributes the solution assigns
        # A blocking call's line -> the line of the innermost `if`/`while` test around it.
        self.guards: dict[int, int] = {}
        # `q.get()` under `while not q.empty():`: a take that trusts an earlier look
        self.checked_takes: dict[int, int] = {}  # take's line -> the check's line
        # Lines that make a new lock on every call and then hold it: it excludes nobody.
        self.fresh_locks: list[int] = []
        self.in_class = False  # the fresh locks are in a class's methods (else functions)
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return
        self._visit(tree, ())
        self._find_fresh_locks(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute):
                    self.assigned.add(target.attr)
                elif isinstance(target, ast.Name):
                    self.assigned.add(target.id)

    def assigns(self, shown: str) -> bool:
        """`self.count` (as the timeline shows it, in backticks): a name the solution assigns."""
        name = shown.strip("`").split("[")[0]
        return name in self.assigned or name.removeprefix("self.") in self.assigned

    def code(self, line: int | None) -> str:
        if line and 0 < line <= len(self.source_lines):
            return self.source_lines[line - 1].strip()
        return ""

    def _find_fresh_locks(self, tree: ast.AST) -> None:
        """`with threading.Lock():`, or `lock = Lock()` in a function (not `__init__`) then
        `with lock:` in that same call: a lock nobody else can ever hold."""
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        item.spindle_method = True
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if func.name == "__init__":
                continue
            made: dict[str, int] = {}
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.Assign)
                    and _makes_lock(node.value)
                    and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                ):
                    made[node.targets[0].id] = node.lineno
                elif isinstance(node, (ast.With, ast.AsyncWith)):
                    for item in node.items:
                        ctx = item.context_expr
                        line = None
                        if _makes_lock(ctx):
                            line = ctx.lineno
                        elif isinstance(ctx, ast.Name) and ctx.id in made:
                            line = made[ctx.id]
                        if line is not None and line not in self.fresh_locks:
                            self.fresh_locks.append(line)
                            self.in_class = self.in_class or getattr(func, "spindle_method", False)

    def _visit(self, node: ast.AST, around: tuple[type, ...], tests: tuple[int, ...] = ()) -> None:
        """`around`: the kinds of the enclosing `if`/`while` statements, innermost last,
        since the enclosing function; `tests`: the lines of their tests."""
        if isinstance(node, ast.While) and polls(node):
            self.busy_waits.append(node.lineno)
        if isinstance(node, (ast.While, ast.If)) and looks_at_size(node.test):
            for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in _TAKES
                ):
                    self.checked_takes.setdefault(inner.lineno, node.test.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("wait", "acquire", "get", "wait_for") and tests:
                self.guards.setdefault(node.lineno, tests[-1])
            if node.func.attr == "wait" and ast.If in around and ast.While not in around:
                self.if_waits.append(node.lineno)
            elif node.func.attr == "notify" and not node.args and not node.keywords:
                self.notify_one.append(node.lineno)
            elif node.func.attr == "clear" and not node.args:
                self.clears.setdefault(ast.unparse(node.func.value), node.lineno)
        for field, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            for child in children:
                if not isinstance(child, ast.AST):
                    continue
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    self._visit(child, ())
                elif isinstance(node, (ast.If, ast.While)) and field != "test":
                    self._visit(child, (*around, type(node)), (*tests, node.test.lineno))
                elif isinstance(node, ast.For) and field == "body":  # how many times it waits
                    self._visit(child, around, (*tests, node.lineno))
                else:
                    self._visit(child, around, tests)


_TAKES = {"get", "pop", "popleft", "get_nowait"}
_LOCK_TYPES = {"Lock", "RLock"}


def _makes_lock(node: ast.AST) -> bool:
    """`threading.Lock()`, `Lock()`, `threading.RLock()`..."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in _LOCK_TYPES


def _solution_lines(*texts: str | None) -> list[int]:
    lines: list[int] = []
    for text in texts:
        for match in _PLACE.finditer(text or ""):
            line = int(match.group(1))
            if line not in lines:
                lines.append(line)
    return lines


def _at_line(at: dict | None) -> int | None:
    if at and at.get("file") == SOLUTION_FILE:
        return at.get("line")
    return None


# `self.event.wait()` -> "self.event": the object a blocking call waits on, as the code names it.
_WAITED_ON = re.compile(
    r"([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\.(?:wait|wait_for|acquire|get|put|join)\("
)


def _waited_name(at: dict | None) -> str | None:
    match = _WAITED_ON.search((at or {}).get("code") or "")
    return match.group(1) if match else None


def _on_what(at: dict | None) -> str:
    name = _waited_name(at)
    return f" on `{name}`" if name else ""


_THREAD_NAME = re.compile(r"\b(Thread-\d+) \(([\w.<>]+)\)")


def _threads_named_once(text: str) -> str:
    """`Thread-1 (add)` in full the first time, then `Thread-1`."""
    seen: set[str] = set()

    def shorten(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(1)
        seen.add(match.group(1))
        return match.group(0)

    return _THREAD_NAME.sub(shorten, text)


def _listed(items: list[str], noun: str) -> str:
    """At most three items in a sentence; the rest are counted (the timeline shows them)."""
    if len(items) <= 3:
        return ", ".join(items)
    rest = len(items) - 3
    return ", ".join(items[:3]) + f" and {rest} more {noun}{'s' if rest > 1 else ''}"


def _loop_tests(static: Static, wait_lines: list[int]) -> list[tuple[int, str]]:
    """The `while`/`if` test that decides whether each stuck wait happens: where a condition
    that forgets a case (the end of the work, a signal already sent) would be fixed."""
    out = []
    for line in wait_lines:
        test = static.guards.get(line)
        if test is not None:
            out.append((test, "decides whether to wait"))
    return out


def _sentence(text: str) -> str:
    text = (text or "").strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _short_label(text: str) -> str:
    return text.split(" (created at")[0]


class _Finding:
    """One failing test's diagnosis, before tests with the same cause are merged."""

    def __init__(self, diagnosis: str, key, summary: str, lines, fix_key: str | None = None):
        self.diagnosis = diagnosis
        self.key = key
        self.summary = summary
        self.lines = lines  # [(line, note)]
        self.fix_key = fix_key or diagnosis
        self.fix_name = ""


_RELEASE_ERRORS = ("release unlocked lock", "cannot release un-acquired lock")


def _release_error(error: dict) -> bool:
    """A RuntimeError from releasing a lock the thread does not hold: a lock used as a signal."""
    return error.get("type") == "RuntimeError" and any(
        text in (error.get("message") or "") for text in _RELEASE_ERRORS
    )


def _error_finding(test: dict, error: dict) -> _Finding:
    line = _at_line(error.get("at"))
    summary = _sentence(error["summary"])
    if test.get("outcome") == "deadlock":
        summary += " The threads waiting for it were then stuck for good."
    elif test.get("phase") == "schedules":
        summary += " It happens only in some orders of the threads."
    if _release_error(error):
        summary += (
            " A `Lock` (or `RLock`) released by a thread that does not hold it is a signal in"
            " disguise, and this one was released when it was not held."
        )
        lines = [(line, "released by a thread that does not hold it")] if line else []
        return _Finding("foreign_release", ("signal",), summary, lines, "lost_wakeup_signal")
    lines = [(line, f"{error['type']} in {error.get('thread', 'the test')}")] if line else []
    unacquired = "un-acquired lock" in (error.get("message") or "")
    if unacquired:
        summary += (
            " A `Condition`'s `wait()` and `notify()` may only be called by a thread that holds"
            " its lock."
        )
    fix_key = None
    if unacquired:
        fix_key = "unacquired_condition"
    elif _sequential(test):  # it fails on its own, whatever the other threads do
        fix_key = "crash_then_stuck" if test.get("outcome") == "deadlock" else "crash_alone"
    finding = _Finding(
        "thread_exception",
        ("error", error["type"], "unacquired" if unacquired else line),
        summary,
        lines,
        fix_key,
    )
    finding.fix_name = f"the `{error['type']}` at line {line}" if line else f"the {error['type']}"
    return finding


def _deadlock_finding(test: dict, static: Static) -> _Finding:
    if test.get("thread_errors"):  # a thread died, and the others waited for it forever
        return _failure_finding(test, static)
    deadlock = test.get("deadlock") or {}
    threads = deadlock.get("threads") or []
    cycle = deadlock.get("cycle") or []
    by_name = {t["thread"]: t for t in threads}
    waits = [(t["thread"], _at_line(t.get("at")), t.get("waits", ""), t.get("on")) for t in threads]
    lines = [(line, f"{name} waits here") for name, line, _, _ in waits if line]
    for t in threads:
        for held in t.get("holds", []):
            for line in _solution_lines(held.get("since")):
                lines.append((line, f"{t['thread']} took {_short_label(held['lock'])} here"))
    if len(cycle) == 1:
        t = by_name.get(cycle[0], {})
        where = _at_line(t.get("at"))
        held = next(iter(t.get("holds") or []), None)
        taken = f" (it took it at {held['since']})" if held else ""
        summary = (
            f"{cycle[0]} waits at line {where} {_short_label(t.get('waits', ''))}{taken}. A `Lock`"
            " cannot be taken twice, even by the thread that holds it, so it waits for itself"
            " forever."
        )
        return _Finding("self_deadlock", ("self", where), summary, lines)
    if len(cycle) > 1:
        parts = []
        for name in cycle:
            t = by_name.get(name, {})
            holds = ", ".join(_short_label(h["lock"]) for h in t.get("holds", [])) or "nothing"
            waits_for = _short_label(t.get("waits", "")).split(",")[0]
            parts.append(f"{name} holds {holds} and waits {waits_for}")
        summary = (
            "; ".join(parts)
            + ". Each thread holds one lock and waits for another's, so none can go on."
        )
        # However many tests run into it, it is one bug: the locks' order.
        return _Finding("lock_order_deadlock", ("cycle",), summary, lines)
    # No cycle: threads wait for a signal that no live thread will send.
    stuck = [w for w in waits if w[3] in ("notification", "signal", "lock")]
    stale = [(name, line) for name, line, _, _ in stuck if line in static.checked_takes]
    if stale:
        name, line = stale[0]
        check = static.checked_takes[line]
        summary = (
            f"{name} saw at line {check} that there was something left to take, but another"
            f" thread took it first, so the take at line {line} waits for good. The look and the"
            " take were two steps, and another thread ran between them."
        )
        lines += [(check, "this check can be out of date"), (line, "waits here for good")]
        return _Finding("check_then_act", ("stale-take", line), summary, lines, "stale_take")
    by_thread = {t["thread"]: t for t in threads}
    described = [
        f"{name} ({what.split(',')[0]}{_on_what(by_thread[name].get('at'))} at line {line})"
        for name, line, what, _ in stuck
        if line
    ]
    names = _listed(described, "thread") or deadlock.get("summary", "")
    summary = (
        f"Stuck waiting for good: {names}. No thread that is still running will ever wake them."
    )
    lines += _loop_tests(static, [line for _, line, _, _ in stuck if line])
    fix_key = "lost_wakeup"
    waited = {_waited_name(by_thread[name].get("at")) for name, _, _, _ in stuck}
    cleared = sorted(name for name in waited if name in static.clears)
    if cleared:
        fix_key = "lost_wakeup_clear"
        name = cleared[0]
        summary += (
            f" `{name}` is cleared by hand (line {static.clears[name]}): a thread that clears it"
            " after another thread set it erases a `set()` that a waiting thread never saw."
        )
        lines.append((static.clears[name], "this `clear()` can erase a `set()` meant for another"))
    elif any(on == "signal" for _, _, _, on in waits):
        fix_key = "lost_wakeup_signal"
    elif static.notify_one:
        fix_key = "lost_wakeup_notify"
        summary += (
            " `notify()` wakes just one waiting thread, and it can be one that cannot proceed"
            " (a producer when a consumer was needed), so the wakeup is lost."
        )
        lines += [(line, "`notify()` wakes only one thread") for line in static.notify_one]
    return _Finding("lost_wakeup", ("stuck",), summary, lines, fix_key)


def _failure_finding(test: dict, static: Static) -> _Finding:
    message = test.get("message", "")
    phase = test.get("phase")
    errors = test.get("thread_errors") or []
    lost = test.get("lost_update")
    running = test.get("running_at_failure") or []
    at = test.get("at") or {}
    failing_line = _at_line(at)
    woke_under_if = [line for line in static.if_waits if line in (test.get("woke_lines") or ())]
    if lost and not woke_under_if:
        kind = lost.get("kind", "lost_update")
        first = "read" if kind == "lost_update" else "check"
        places = (
            (lost["read_at"], f"{first} of `{lost['name']}`"),
            (lost["overwritten_at"], f"another thread's write of `{lost['name']}`"),
            (lost["written_at"], f"write of `{lost['name']}`"),
        )
        lines = [(line, note) for place, note in places for line in _solution_lines(place)]
        summary = _sentence(lost["summary"])
        if kind == "lost_update" and "the old one" not in summary:
            summary += " Both threads started from the same old value."
        finding = _Finding(kind, (kind, lost["name"], lost["written_at"]), summary, lines)
        finding.fix_name = f"`{lost['name']}`"
        return finding
    if "daemon" in message and ("assert" in message or "daemon" in (at.get("code") or "")):
        summary = f"{test['name']} expects a daemon thread: {_sentence(message)}"
        return _Finding("daemon_misuse", ("daemon",), summary, [])
    if static.if_waits and (
        woke_under_if or (errors and not lost) or (not lost and phase == "schedules")
    ):
        line = (woke_under_if or static.if_waits)[0]
        first = _sentence(errors[0]["summary"]) if errors else _sentence(message)
        summary = (
            f"{first} A thread woke from `wait()` at line {line} and went on although the"
            " condition it waited for was no longer true: an `if` checks it only once."
        )
        return _Finding(
            "wait_without_loop",
            ("if-wait", line),
            summary,
            [(line, "`wait()` under `if`: re-check in a `while` loop")],
        )
    if errors:
        return _error_finding(test, errors[0])
    escaped = test.get("escaped_errors") or []
    if escaped:  # the solution raised, and the test caught it and failed on it
        return _error_finding(test, escaped[0])
    if (
        test.get("outcome") in ("failed", "error")
        and "RuntimeError" in message
        and any(text in message for text in _RELEASE_ERRORS)
    ):
        error = {"type": "RuntimeError", "message": message, "summary": message, "at": at}
        return _error_finding(test, error)
    if running and test.get("outcome") in ("race", "failed"):
        summary = (
            f"{test['name']} checked the results while {', '.join(running)} still ran:"
            f" {_sentence(message)} The threads had not finished because nobody waited for them."
        )
        return _Finding("missing_join", ("join",), summary, [])
    if test.get("leaked_threads") and test.get("outcome") == "failed":
        leak = test["leaked_threads"][0]
        lines = [
            (line, "started here, never joined") for line in _solution_lines(leak["started_at"])
        ]
        summary = _sentence(leak["summary"])
        return _Finding("missing_join", ("join",), summary, lines)
    lines = [(failing_line, "fails here")] if failing_line else []
    inter = test.get("interleaving")
    if inter and not _sequential(test) and test.get("reproduced") is not False:
        return _interleaving_finding(test, inter, static)
    if _sequential(test):
        summary = f"{test['name']} failed: {_sentence(message)}"
        return _Finding("wrong_result", ("wrong",), summary, lines)
    if test.get("reproduced") is False:
        summary = (
            f"{test['name']} failed when run plainly: {_sentence(message)} It passed with each"
            " thread running alone, one after the other, so the order of the threads decided it."
        )
        return _Finding("unprotected_state", ("race",), summary, lines)
    summary = (
        f"{test['name']} passed when run plainly but failed under a forced order of the threads:"
        f" {_sentence(message)}"
    )
    return _Finding("unprotected_state", ("race",), summary, lines)


def _interleaving_finding(test: dict, inter: dict, static: Static) -> _Finding:
    """No known pattern, but the failing order itself: which thread ran what in between."""
    thread, before, after = inter["thread"], inter["before"], inter["after"]
    if not inter.get("preempted"):
        before = _telling_line(inter.get("lines") or [before], static)
    ran = []
    lines = [(before, f"{thread} was here")]
    for other in inter["others"]:
        shown = sorted(set(other["lines"][-2:]))
        where = f"lines {shown[0]}–{shown[-1]}" if len(shown) > 1 else f"line {shown[0]}"
        code = static.code(_telling_line(other["lines"], static))
        ran.append(f"{other['thread']} ran {where}" + (f" (`{code}`)" if code else ""))
        lines += [(n, f"{other['thread']} ran this meanwhile") for n in shown]
    said = f"{test['name']} passed when run plainly but failed under a forced order of the threads:"
    said += f" {_sentence(test.get('message', ''))}"
    if inter.get("preempted"):
        resumed = f" and line {after}" if after else ""
        said += (
            f" In that order, {_listed(ran, 'thread')} between {thread}'s line {before}"
            f" (`{static.code(before)}`){resumed}."
        )
    else:
        said += (
            f" In that order, {thread} ran line {before} (`{static.code(before)}`) before"
            f" {_listed(ran, 'thread')}: nothing made one wait for the other."
        )
    touched = [t.split(" ", 1)[1] for t in inter.get("touched") or ()]
    touched = [t for t in touched if static.assigns(t)][:3]
    if touched:
        said += f" Between them they touched {', '.join(touched)}."
    finding = _Finding("unprotected_state", ("race",), said, lines)
    written = [name for name in inter.get("written") or () if static.assigns(name)]
    finding.fix_key = "unprotected_state" if written else "unordered"
    finding.fix_name = thread
    return finding


def _telling_line(lines: list[int], static: Static) -> int:
    """Of the lines a thread ran, the latest that does something (not a loop's header)."""
    for line in reversed(lines):
        if not static.code(line).startswith(("for ", "while ", "if ", "else", "try:")):
            return line
    return lines[-1]


def _sequential(test: dict) -> bool:
    """The test failed with no thread in another's way: in the serial schedule (each thread
    alone, one after the other), or plainly with no thread but its own."""
    if test.get("phase") == "serial":
        return True
    schedules = test.get("schedules") or {}
    return test.get("phase") == "plain" and schedules.get("total") == 0


def _timeout_finding(test: dict, static: Static) -> _Finding:
    summary = f"{test['name']} {_sentence(test.get('message', ''))}"
    lines = [(line, "this loop polls instead of waiting") for line in static.busy_waits]
    if static.busy_waits:
        return _Finding("busy_wait", ("spin",), summary, lines)
    at = _at_line(test.get("at"))
    return _Finding("hang", ("hang", at), summary, [(at, "still running here")] if at else [])


def finding_for(test: dict, static: Static) -> _Finding | None:
    """The test's diagnosis, from the run that stands for it: the failing forced schedule, the
    serial one, or (seen once, not reproduced) the plain run."""
    outcome = test.get("outcome")
    if outcome == "deadlock":
        return _deadlock_finding(test, static)
    if outcome in ("race", "failed", "error"):
        finding = _failure_finding(test, static)
        if outcome != "race" and finding.diagnosis in _ORDER_BUGS:
            # It failed with no preemption, yet through the order in which threads woke and
            # read (a wait under `if` acting on a stale condition): a race all the same.
            test["outcome"] = "race"
        return finding
    if outcome == "timeout":
        return _timeout_finding(test, static)
    return None


def diagnose(result: dict, solution: str) -> tuple[list[dict], list[dict]]:
    """The bugs behind the failing tests (most important first) and style notes."""
    static = Static(solution)
    bugs: dict = {}
    for test in result.get("tests") or []:
        finding = finding_for(test, static)
        if finding is None:
            continue
        if static.fresh_locks and finding.diagnosis in _RACES:
            _blame_fresh_locks(finding, static)
        bug = bugs.get(finding.key)
        if bug is None:
            fix = FIXES[finding.fix_key].format(
                name=finding.fix_name or "the shared value",
                lock_home="once in `__init__` (`self._lock = threading.Lock()`) and use"
                " `self._lock`"
                if static.in_class
                else "once, at module level, and use that one lock",
            )
            schedules = test.get("schedules") or {}
            bug = bugs[finding.key] = {
                "diagnosis": finding.diagnosis,
                "title": TITLES[finding.diagnosis],
                "summary": _threads_named_once(finding.summary),
                "fix": fix,
                "tests": [],
                "lines": _dedupe_lines(finding.lines),
                "timeline": test.get("timeline"),
                "seed": schedules.get("first_failing_seed"),
                "schedules_tried": schedules.get("run")
                if test.get("phase") in ("schedules", "serial")
                else None,
                "reproduced": test.get("reproduced") is not False,
            }
            if not bug["reproduced"]:
                bug["summary"] += _not_reproduced(schedules.get("run") or 0)
        bug["tests"].append(test["name"])
    if any(bug["diagnosis"] == "daemon_misuse" for bug in bugs.values()):
        # Threads that outlive their test where a daemon was expected: not a missing join.
        leaked = bugs.pop(("join",), None)
        if leaked is not None:
            daemon = bugs[("daemon",)]
            daemon["tests"] = [*daemon["tests"], *leaked["tests"]]
            daemon["lines"] = _merge_lines(daemon["lines"], leaked["lines"])
    ordered = sorted(bugs.values(), key=lambda b: _RANK.get(b["diagnosis"], 50))
    return ordered, _style_notes(result, static)


def _not_reproduced(tried: int) -> str:
    if not tried:
        return " It was seen once, in a plain run, which cannot be replayed."
    return (
        f" It was seen once, in a plain run, and not again in {tried} forced orders, so there"
        " is no seed to replay it with."
    )


# Findings that hold with no thread in another's way (said so when the serial schedule shows
# them; see grader._bug_message).
SEQUENTIAL_DIAGNOSES = {"wrong_result", "daemon_misuse", "thread_exception", "hang"}
# Findings that name an ordering between threads as the cause.
_ORDER_BUGS = {"lost_update", "check_then_act", "unsafe_container", "wait_without_loop"}
_RACES = {"lost_update", "check_then_act", "unsafe_container", "unprotected_state"}


def _blame_fresh_locks(finding: _Finding, static: Static) -> None:
    """The race happened under a lock made anew on each call: that line is the cause."""
    where = ", ".join(map(str, static.fresh_locks))
    finding.summary += (
        f" The lock at line {where} is created anew on every call, so each thread holds its own"
        " lock and none ever waits for another's."
    )
    finding.lines = [
        (line, "a new lock on every call: it excludes nobody") for line in static.fresh_locks
    ] + list(finding.lines)
    finding.fix_key = "fresh_lock"


# Concurrency causes first: they explain other failures (a deadlock makes tests time out).
_RANK = {
    "lock_order_deadlock": 0,
    "self_deadlock": 1,
    "lost_wakeup": 2,
    "lost_update": 3,
    "check_then_act": 4,
    "wait_without_loop": 5,
    "unsafe_container": 6,
    "missing_join": 7,
    "daemon_misuse": 8,
    "foreign_release": 8,
    "unprotected_state": 10,
    "busy_wait": 11,
    "hang": 12,
    # Failures of plain logic come in the order of the tests.
    "thread_exception": 13,
    "wrong_result": 13,
}


def _merge_lines(first: list[dict], second: list[dict]) -> list[dict]:
    return _dedupe_lines([(m["line"], m["note"]) for m in [*first, *second]])


def _dedupe_lines(lines) -> list[dict]:
    out: dict[int, str] = {}
    for line, note in lines:
        if line and line not in out:
            out[line] = note
    return [{"line": line, "note": note} for line, note in sorted(out.items())]


def _style_notes(result: dict, static: Static) -> list[dict]:
    notes = []
    if static.busy_waits:
        notes.append(
            {
                "diagnosis": "busy_wait",
                "summary": (
                    "Busy waiting: the loop at line"
                    f" {', '.join(map(str, static.busy_waits))} polls until something changes,"
                    " using a CPU while it waits. " + FIXES["busy_wait"]
                ),
                "lines": [{"line": line, "note": "busy wait"} for line in static.busy_waits],
            }
        )
    signals = {}
    for test in result.get("tests") or []:
        for entry in test.get("signal_locks") or []:
            signals.setdefault(entry["lock"], entry)
    for entry in signals.values():
        released = entry.get("released_at") or "another place"
        notes.append(
            {
                "diagnosis": "foreign_release",
                "summary": (
                    f"{_short_label(entry['lock'])} is used as a signal: {entry['taken_by']} took"
                    f" it and {entry['released_by']} released it at {released}. "
                    + FIXES["foreign_release"]
                ),
                "lines": [
                    {"line": line, "note": "lock used as a signal"}
                    for line in _solution_lines(entry.get("taken_at"), released)
                ],
            }
        )
    return notes
