"""Imports in exercises/ point one way (tasks -> services -> grading -> sandbox).

Read from the source, never by importing it: every import statement counts, a function's too, so
an import moved into a function cannot hide a cycle; and a function may import only when a
comment beside it says why that is not a cycle-breaker (Django's `AppConfig.ready()`, say).
"""

from __future__ import annotations

import ast
import importlib.util
from collections import deque
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
APP_DIR = BASE_DIR / "exercises"
MARKER = "not a cycle-breaker"


def _source_of(module: str) -> Path | None:
    """The file of one of our modules; None for the standard library and installed packages."""
    path = BASE_DIR.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_of(path: Path) -> str:
    parts = path.relative_to(BASE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, path: Path) -> set[str]:
    """Our modules an import statement loads: `from a import b` loads a.b when that is a module."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        module = _module_of(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        names = {
            f"{base}.{alias.name}" if _source_of(f"{base}.{alias.name}") else base
            for alias in node.names
        }
    return {name for name in names if _source_of(name)}


def _import_graph() -> dict[str, set[str]]:
    """Every module of exercises/ and, transitively, every module of ours that they import."""
    graph: dict[str, set[str]] = {}
    pending = [_module_of(path) for path in APP_DIR.rglob("*.py")]
    while pending:
        module = pending.pop()
        if module in graph:
            continue
        path = _source_of(module)
        graph[module] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[module] |= _imported(node, path)
        pending.extend(graph[module])
    return graph


def _cycle_through(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """The shortest chain of imports from `start` back to itself, if there is one."""
    came_from: dict[str, str] = {}
    frontier = deque([start])
    while frontier:
        module = frontier.popleft()
        for imported in sorted(graph[module]):
            if imported == start:
                chain = [module]
                while chain[-1] != start:
                    chain.append(came_from[chain[-1]])
                return [*reversed(chain), start]
            if imported not in came_from:
                came_from[imported] = module
                frontier.append(imported)
    return None


def test_no_import_cycle_runs_through_exercises():
    graph = _import_graph()
    assert "exercises.services.grading" in graph["exercises.services.worker"]  # it reads imports
    cycles = [
        " -> ".join(cycle)
        for cycle in (_cycle_through(_module_of(path), graph) for path in APP_DIR.rglob("*.py"))
        if cycle
    ]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_cycle_finder_reports_the_cycle_it_finds():
    graph = {"a": {"b", "d"}, "b": {"c"}, "c": {"a"}, "d": set(), "e": {"a"}}
    assert _cycle_through("a", graph) == ["a", "b", "c", "a"]
    assert _cycle_through("d", graph) is None
    assert _cycle_through("e", graph) is None  # it leads into a cycle, but is not part of it


def _comment_near(node: ast.stmt, lines: list[str]) -> str:
    """The comments on the import's lines and right above it (across the imports it heads)."""
    text = [line.partition("#")[2] for line in lines[node.lineno - 1 : node.end_lineno]]
    above = node.lineno - 2
    while above >= 0 and lines[above].lstrip().startswith(("#", "import ", "from ")):
        text.append(lines[above].partition("#")[2])
        above -= 1
    return " ".join(text)


def _imports_in_functions(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when a function is called (nested functions' included)."""
    found = {
        node
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    return sorted(found, key=lambda node: node.lineno)


def test_no_function_in_exercises_imports_without_saying_why_that_breaks_no_cycle():
    unexplained = []
    for path in sorted(APP_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _imports_in_functions(ast.parse(source)):
            if MARKER not in " ".join(_comment_near(node, lines).split()).lower():
                unexplained.append(f"{path.relative_to(BASE_DIR)}:{node.lineno}")
    assert not unexplained, f"imports in functions (move them up, or say why: {MARKER}):" + (
        "".join(f"\n  {place}" for place in unexplained)
    )
