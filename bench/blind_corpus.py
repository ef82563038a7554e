"""How the grader explains code nobody here wrote: the blind corpus (tests/sandbox/blind/), each
solution at five seeds, through the unconfined backend (the grader's own work).

Prints, for one split: buggy gradings flagged, false alarms on correct solutions, the rubric's
four criteria on the first bug shown (kind, line, name, clean) and "right" when all four hold,
per grading and per solution (right at every seed), grading time p50/p95 and the load average.
With --misses, what each missed grading showed. Run `heldout` once, at the end, and report it
as it comes out (tests/sandbox/blind/README.md).

    .venv/bin/python bench/blind_corpus.py [--split dev|heldout] [--seeds 5] [--misses]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sandbox import blind_support  # noqa: E402 (after the path is set)
from tests.sandbox.corpus_support import replays_as_shown  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=blind_support.SPLITS, default="dev")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument(
        "--replay", action="store_true", help="replay each failing grading's seed, compare cards"
    )
    args = parser.parse_args()

    corpus = blind_support.cases(args.split)
    rows = []
    load = os.getloadavg()[0]
    for case in corpus:
        for seed in range(1, args.seeds + 1):
            started = time.perf_counter()
            result = blind_support.grade_case(case, seed=seed)
            elapsed = time.perf_counter() - started
            rows.append((case, seed, result, blind_support.score(case, result), elapsed))
    load = max(load, os.getloadavg()[0])
    failing = [r for r in rows if r[2].bugs]
    seeded = sum(
        r[2].bugs[0].get("reproduced", True) and r[2].bugs[0].get("seed") is not None
        for r in failing
    )
    noticed = sum(not r[2].bugs[0].get("reproduced", True) for r in failing)
    replayed = None
    if args.replay:
        replayed = sum(
            bool(
                replays_as_shown(
                    result,
                    lambda replay_seed, case=case, seed=seed: blind_support.grade_case(
                        case, seed=seed, replay_seed=replay_seed
                    ),
                )
            )
            for case, seed, result, _, _ in failing
            if result.bugs[0]["reproduced"]
        )

    buggy = [r for r in rows if r[0].buggy]
    correct = [r for r in rows if not r[0].buggy]
    buggy_cases = sorted({r[0].label for r in buggy})
    problems = sorted({r[0].problem for r in rows})
    print(
        f"blind corpus, {args.split}: {len(corpus)} solutions ({len(buggy_cases)} buggy) over"
        f" {len(problems)} problems, {args.seeds} seeds each"
    )
    print(f"buggy gradings flagged:  {_share(sum(r[3].flagged for r in buggy), len(buggy))}")
    print(f"false alarms:            {sum(r[3].flagged for r in correct)}/{len(correct)}")
    for criterion in ("kind", "line", "name", "clean", "right"):
        per_grading = sum(getattr(r[3], criterion) for r in buggy)
        per_case = sum(
            all(getattr(r[3], criterion) for r in buggy if r[0].label == label)
            for label in buggy_cases
        )
        print(
            f"  {criterion:6} per grading {_share(per_grading, len(buggy)):>16}"
            f"   per solution (every seed) {_share(per_case, len(buggy_cases))}"
        )
    times = sorted(r[4] for r in rows)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"grading time: p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s")
    print(
        f"failing gradings with a replay seed: {seeded}/{len(failing)}, with the seen-once"
        f" notice: {noticed}/{len(failing)}"
        + (f"; replayed to the same card: {replayed}/{seeded}" if replayed is not None else "")
    )
    print(f"load average (1 min) during the run: up to {load:.1f}")
    if args.misses:
        for case, seed, result, score, _ in rows:
            if case.buggy and not score.right or not case.buggy and score.flagged:
                criteria = ("flagged", "kind", "line", "name", "clean")
                missed = [c for c in criteria if not getattr(score, c)]
                print(
                    f"  {case.label} seed {seed}: {result.verdict}, missed {', '.join(missed)};"
                    f" labelled {case.status}/{case.kind}, lines {list(case.cause_lines)};"
                    f" shown {score.shown}"
                )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "0/0"


if __name__ == "__main__":
    main()
