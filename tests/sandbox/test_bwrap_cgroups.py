"""The per-run cgroups: who is inside, limits written, leftovers cleared."""

from __future__ import annotations

import os
import subprocess

import pytest

from sandbox.cgroups import CgroupManager, RunCgroupV2
from sandbox.errors import SandboxUnavailable
from sandbox.job import LIMIT_TASKS, Limits
from tests.sandbox.bwrap_support import (
    assert_nothing_left,
    make_backend,
    python_job,
    remove_session_dirs,
    requires_bwrap,
    slot_processes,
)


@pytest.fixture(scope="module")
def backend():
    backend = make_backend()
    yield backend
    remove_session_dirs()


class SeenEnough(Exception):
    pass


def _procs(path: str) -> set[int]:
    with open(os.path.join(path, "cgroup.procs")) as f:
        return {int(p) for p in f.read().split()}


@requires_bwrap
def test_every_process_of_a_run_is_in_its_cgroup_and_the_worker_is_not(backend):
    code = """
import json, os, sys, time
if os.fork() == 0:
    time.sleep(30)
os.write(3, b'{"ready": true}\\n')
time.sleep(30)
"""
    seen = {}

    def look(message: dict) -> None:
        # Called while the program runs: compare the cgroup with what runs under the slot uid.
        for index in range(backend.slots.count):
            dirs = backend.cgroups.run_dirs(f"slot-{index}")
            if all(os.path.isdir(d) for d in dirs.values()):
                seen["members"] = [_procs(d) for d in dirs.values()]
        seen["slot processes"] = set(slot_processes(backend))
        raise SeenEnough  # stops the run from the callback

    with pytest.raises(SeenEnough):
        backend.run(python_job(code), on_message=look)

    # bwrap, pid 1 (sh), python and its child: all four, in every hierarchy.
    assert len(seen["slot processes"]) == 4
    for members in seen["members"]:
        assert members == seen["slot processes"]
        assert os.getpid() not in members
    assert_nothing_left(backend)


@requires_bwrap
def test_a_stale_cgroup_from_a_crashed_run_is_cleared_before_the_slot_is_reused(backend):
    # As if a worker died mid-run: slot 0's cgroup still exists and holds a process.
    backend.cgroups.prepare()
    dirs = backend.cgroups.run_dirs("slot-0")
    for d in dirs.values():
        os.mkdir(d)
    uid = backend.slots.first_uid
    straggler = subprocess.Popen(["sleep", "60"], user=uid, group=uid)
    try:
        for d in dirs.values():
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write(str(straggler.pid))

        result = backend.run(python_job("print('ok')"))

        assert result.stdout == "ok\n"
        assert straggler.wait(timeout=5) == -9
    finally:
        straggler.kill()
        straggler.wait()
    assert_nothing_left(backend)


@requires_bwrap
def test_an_exception_from_on_message_stops_the_run_and_leaves_nothing(backend):
    code = """
import os, time
os.write(3, b'{"n": 1}\\n')
time.sleep(30)
"""

    def explode(message: dict) -> None:
        raise RuntimeError("progress store is down")

    with pytest.raises(RuntimeError, match="progress store"):
        backend.run(python_job(code), on_message=explode)
    assert_nothing_left(backend)


@requires_bwrap
def test_the_tasks_budget_is_the_students_alone(backend):
    # bwrap and pid 1 are in the cgroup too; they must not eat into max_tasks.
    code = """
import threading
release = threading.Event()
try:
    for _ in range(7):
        threading.Thread(target=release.wait).start()
    print("8 tasks")
finally:
    release.set()
"""
    ok = backend.run(python_job(code, limits=Limits(max_tasks=8)))
    over = backend.run(python_job(code, limits=Limits(max_tasks=7)))

    assert (ok.stdout, ok.limit) == ("8 tasks\n", None)
    assert over.limit == LIMIT_TASKS
    assert over.wall_seconds < 5


def _fake_v2_parent(root, controllers="cpu memory pids"):
    """A directory shaped like a cgroup2 parent to which pids and memory are delegated."""
    parent = root / "worker" / "spindle-sandbox"
    parent.mkdir(parents=True)
    (parent / "cgroup.controllers").write_text(controllers + "\n")
    (parent / "cgroup.subtree_control").write_text("")
    return parent


def test_cgroup_v2_limits_and_events_use_the_v2_files(tmp_path):
    parent = _fake_v2_parent(tmp_path)
    manager = CgroupManager.detect(str(parent))
    manager.prepare()
    run_dir = parent / "slot-3"
    run_dir.mkdir()
    for name in ("pids.max", "memory.max", "memory.swap.max"):  # the kernel makes these
        (run_dir / name).touch()
    (run_dir / "memory.events").write_text("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n")
    (run_dir / "pids.events").write_text("max 7\n")
    group = RunCgroupV2([str(run_dir)])

    group.configure(max_tasks=98, memory_bytes=300 << 20)

    assert (parent / "cgroup.subtree_control").read_text() == "+pids +memory"
    assert (run_dir / "pids.max").read_text() == "98"
    assert (run_dir / "memory.max").read_text() == str(300 << 20)
    assert (run_dir / "memory.swap.max").read_text() == "0"
    assert manager.forks_inside is False
    stats = group.stats()
    assert (stats.oom_kills, stats.task_limit_hits) == (1, 7)


def test_cgroup_v2_without_delegated_controllers_fails_closed(tmp_path):
    parent = _fake_v2_parent(tmp_path, controllers="cpu")
    manager = CgroupManager.detect(str(parent))

    with pytest.raises(SandboxUnavailable, match="not delegated"):
        manager.prepare()


def test_an_absolute_v1_parent_names_where_each_controller_goes():
    if CgroupManager.detect().version != 1:
        pytest.skip("this host has no cgroup v1 pids and memory hierarchies")

    manager = CgroupManager.detect("/sys/fs/cgroup/{controller}/spindle-sandbox")

    assert manager.version == 1
    assert manager.parents == {
        "pids": "/sys/fs/cgroup/pids/spindle-sandbox",
        "memory": "/sys/fs/cgroup/memory/spindle-sandbox",
    }
