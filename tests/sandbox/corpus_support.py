"""The labelled corpus: student-style solutions written before anyone looked at what the grader
says of them, each with the verdict and diagnosis an expert would give (its header comment).
Plain Python, used by tests/sandbox/test_corpus.py and bench/grader_corpus.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sandbox.backends.unconfined import UnconfinedBackend
from sandbox.grader import Grade, grade
from sandbox.job import Limits

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
EXERCISE_DIRS = (ROOT / "content" / "exercises", CORPUS / "exercises")
_HEADER = re.compile(r"^# (corpus|expect|note|why): (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Labelled:
    name: str
    exercise: str
    verdict: str
    diagnosis: str | None  # None: accepted with nothing to fix
    note: str | None  # a style note expected on the report
    source: str

    @property
    def buggy(self) -> bool:
        return self.verdict != "accepted"


def solutions() -> list[Labelled]:
    out = []
    for path in sorted((CORPUS / "solutions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        fields = dict(_HEADER.findall(source))
        verdict, _, diagnosis = fields["expect"].partition(" ")
        diagnosis = diagnosis.strip()
        out.append(
            Labelled(
                name=path.stem,
                exercise=fields["corpus"].strip(),
                verdict=verdict.strip(),
                diagnosis=None if diagnosis in ("", "none") else diagnosis,
                note=fields.get("note", "").strip() or None,
                source=source,
            )
        )
    return out


def exercise(slug: str) -> dict:
    for folder in EXERCISE_DIRS:
        path = folder / f"{slug}.yaml"
        if path.exists():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise LookupError(f"no exercise {slug}")


def grade_labelled(item: Labelled, *, seed: int, backend=None, replay_seed=None) -> Grade:
    spec = exercise(item.exercise)
    return grade(
        solution=item.source,
        tests=spec["visible_tests"] + "\n\n" + spec["hidden_tests"],
        limits=Limits(),
        schedules=spec["schedules"],
        seed=seed,
        replay_seed=replay_seed,
        backend=backend or UnconfinedBackend(),
    )


CARD = ("title", "summary", "fix", "lines", "timeline")


def card(bug: dict) -> dict:
    """What a bug's card shows the student."""
    return {key: bug[key] for key in CARD}


def replays_as_shown(result: Grade, regrade) -> bool | None:
    """The first bug replayed from its seed shows the same card; None when it has no seed (seen
    once in a plain run, which its card says). `regrade(replay_seed=...)` grades again."""
    bug = result.bugs[0]
    if not bug["reproduced"]:
        return None
    replay = regrade(replay_seed=bug["seed"])
    return any(card(other) == card(bug) for other in replay.bugs)


def diagnosis_of(result: Grade) -> str | None:
    return result.bugs[0]["diagnosis"] if result.bugs else None


def notes_of(result: Grade) -> set[str]:
    return {note["diagnosis"] for note in result.style_notes}
