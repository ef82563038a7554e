"""The grader's verdicts and the Verdict choices a submission stores are one vocabulary."""

from __future__ import annotations

import ast
from pathlib import Path

from exercises.models import Verdict
from sandbox import grader


def _verdict_constants() -> dict[str, str]:
    """The grader's verdict constants: the block of string constants that `VERDICTS` closes.

    Read from the source, so a verdict added to the block but not to VERDICTS is found too.
    """
    statements = ast.parse(Path(grader.__file__).read_text(encoding="utf-8")).body
    names = [_assigned_name(statement) for statement in statements]
    end = names.index("VERDICTS")
    constants, next_line = {}, statements[end].lineno
    for statement, name in zip(reversed(statements[:end]), reversed(names[:end]), strict=True):
        if not isinstance(getattr(grader, name or "", None), str) or (
            statement.end_lineno != next_line - 1  # a blank line ends the block
        ):
            break
        constants[name] = getattr(grader, name)
        next_line = statement.lineno
    return constants


def _assigned_name(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def test_the_grader_lists_every_verdict_it_declares_once():
    assert set(grader.VERDICTS) == set(_verdict_constants().values())
    assert len(set(grader.VERDICTS)) == len(grader.VERDICTS)


def test_every_grader_verdict_is_a_verdict_choice_of_the_same_name_and_back():
    constants = {
        name: value
        for name, value in vars(grader).items()
        if name.isupper() and isinstance(value, str) and value in grader.VERDICTS
    }
    assert constants == {verdict.name: verdict.value for verdict in Verdict}
