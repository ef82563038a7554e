"""Assertion rewriting for the test modules, so a failing bare `assert` says what the values were.

Like pytest: `assert left == right, msg` becomes
    @spindle_1 = left
    @spindle_2 = right
    if not (@spindle_1 == @spindle_2):
        raise @spindle_fail(line, "assert left == right", (("left", @spindle_1), ...), msg)
Each operand is evaluated once, in the same order as before, so nothing runs that the test did
not run already; the values are then shown with reports.safe_repr, which calls no student code.
The `@` names cannot clash with the test's own names.
"""

from __future__ import annotations

import ast
import contextlib
import sys

from .reports import clip, safe_repr

FAIL_NAME = "@spindle_fail"

# The harness's own value types that a failed assert shows with their repr (pytest.approx, see
# pytest_compat), by exact type: their repr runs no student code.
SHOWN_AS_REPR: set[type] = set()


class _Rewriter(ast.NodeTransformer):
    def __init__(self, source: str) -> None:
        self.source = source
        # Line breaks as the parser counts them (str.splitlines also breaks at \f and more).
        self.lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.count = 0

    def _temp(self) -> str:
        self.count += 1
        return f"@spindle_{self.count}"

    def _text(self, node: ast.AST) -> str:
        """The node's source, on one line. Like ast.get_source_segment, but on lines split
        once: that function splits the whole module again for every call."""
        try:
            first, last = node.lineno - 1, node.end_lineno - 1
            start, end = node.col_offset, node.end_col_offset
        except AttributeError:
            return ""
        if last == first:
            text = self.lines[first].encode()[start:end].decode()
        else:
            parts = [self.lines[first].encode()[start:].decode(), *self.lines[first + 1 : last]]
            text = " ".join([*parts, self.lines[last].encode()[:end].decode()])
        return " ".join(text.split())

    def visit_Assert(self, node: ast.Assert) -> list[ast.stmt]:
        test = node.test
        statements: list[ast.stmt] = []
        shown: list[tuple[str, str | None]] = []  # (source text, temp name or None)

        def keep(expr: ast.expr) -> ast.expr:
            if _is_literal(expr):  # its value is in the assert's text already
                shown.append((self._text(expr), None))
                return expr
            name = self._temp()
            statements.append(ast.Assign(targets=[ast.Name(name, ast.Store())], value=expr))
            shown.append((self._text(expr), name))
            return ast.Name(name, ast.Load())

        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left = keep(test.left)
            right = keep(test.comparators[0])
            check: ast.expr = ast.Compare(left=left, ops=test.ops, comparators=[right])
        elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            check = ast.UnaryOp(op=ast.Not(), operand=keep(test.operand))
        else:
            check = keep(test)
        values = ast.Tuple(
            elts=[
                ast.Tuple(
                    elts=[
                        ast.Constant(text),
                        ast.Name(name, ast.Load()) if name else ast.Constant(None),
                        ast.Constant(name is None),
                    ],
                    ctx=ast.Load(),
                )
                for text, name in shown
            ],
            ctx=ast.Load(),
        )
        fail = ast.Call(
            func=ast.Name(FAIL_NAME, ast.Load()),
            args=[
                ast.Constant(node.lineno),
                ast.Constant(f"assert {self._text(test)}"),
                values,
                node.msg if node.msg is not None else ast.Constant(None),
            ],
            keywords=[],
        )
        statements.append(
            ast.If(
                test=ast.UnaryOp(op=ast.Not(), operand=check),
                body=[ast.Raise(exc=fail, cause=None)],
                orelse=[],
            )
        )
        for statement in statements:
            ast.copy_location(statement, node)
            ast.fix_missing_locations(statement)
        return statements


def _is_literal(expr: ast.expr) -> bool:
    try:
        ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def compile_tests(source: str, filename: str):
    """The test module's code, with its asserts rewritten."""
    tree = ast.parse(source, filename)
    tree = _Rewriter(source).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", dont_inherit=True)


def _show(value) -> str:
    return repr(value) if type(value) in SHOWN_AS_REPR else safe_repr(value)


def fail(line: int, text: str, values: tuple, message) -> AssertionError:
    """Builds the AssertionError a rewritten assert raises.

    In a plain run the test's other threads keep running (a forced schedule runs one thread at
    a time): without care, a list a forgotten thread is still filling would be shown as it is
    after formatting, not as the assert saw it. So nothing else runs while the values are
    written down: the switch interval is raised far above the time formatting takes."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        return _failure(line, text, values, message)
    finally:
        sys.setswitchinterval(interval)


def _failure(line: int, text: str, values: tuple, message) -> AssertionError:
    shown = [
        f"{source} is {_show(value)}"
        for source, value, constant in values
        if not constant and not (type(value) is bool and len(values) == 1)
    ]
    detail = f"{text} failed"
    if shown:
        detail += ": " + ", ".join(shown)
    if message is not None:
        with contextlib.suppress(Exception):  # the message's __str__ is the test author's code
            detail = f"{clip(str(message))} ({detail})"
    error = AssertionError(detail)
    error.spindle_assert = {"line": line, "source": text, "detail": detail}
    return error
