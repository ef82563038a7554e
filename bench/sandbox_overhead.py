"""What confinement costs per run: bare `python3 -I -S -c pass` against the same in the sandbox.

Runs are interleaved (bare, raw, sandboxed, bare, ...) so that drift in machine load hits all
sides alike; overheads are medians of the paired differences. "raw bwrap" is the very bwrap
command line the backend uses, run as a plain subprocess (no slot, cgroup, pipes or limits
bookkeeping): the difference between it and the backend is the backend's own cost.

    .venv/bin/python bench/sandbox_overhead.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.backends.bwrap import BwrapBackend  # noqa: E402 - needs the path set above
from sandbox.job import Job  # noqa: E402

ARGV = ["/usr/bin/python3", "-I", "-S", "-c", "pass"]


def raw_bwrap(backend: BwrapBackend, job: Job) -> None:
    """The backend's bwrap command line, with its fds served the simplest possible way."""
    seccomp_r, seccomp_w = os.pipe()
    os.write(seccomp_w, backend.seccomp_program)
    os.close(seccomp_w)
    status_r, status_w = os.pipe()
    block_r, block_w = os.pipe()
    os.write(block_w, b"1")
    os.close(block_w)
    uid = str(backend.slots.first_uid + backend.slots.count - 1)
    setpriv = [backend.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    argv = backend.bwrap_argv(
        job, seccomp_fd=seccomp_r, status_fd=status_w, block_fd=block_r, file_fds=[]
    )
    fds = (seccomp_r, status_w, block_r)
    try:
        subprocess.run([*setpriv, *argv], pass_fds=fds, env={}, check=True)
    finally:
        for fd in (*fds, status_r):
            os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    backend = BwrapBackend()
    job = Job(files={}, argv=ARGV)
    for _ in range(3):  # warm caches (page cache, cgroup parents, seccomp program)
        subprocess.run(ARGV, check=True, env={})
        raw_bwrap(backend, job)
        backend.run(job)

    times: dict[str, list[float]] = {"bare": [], "raw bwrap": [], "backend": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(ARGV, check=True, env={})
        times["bare"].append(time.perf_counter() - start)
        start = time.perf_counter()
        raw_bwrap(backend, job)
        times["raw bwrap"].append(time.perf_counter() - start)
        start = time.perf_counter()
        result = backend.run(job)
        times["backend"].append(time.perf_counter() - start)
        assert result.exit_code == 0, result

    def paired(a: str, b: str) -> float:
        return statistics.median(y - x for x, y in zip(times[a], times[b], strict=True)) * 1000

    print(f"{args.runs} interleaved runs of {' '.join(ARGV)}")
    for name, values in times.items():
        print(f"  {name:10s} median {statistics.median(values) * 1000:7.2f} ms")
    print(f"overhead of the backend over bare:      {paired('bare', 'backend'):6.2f} ms")
    print(f"  of which bwrap + sh + setpriv (raw):  {paired('bare', 'raw bwrap'):6.2f} ms")
    print(f"  of which the backend's own work:      {paired('raw bwrap', 'backend'):6.2f} ms")


if __name__ == "__main__":
    main()
