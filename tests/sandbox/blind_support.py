"""The blind corpus (tests/sandbox/blind/): real solutions published by other people, labelled
before the grader saw them, split by problem into dev/ (looked at while developing) and heldout/
(run once, at the end). Plain Python, used by bench/blind_corpus.py and
tests/sandbox/test_blind_corpus.py.

The rubric scores the first bug the grader shows, four ways (an expert's, see the README there):
- kind: the kind of bug (race, deadlock, lost_wakeup, crash, hang, wrong_answer) is the label's;
- line: a gutter mark falls on a line where the cause is;
- name: the explanation names a culprit (a variable, attribute or primitive of the cause);
- clean: it claims nothing false (a phrase the label forbids, or "no other thread in the way"
  for a bug that needs one).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import ACCEPTED, Grade, grade
from sandbox.job import Limits

BLIND = Path(__file__).parent / "blind"
SPLITS = ("dev", "heldout")
KINDS = ("race", "deadlock", "lost_wakeup", "crash", "hang", "wrong_answer")
SCHEDULES = 20  # as the demo exercises run

# The grader's diagnosis vocabulary (REPORT_CONTRACT.md) in the rubric's kinds.
KIND_OF_DIAGNOSIS = {
    "lost_update": "race",
    "check_then_act": "race",
    "unsafe_container": "race",
    "unprotected_state": "race",
    "wait_without_loop": "race",
    "missing_join": "race",
    "lock_order_deadlock": "deadlock",
    "self_deadlock": "deadlock",
    "lost_wakeup": "lost_wakeup",
    "thread_exception": "crash",
    "foreign_release": "crash",
    "hang": "hang",
    "busy_wait": "hang",
    "wrong_result": "wrong_answer",
    "daemon_misuse": "wrong_answer",
}
# Verdicts that end a grading before any test explains it.
KIND_OF_VERDICT = {"time_limit": "hang", "runtime_error": "crash", "memory_limit": "crash"}
# A claim that holds only for a plain wrong answer.
SEQUENTIAL_CLAIMS = ("no other thread in the way", "each thread running alone")


@dataclass(frozen=True)
class Case:
    split: str
    problem: str
    name: str
    source: str
    tests: str
    status: str
    kind: str | None
    also: tuple[str, ...]
    cause_lines: tuple[int, ...]
    culprits: tuple[str, ...]
    forbidden: tuple[str, ...]

    @property
    def buggy(self) -> bool:
        return self.status == "buggy"

    @property
    def label(self) -> str:
        return f"{self.split}/{self.problem}/{self.name}"


@dataclass
class Score:
    flagged: bool
    kind: bool = False
    line: bool = False
    name: bool = False
    clean: bool = False
    shown: dict = field(default_factory=dict)

    @property
    def right(self) -> bool:
        return self.kind and self.line and self.name and self.clean


def labels_digest_ok(problem_dir: Path) -> bool:
    """labels.yaml is the file whose digest was committed when it was written."""
    recorded = (problem_dir / "LABELS.sha256").read_text(encoding="utf-8").split()[0]
    actual = hashlib.sha256((problem_dir / "labels.yaml").read_bytes()).hexdigest()
    return recorded == actual


def problems(split: str) -> list[Path]:
    return sorted(p for p in (BLIND / split).iterdir() if (p / "labels.yaml").exists())


def cases(split: str) -> list[Case]:
    out = []
    for problem_dir in problems(split):
        shared_tests = problem_dir / "tests.py"
        for entry in yaml.safe_load((problem_dir / "labels.yaml").read_text(encoding="utf-8")):
            problem, _, name = entry["case"].partition("/")
            own_tests = problem_dir / f"{name}.tests.py"
            tests = own_tests if own_tests.exists() else shared_tests
            out.append(
                Case(
                    split=split,
                    problem=problem,
                    name=name,
                    source=(problem_dir / f"{name}.py").read_text(encoding="utf-8"),
                    tests=tests.read_text(encoding="utf-8"),
                    status=entry["status"],
                    kind=entry.get("kind"),
                    also=tuple(entry.get("also_acceptable") or ()),
                    cause_lines=tuple(entry.get("cause_lines") or ()),
                    culprits=tuple(str(c) for c in entry.get("culprits") or ()),
                    forbidden=tuple(entry.get("forbidden") or ()),
                )
            )
    return out


def grade_case(case: Case, *, seed: int, backend=None, replay_seed: int | None = None) -> Grade:
    return grade(
        solution=case.source,
        tests=case.tests,
        limits=Limits(),
        schedules=SCHEDULES,
        seed=seed,
        replay_seed=replay_seed,
        backend=backend or UnconfinedBackend(),
    )


def kind_shown(result: Grade) -> str | None:
    if result.bugs:
        return KIND_OF_DIAGNOSIS.get(result.bugs[0]["diagnosis"])
    return KIND_OF_VERDICT.get(result.verdict)


def _mentions(text: str, culprit: str) -> bool:
    """`self.count` is named by `self.count` or `count` (as a word), `printFoo()` by `printFoo`."""
    bare = culprit.strip("`").rstrip("()")
    names = {bare, bare.removeprefix("self.")}
    return any(re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", text) for n in names if n)


def score(case: Case, result: Grade) -> Score:
    flagged = result.verdict != ACCEPTED
    if not case.buggy or not flagged:
        return Score(flagged=flagged)
    bug = result.bugs[0] if result.bugs else {}
    text = " ".join(str(bug.get(k) or "") for k in ("title", "summary", "fix")) or result.message
    kind = kind_shown(result)
    marked = {mark["line"] for mark in bug.get("lines") or ()}
    claims = [*case.forbidden]
    if case.kind != "wrong_answer":
        claims += SEQUENTIAL_CLAIMS
    return Score(
        flagged=True,
        kind=kind == case.kind or kind in case.also,
        line=not case.cause_lines or bool(marked & set(case.cause_lines)),
        name=not case.culprits or any(_mentions(text, c) for c in case.culprits),
        clean=not any(claim.lower() in text.lower() for claim in claims),
        shown={"kind": kind, "lines": sorted(marked), "title": bug.get("title")},
    )
