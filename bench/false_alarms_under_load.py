"""False alarms on a loaded machine: every correct solution of the repository's corpora
(tests/sandbox/corpus and both splits of tests/sandbox/blind) graded while `stress-ng --cpu N`
keeps the load average up, as a busy grading host would. A correct solution must be accepted
whatever the machine is doing: the plain run's timing is the only thing load can change.

Prints the load average reached, how many gradings were not accepted and which.

    .venv/bin/python bench/false_alarms_under_load.py [--cpu 4] [--seeds 3] [--min-load 6]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox.grader import ACCEPTED  # noqa: E402 (after the path is set)
from tests.sandbox import blind_support, corpus_support  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpu", type=int, default=4, help="stress-ng CPU workers")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--min-load", type=float, default=6.0, help="wait for this load first")
    args = parser.parse_args()
    if shutil.which("stress-ng") is None:
        sys.exit("stress-ng is missing: `make bench` installs it (scripts/system_deps.sh --bench)")

    gradings = [
        (item.name, lambda seed, item=item: corpus_support.grade_labelled(item, seed=seed))
        for item in corpus_support.solutions()
        if not item.buggy
    ]
    for split in blind_support.SPLITS:
        gradings += [
            (case.label, lambda seed, case=case: blind_support.grade_case(case, seed=seed))
            for case in blind_support.cases(split)
            if not case.buggy
        ]
    hog = subprocess.Popen(
        ["stress-ng", "--cpu", str(args.cpu), "--timeout", "3600s", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while os.getloadavg()[0] < args.min_load and time.monotonic() < deadline:
            time.sleep(2)
        loads = [os.getloadavg()[0]]
        alarms = []
        for name, grade_it in gradings:
            for seed in range(1, args.seeds + 1):
                result = grade_it(seed)
                if result.verdict != ACCEPTED:
                    alarms.append(f"{name} seed {seed}: {result.verdict}: {result.message[:300]}")
                loads.append(os.getloadavg()[0])
    finally:
        hog.terminate()
        hog.wait()
    total = len(gradings) * args.seeds
    print(
        f"correct solutions under load: {len(gradings)} (repository corpus and blind corpus),"
        f" {args.seeds} seeds each, beside stress-ng --cpu {args.cpu}"
    )
    print(f"load average (1 min): from {loads[0]:.1f}, min {min(loads):.1f}, max {max(loads):.1f}")
    print(f"false alarms: {len(alarms)}/{total}")
    for alarm in alarms:
        print(f"  {alarm}")


if __name__ == "__main__":
    main()
