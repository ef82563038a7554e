"""Busy waiting, seen in the source: loops that only poll until something changes.

The scheduler pauses a thread that runs inside such a loop on the virtual clock, so a correct
solution that spins on a flag costs what a blocking one does instead of burning its CPU budget;
the grader (sandbox/diagnosis.py) reads the same loops for its "busy waiting" style note.
"""

from __future__ import annotations

import ast

# A sleep this short inside a loop is polling, not pacing (a heartbeat sleeps its interval).
POLL_SLEEP = 0.01


def polling_loops(tree: ast.AST) -> list[ast.While]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.While) and polls(node)]


def polls(loop: ast.While) -> bool:
    """A loop that only waits for something to change: its body passes, continues, sleeps or
    breaks when a flag is seen; or it sleeps a few milliseconds per round between checks."""
    if isinstance(loop.test, ast.Constant) and not loop.test.value:
        return False
    for node in ast.walk(loop):
        if (
            _is_sleep(node)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, int | float)
            and node.args[0].value <= POLL_SLEEP
        ):
            return True
    for statement in loop.body:
        if isinstance(statement, (ast.Pass, ast.Continue)):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # `...` or a docstring-like string
        if isinstance(statement, ast.Expr) and _is_sleep(statement.value):
            continue
        if (
            isinstance(statement, ast.If)
            and all(isinstance(s, ast.Break) for s in statement.body)
            and not statement.orelse
        ):
            continue
        return False
    return True


def _is_sleep(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "sleep"


def spin_lines(path: str, source: str) -> set[tuple[str, int]]:
    """(file, line) of every line inside a polling loop of this source."""
    try:
        tree = ast.parse(source, path)
    except (SyntaxError, ValueError):
        return set()
    return {
        (path, line)
        for loop in polling_loops(tree)
        for line in range(loop.lineno, (loop.end_lineno or loop.lineno) + 1)
    }


_SIZE_LOOKS = {"empty", "qsize", "full"}


def looks_at_size(test: ast.expr) -> bool:
    """A condition on how full a queue or container is: `q.empty()`, `q.qsize()`, `len(x)`."""
    for node in ast.walk(test):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _SIZE_LOOKS:
                return True
            if isinstance(func, ast.Name) and func.id == "len":
                return True
    return False


def checked_take_lines(path: str, source: str) -> set[tuple[str, int]]:
    """(file, line) of each blocking `q.get()` under a condition on the queue's size
    (`while not q.empty(): q.get()`): a take that trusts an earlier look. Another thread can
    take the last item in between, and then this one waits for good."""
    try:
        tree = ast.parse(source, path)
    except (SyntaxError, ValueError):
        return set()
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.While, ast.If)) and looks_at_size(node.test):
            for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "get"
                    and not inner.args
                    and not inner.keywords
                ):
                    lines.add((path, inner.lineno))
    return lines
