"""Shared by the test_bwrap_* modules: building the backend and checking that a run left
nothing behind. Plain Python: these tests must not need Django."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from sandbox.backends.bwrap import BwrapBackend
from sandbox.cgroups import CgroupManager
from sandbox.errors import SandboxUnavailable
from sandbox.job import Job, Limits, RunResult

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


def remove_session_dirs() -> None:
    """Tidy up what the backend creates on demand and a real worker would keep: the lock
    directory and the (by now empty) cgroup parents."""
    shutil.rmtree(str(TEST_OPTIONS["lock_dir"]), ignore_errors=True)
    with contextlib.suppress(SandboxUnavailable):
        for parent in CgroupManager.detect(str(TEST_OPTIONS["cgroup_parent"])).parents.values():
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


# Planted in the test process's environment by the hostile tests; must never come out.
SECRET = "spindle-test-secret-7f3a9c"


def assert_nothing_left(
    backend: BwrapBackend,
    result: RunResult | None = None,
    ignore: frozenset[int] = frozenset(),
) -> None:
    """After run() returns: no host secret in what came out, no process under a slot uid,
    no run cgroup, and a normal run works."""
    # Plain asserts with messages: pytest rewrites asserts only in test modules and conftests.
    if result is not None:
        out = result.stdout + result.stderr + repr(result.messages)
        assert SECRET not in out, "the planted host secret leaked into the run's output"
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
