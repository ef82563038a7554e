"""Shared by the test_bwrap_* modules: building the backend and checking that a run left
nothing behind. Plain Python: these tests must not need Django."""

from __future__ import annotations

import contextlib
import os
import shutil
import time

import pytest

from sandbox.backends.bwrap import BwrapBackend
from sandbox.job import Job, Limits

requires_bwrap = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None,
    reason="the bwrap backend needs root (to switch to the slot uids) and bubblewrap",
)


# Slot uids, slot locks and cgroups of this test session's own, so that a worker or another
# test session using the sandbox on this machine at the same time (they use the defaults) and
# this one never see each other's processes or cgroups.
SESSION = os.getpid()
TEST_OPTIONS: dict[str, object] = {
    "slots": 4,
    "first_uid": 70000 + (SESSION % 10000) * 4,
    "lock_dir": f"/run/spindle-sandbox-test-{SESSION}",
    "cgroup_parent": f"spindle-sandbox-test-{SESSION}",
}


def make_backend(**options: object) -> BwrapBackend:
    return BwrapBackend(**{**TEST_OPTIONS, **options})  # type: ignore[arg-type]


def remove_session_dirs(backend: BwrapBackend) -> None:
    """Tidy up what the backend creates on demand and a real worker would keep."""
    shutil.rmtree(backend.slots.lock_dir, ignore_errors=True)
    for parent in backend.cgroups.parents.values():
        with contextlib.suppress(OSError):
            os.rmdir(parent)


def python_job(code: str, *, limits: Limits | None = None, **files: str) -> Job:
    return Job(
        files={"main.py": code, **files},
        argv=["python3", "main.py"],
        limits=limits or Limits(),
    )


def slot_processes(backend: BwrapBackend, ignore: frozenset[int] = frozenset()) -> list[int]:
    """Pids of host processes running under any of the backend's slot uids."""
    uids = set(backend.slots.uids())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in ignore:
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if uids & {int(u) for u in line.split()[1:]}:
                            found.append(int(entry))
                        break
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def assert_nothing_left(backend: BwrapBackend, ignore: frozenset[int] = frozenset()) -> None:
    """After run() returns: no process under a slot uid, no run cgroup, and a normal run works."""
    # Plain asserts with messages: pytest rewrites asserts only in test modules and conftests.
    left = {pid: _cmdline(pid) for pid in slot_processes(backend, ignore)}
    assert not left, f"processes left under slot uids: {left}"
    for index in range(backend.slots.count):
        for path in backend.cgroups.run_dirs(f"slot-{index}").values():
            assert not os.path.exists(path), f"cgroup left: {path}"
    result = backend.run(python_job("print('still fine')"))
    outcome = (result.exit_code, result.stdout, result.limit)
    assert outcome == (0, "still fine\n", None), f"a normal run afterwards failed: {result}"


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "?"


def wait_for(condition: object, timeout: float = 5.0) -> bool:
    """Poll a condition (a callable) until it holds or the deadline passes."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True
