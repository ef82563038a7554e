"""A level's programs as text: read them, and check that the level works as a game."""

from __future__ import annotations

from typing import Any

import yaml

from games import engine


def load_program(text: str) -> engine.Program:
    """The engine's Program for a level's YAML (or JSON) text; LevelError if it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise engine.LevelError(f"not valid YAML: {error}") from None
    return engine.parse_program(data)


def declarations(data: dict[str, Any]) -> str:
    """A program's shared names as Python: `count = 0`, `lock = Lock()`."""
    lines = []
    for name, value in (data.get("shared") or {}).items():
        constructor = isinstance(value, str) and "(" in value  # as parse_program reads it
        lines.append(f"{name} = {value if constructor else repr(value)}")
    return "\n".join(lines)


def dump_program(data: dict[str, Any]) -> str:
    # Code blocks stay readable as YAML literal blocks.
    return yaml.dump(data, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True)


class _LiteralDumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _str)


def check_level(*, program: str, fixed_program: str, goal: str) -> list[str]:
    """Problems that make the level unfit to play, by exhaustive search: the program must reach
    its goal under some schedule, the fixed program must misbehave under none."""
    problems = []
    try:
        buggy = engine.search(load_program(program))
    except engine.LevelError as error:
        problems.append(f"program: {error}")
    else:
        if goal not in buggy.wins:
            problems.append(f"program: no schedule reaches the goal ({goal})")
    try:
        fixed = engine.search(load_program(fixed_program))
    except engine.LevelError as error:
        problems.append(f"fixed program: {error}")
    else:
        for kind, moves in fixed.wins.items():
            problems.append(
                f"fixed program: still breaks ({kind}) with moves {engine.encode_moves(moves)}"
            )
    return problems
