"""courses sits below the apps built on it: nothing in courses imports quizzes, even indirectly.

Read from the source, never by importing it (every import statement counts, a function's too):
practice-test scores reach the course pages through courses/extensions.py instead.
"""

from __future__ import annotations

import ast

from tests.exercises.test_imports import BASE_DIR, _imported, _module_of, _source_of

APP_DIR = BASE_DIR / "courses"


def _reachable_from(modules: list[str]) -> dict[str, str]:
    """Every module of ours the given modules import, transitively: {module: who imports it}."""
    came_from: dict[str, str] = {}
    pending = list(modules)
    seen = set(modules)
    while pending:
        module = pending.pop()
        path = _source_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for imported in _imported(node, path) - seen:
                    seen.add(imported)
                    came_from[imported] = module
                    pending.append(imported)
    return came_from


def _chain(module: str, came_from: dict[str, str]) -> str:
    chain = [module]
    while chain[-1] in came_from:
        chain.append(came_from[chain[-1]])
    return " <- ".join(chain)


def test_no_module_of_courses_imports_quizzes_even_through_another_module():
    came_from = _reachable_from([_module_of(path) for path in APP_DIR.rglob("*.py")])
    assert came_from["config.http"] == "courses.views"  # it does read the imports
    upward = [_chain(m, came_from) for m in sorted(came_from) if m.split(".")[0] == "quizzes"]
    assert not upward, "courses reaches quizzes:\n" + "\n".join(upward)


def test_the_import_reader_finds_an_import_inside_a_function(tmp_path, monkeypatch):
    import tests.exercises.test_imports as reader

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from pkg import high\n")
    (package / "high.py").write_text("")
    monkeypatch.setattr(reader, "BASE_DIR", tmp_path)
    assert _reachable_from(["pkg.low"]) == {"pkg.high": "pkg.low"}
