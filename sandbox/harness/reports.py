"""What the harness tells the student: exceptions, deadlocks, leaked threads and values, as JSON
objects with a one-line summary each. Nothing here calls the student's code."""

from __future__ import annotations

import collections
import itertools

from . import names
from .runtime import (
    INSTRUMENTED,
    SLEEPING,
    Run,
    ThreadState,
    short,
    site_text,
    source_line,
    user_site,
    where,
)

_MAX_TEXT = 300


def clip(text: str, limit: int = _MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def safe_repr(value, depth: int = 0) -> str:
    """repr() for built-in values only: a user-defined __repr__ is student code, which the harness
    does not run; such objects show as <ClassName object>."""
    kind = type(value)
    try:
        if kind in (bool, float, complex, type(None)):
            return repr(value)
        if kind is int:
            return repr(value) if value.bit_length() < 1000 else "<a very large int>"
        if kind in (str, bytes):
            return repr(value) if len(value) <= 80 else repr(value[:80])[:-1] + "...'"
        if depth >= 3:
            return "..."
        if kind in (list, tuple, set, frozenset, collections.deque):
            items = [safe_repr(v, depth + 1) for v in itertools.islice(value, 12)]
            if kind in (set, frozenset):
                items.sort()  # string hashing varies between processes; keep output stable
            if len(value) > 12:
                items.append("...")
            body = ", ".join(items)
            if kind is list:
                return f"[{body}]"
            if kind is tuple:
                return f"({body},)" if len(value) == 1 else f"({body})"
            if kind is collections.deque:
                return f"deque([{body}])"
            return f"{{{body}}}" if value else f"{kind.__name__}()"
        if kind is dict:
            pairs = [
                f"{safe_repr(k, depth + 1)}: {safe_repr(v, depth + 1)}"
                for k, v in itertools.islice(value.items(), 12)
            ]
            if len(value) > 12:
                pairs.append("...")
            return "{" + ", ".join(pairs) + "}"
    except Exception:  # a container changed size while another thread was reading it
        return f"<{kind.__name__} being changed>"
    return f"<{kind.__name__} object>"


def _place(site: dict | None) -> str:
    if site is None:
        return "an unknown place"
    text = f"{site['file']}:{site['line']}"
    return f"{text} `{site['code']}`" if site.get("code") else text


def _exception_text(exc: BaseException) -> str:
    try:
        return clip(str(exc))
    except Exception:
        return "(its message could not be shown)"


def traceback_sites(tb) -> list[dict]:
    sites = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in INSTRUMENTED:
            sites.append(
                {
                    "file": short(code.co_filename),
                    "line": tb.tb_lineno,
                    "code": source_line(code.co_filename, tb.tb_lineno),
                    "function": code.co_name,
                }
            )
        tb = tb.tb_next
    return sites


def exception_report(exc: BaseException) -> dict:
    """An exception that ended a test: its type, message and where it came from."""
    sites = traceback_sites(exc.__traceback__)
    at = sites[-1] if sites else None
    kind = type(exc).__name__
    message = _exception_text(exc)
    headline = f"{kind}: {message}" if message else kind
    return {
        "type": kind,
        "message": message,
        "at": at,
        "trace": sites,
        "summary": f"{headline} at {_place(at)}",
    }


def thread_error(st: ThreadState, exc_type, exc, tb) -> dict:
    """An exception that ended one of the test's threads."""
    sites = traceback_sites(tb)
    at = sites[-1] if sites else None
    message = _exception_text(exc) if exc is not None else ""
    headline = f"{exc_type.__name__}: {message}" if message else exc_type.__name__
    return {
        "thread": st.name,
        "type": exc_type.__name__,
        "message": message,
        "at": at,
        "trace": sites,
        "summary": f"{st.name} raised {headline} at {_place(at)}",
    }


def leak_report(st: ThreadState, frame) -> dict:
    at = where(frame)
    return {
        "thread": st.name,
        "started_at": site_text(st.start_site),
        "at": at,
        "summary": (
            f"{st.name} (started at {site_text(st.start_site)}) was still running after the"
            f" test ended, at {_place(at)}"
        ),
    }


def _acquired_at(frame, line: int) -> str:
    if frame is not None and frame.f_code.co_filename in INSTRUMENTED:
        return f"{short(frame.f_code.co_filename)}:{line}"
    return site_text(user_site(frame))


def _waits_for(st: ThreadState, at: dict | None, *, origin: bool = True) -> str:
    target = st.waiting
    if st.semaphore is not None and _semaphore_taken(st.semaphore):
        holder = st.semaphore._spindle_holders[-1]
        text = f"for {names.label(_semaphore_lock(st.semaphore), origin=origin)}"
        return text + (
            f", taken by {holder.name}" if holder is not st else ", which it took itself"
        )
    if isinstance(target, ThreadState):
        return f"in join() for {target.name}"
    if target is SLEEPING:
        return "in sleep()"
    if target is not None and not target._internal:
        text = f"for {names.label(target, origin=origin)}"
        owner = target._owner
        if target._signal:
            text += " to be released by another thread"
        elif owner is not None:
            text += f", held by {owner.name}" if owner is not st else ", which it holds itself"
        return text
    op = at.get("op") if at else None
    return f"in {op}()" if op else "for a notification"


def deadlock_report(run: Run, frames: dict) -> dict:
    """Every thread of the run is blocked for good: who waits for what, who holds what."""
    blocked = [st for st in run.threads if not st.finished]
    entries = []
    for st in blocked:
        at = where(frames.get(st.ident))
        entries.append(
            {
                "thread": st.name,
                "at": at,
                "waits": _waits_for(st, at),
                "holds": [
                    {"lock": names.label(lock), "since": _acquired_at(frame, line)}
                    for lock, frame, line in _holds(st)
                    if not lock._signal
                ],
                "op": at.get("op") if at else None,
                "on": _wait_kind(st),
            }
        )
    cycle = _wait_cycle(blocked)
    if cycle:
        parts = []
        locks = []
        for i, st in enumerate(cycle):
            waited_on_by_prev = _waited_lock(cycle[i - 1])
            held = [(lock, f, ln) for lock, f, ln in _holds(st) if lock is waited_on_by_prev]
            locks += [lock for lock, _, _ in held]
            holds = "".join(
                f" holds {names.label(lock, origin=False)} (taken at {_acquired_at(f, ln)}) and"
                for lock, f, ln in held
            )
            at = where(frames.get(st.ident))
            waits = _waits_for(st, at, origin=False)
            parts.append(f"{st.name}{holds} waits at {_place(at)} {waits}")
        summary = (
            "; ".join(parts) + f"{names.origins(locks)}. Each waits for another, so none can go on."
        )
    else:
        parts = [f"{e['thread']} waits {e['waits']} at {_place(e['at'])}" for e in entries]
        summary = (
            "Every thread is waiting and none is left to wake the others: " + "; ".join(parts) + "."
        )
    first = where(frames.get(cycle[0].ident)) if cycle else None
    return {
        "threads": entries,
        "cycle": [st.name for st in cycle],
        "at": first,
        "summary": summary,
    }


def _holds(st: ThreadState) -> list[tuple]:
    """(lock, frame, line) for the mutexes a thread holds and the guarding semaphores it took
    (each by the lock it is made of, which carries its name)."""
    return [
        *st.held,
        *((_semaphore_lock(sem), f, ln) for sem, f, ln in st.semaphores),
    ]


def _waited_lock(st: ThreadState):
    """What a thread waits for, a guarding semaphore by the lock it is made of."""
    if st.semaphore is not None and _semaphore_taken(st.semaphore):
        return _semaphore_lock(st.semaphore)
    return st.waiting


def _semaphore_taken(semaphore) -> bool:
    """A guarding semaphore down to 0, with holders: waiting for it is waiting for them."""
    return bool(semaphore._spindle_holders) and semaphore._value == 0


def _semaphore_lock(semaphore):
    """The lock a semaphore is made of: it carries the semaphore's name (see names.label)."""
    return semaphore._cond._lock


def _wait_kind(st: ThreadState) -> str:
    """What a stuck thread waits on: "lock" (a mutex someone holds), "signal" (a lock used as a
    signal), "join", "sleep", or "notification" (a Condition, Event, Semaphore, Queue...)."""
    target = st.waiting
    if isinstance(target, ThreadState):
        return "join"
    if target is SLEEPING:
        return "sleep"
    if st.semaphore is not None and _semaphore_taken(st.semaphore):
        return "lock"
    if target is None or target._internal:
        return "notification"
    if target._signal:
        return "signal"
    if target._name is not None and target._name.kind:
        return "notification"  # a library object's own lock (a Semaphore's, a Queue's)
    return "lock"


def _wait_cycle(blocked: list[ThreadState]) -> list[ThreadState]:
    """A cycle of threads each waiting for a lock held by (or a join on) the next one."""

    def next_of(st: ThreadState) -> ThreadState | None:
        target = st.waiting
        if st.semaphore is not None and _semaphore_taken(st.semaphore):
            return st.semaphore._spindle_holders[-1]  # its last acquirer (FIELD.md)
        if isinstance(target, ThreadState):
            return target
        if target is not None and target is not SLEEPING and not target._internal:
            return None if target._signal else target._owner
        return None

    for start in blocked:
        path: list[ThreadState] = []
        st: ThreadState | None = start
        while st is not None and st not in path:
            path.append(st)
            st = next_of(st)
        if st is not None:
            return path[path.index(st) :]
    return []
