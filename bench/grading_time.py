"""How long grading takes: each demo exercise's reference solution, race hunting included (every
test once plainly, then under the exercise's number of forced schedules). Target: about 2 s for
a typical exercise. Prints figures; asserts nothing.

    .venv/bin/python bench/grading_time.py [--backend bwrap|unconfined] [--repeat 3]

By default the bwrap backend is used where its self-test passes, else the unconfined one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.backends import get_backend  # noqa: E402 - needs the path set above
from sandbox.grader import grade  # noqa: E402
from sandbox.job import Limits  # noqa: E402

EXERCISES = Path(__file__).resolve().parent.parent / "content" / "exercises"


def pick_backend(name: str | None):
    if name is not None:
        return get_backend(name)
    try:
        backend = get_backend("bwrap")
        backend.self_test()
    except Exception as error:  # any reason: fall back, and say so
        print(f"bwrap backend unavailable ({error}); using the unconfined backend")
        return get_backend("unconfined")
    return backend


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["bwrap", "unconfined"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    backend = pick_backend(args.backend)
    print(f"backend: {backend.name}, {args.repeat} gradings per exercise (seeds 1..{args.repeat})")
    header = f"{'exercise':<26}{'tests':>6}{'runs':>6}{'median s':>10}{'max s':>8}{'cpu s':>8}"
    print(f"{header}  verdict")
    for path in sorted(EXERCISES.glob("*.yaml")):
        exercise = yaml.safe_load(path.read_text(encoding="utf-8"))
        walls, cpus, verdicts = [], [], set()
        for seed in range(1, args.repeat + 1):
            started = time.perf_counter()
            result = grade(
                solution=exercise["reference_solution"],
                tests=exercise["visible_tests"] + "\n\n" + exercise["hidden_tests"],
                limits=Limits(),
                schedules=exercise["schedules"],
                seed=seed,
                backend=backend,
            )
            walls.append(time.perf_counter() - started)
            cpus.append(result.cpu_seconds)
            verdicts.add(result.verdict)
        tests = len(result.tests)
        runs = sum(1 + t.schedules_run for t in result.tests)
        print(
            f"{exercise['slug']:<26}{tests:>6}{runs:>6}{statistics.median(walls):>10.2f}"
            f"{max(walls):>8.2f}{statistics.median(cpus):>8.2f}  {', '.join(sorted(verdicts))}"
        )


if __name__ == "__main__":
    main()
