"""How the grader does on the labelled corpus (tests/sandbox/corpus): every solution at five
seeds, through the unconfined backend (the grader's own work; confinement adds a fixed ~10 ms,
see sandbox_overhead.py).

Prints: buggy gradings flagged (any verdict but accepted), false alarms (a correct solution not
accepted), verdict kind as labelled, verdict and diagnosis as labelled, grading time p50/p95,
then each solution that missed its label at some seed.

    .venv/bin/python bench/grader_corpus.py [--seeds 5] [--sandbox-root DIR]

--sandbox-root grades with another checkout's `sandbox` package (e.g. an older commit in a
git worktree) against this checkout's corpus, for before/after figures; an older grader has
no diagnoses, so only its flagged, false-alarm and kind figures mean anything.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sandbox-root", type=Path, default=ROOT)
    args = parser.parse_args()
    # The corpus from this checkout, the grader from --sandbox-root: `tests` is imported
    # first, while only this checkout is on the path.
    sys.path.insert(0, str(ROOT))
    importlib.import_module("tests")
    sys.path.insert(0, str(args.sandbox_root))
    support = importlib.import_module("tests.sandbox.corpus_support")
    diagnosis_of, grade_labelled, solutions = (
        support.diagnosis_of,
        support.grade_labelled,
        support.solutions,
    )

    corpus = solutions()
    rows = []
    for item in corpus:
        for seed in range(1, args.seeds + 1):
            started = time.perf_counter()
            result = grade_labelled(item, seed=seed)
            elapsed = time.perf_counter() - started
            diagnosis = diagnosis_of(result) if hasattr(result, "bugs") else None
            rows.append((item, seed, result.verdict, diagnosis, elapsed))

    buggy = [r for r in rows if r[0].buggy]
    correct = [r for r in rows if not r[0].buggy]
    flagged = sum(r[2] != "accepted" for r in buggy)
    false_alarms = sum(r[2] != "accepted" for r in correct)
    kind = sum(r[2] == r[0].verdict for r in rows)
    exact = sum((r[2], r[3]) == (r[0].verdict, r[0].diagnosis) for r in rows)
    times = sorted(r[4] for r in rows)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    exercises = len({item.exercise for item in corpus})
    print(f"corpus: {len(corpus)} solutions over {exercises} exercises, {args.seeds} seeds each")
    print(
        f"buggy gradings flagged:      {flagged}/{len(buggy)} ({100 * flagged / len(buggy):.1f} %)"
    )
    print(f"false alarms:                {false_alarms}/{len(correct)}")
    print(f"verdict kind as labelled:    {kind}/{len(rows)} ({100 * kind / len(rows):.1f} %)")
    print(f"kind and diagnosis labelled: {exact}/{len(rows)} ({100 * exact / len(rows):.1f} %)")
    print(f"grading time: p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s")
    misses: dict[str, list[str]] = {}
    for item, seed, verdict, diagnosis, _ in rows:
        if (verdict, diagnosis) != (item.verdict, item.diagnosis):
            misses.setdefault(item.name, []).append(f"seed {seed}: {verdict}/{diagnosis}")
    for name, seen in misses.items():
        label = next(f"{i.verdict}/{i.diagnosis}" for i in corpus if i.name == name)
        print(f"  {name} (labelled {label}): {'; '.join(seen)}")


if __name__ == "__main__":
    main()
