"""Names for locks that a student recognises: the expression they were assigned to and where."""

from __future__ import annotations

import re
import sys

from . import runtime
from .runtime import HARNESS_DIR, INSTRUMENTED, short, source_line

# `self.lock = threading.Lock()` -> "self.lock"; `locks[i]: Lock = ...` -> "locks[i]".
_TARGET = re.compile(r"^\s*([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?::[^=]*)?=(?!=)")


class LockName:
    __slots__ = ("file", "line", "kind", "owner", "number")

    def __init__(self, file: str, line: int, kind: str | None, owner: str | None, number: int):
        self.file = file
        self.line = line
        self.kind = kind  # the library object the lock belongs to ("Condition", "Queue"), if any
        self.owner = owner  # the class of `self` where it was created ("Account"), if any
        self.number = number


def capture() -> LockName | None:
    """Called while a lock is being created: name it after the innermost student frame."""
    frame = sys._getframe(2)
    kind = None
    while frame is not None:
        code = frame.f_code
        if code.co_filename in INSTRUMENTED:
            site = (code.co_filename, frame.f_lineno)
            number = runtime.lock_numbers[site] = runtime.lock_numbers.get(site, 0) + 1
            owner = None
            if code.co_name != "<module>" and "self" in code.co_varnames[: code.co_argcount]:
                owner = type(frame.f_locals.get("self")).__name__
            return LockName(site[0], site[1], kind, owner, number)
        if not code.co_filename.startswith(HARNESS_DIR):
            kind = code.co_qualname.split(".")[0]
        frame = frame.f_back
    return None


def label(lock, *, origin: bool = True) -> str:
    """`self.lock` of Account #2 (created at solution.py:12); without the origin when a summary
    lists origins once at its end (see origins())."""
    name = lock._name
    if name is None:
        return "a lock created by library code"
    where = f" (created at {short(name.file)}:{name.line})" if origin else ""
    match = _TARGET.match(source_line(name.file, name.line))
    several = runtime.lock_numbers.get((name.file, name.line), 1) > 1
    number = f" #{name.number}" if several else ""
    if match is None:
        return f"a {name.kind or 'Lock'}{number}{where}"
    text = f"`{match.group(1)}`"
    if name.kind:
        text = f"the {name.kind} {text}"
    if name.owner and match.group(1).startswith("self."):
        text += f" of {name.owner}"
    return f"{text}{number}{where}"


def origins(locks) -> str:
    """ "(created at solution.py:7)" for the distinct places these locks were created."""
    places = dict.fromkeys(
        f"{short(lock._name.file)}:{lock._name.line}" for lock in locks if lock._name is not None
    )
    if not places:
        return ""
    return f" (the locks were created at {' and '.join(places)})"
