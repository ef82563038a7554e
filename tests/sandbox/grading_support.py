"""Shared by the test_grader_* and test_harness_* modules: exercises, wrong solutions, backends.
Plain Python: these tests must not need Django."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import Grade, grade
from sandbox.job import Limits

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "content" / "exercises"
WRONG_SOLUTIONS = Path(__file__).parent / "wrong_solutions"
SLUGS = sorted(path.stem for path in EXERCISES.glob("*.yaml"))


def load_exercise(slug: str) -> dict:
    return yaml.safe_load((EXERCISES / f"{slug}.yaml").read_text(encoding="utf-8"))


def all_tests(exercise: dict) -> str:
    """What the worker grades a submission against: the visible tests, then the hidden ones."""
    return exercise["visible_tests"] + "\n\n" + exercise["hidden_tests"]


def wrong_solution(name: str) -> str:
    return (WRONG_SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")


def grade_exercise(slug: str, solution: str, *, backend, seed: int = 1, **options) -> Grade:
    exercise = load_exercise(slug)
    return grade(
        solution=solution,
        tests=all_tests(exercise),
        limits=Limits(),
        schedules=exercise["schedules"],
        seed=seed,
        backend=backend,
        **options,
    )


def grade_code(solution: str, tests: str, *, backend=None, schedules: int = 10, **options) -> Grade:
    """Grade inline code (dedented by the caller) with the unconfined backend by default."""
    options.setdefault("limits", Limits())
    options.setdefault("seed", 1)
    return grade(
        solution=solution,
        tests=tests,
        schedules=schedules,
        backend=backend or UnconfinedBackend(),
        **options,
    )


def explain(result: Grade) -> str:
    """For assertion messages: everything that helps when a verdict is not the expected one."""
    return (
        f"{result.verdict}: {result.message}\ninternal: {result.internal_detail}"
        f"\nstderr: {result.stderr[-2000:]}"
    )


def _bwrap_param():
    if shutil.which("bwrap") is None:
        return pytest.param(None, id="bwrap", marks=pytest.mark.skip(reason="bwrap not installed"))
    try:
        from sandbox.backends import get_backend
        from tests.sandbox.bwrap_support import TEST_OPTIONS

        backend = get_backend("bwrap", **TEST_OPTIONS)
        backend.self_test()
    except Exception as error:  # any reason at all means: not usable here
        reason = f"bwrap backend unavailable: {error}"
        return pytest.param(None, id="bwrap", marks=pytest.mark.skip(reason=reason))
    return pytest.param(backend, id="bwrap")


# The unconfined backend always; the bwrap backend where it works (checked once per session).
BACKENDS = [pytest.param(UnconfinedBackend(), id="unconfined"), _bwrap_param()]


def tidy_backends() -> None:
    """Remove what the bwrap backend created for this session; for a module-scoped fixture."""
    for param in BACKENDS:
        backend = param.values[0]
        if backend is not None and backend.name == "bwrap":
            from tests.sandbox.bwrap_support import remove_session_dirs

            remove_session_dirs()
