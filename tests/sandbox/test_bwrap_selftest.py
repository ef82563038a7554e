"""The confinement self-test, failing closed, and the pieces it relies on."""

from __future__ import annotations

import struct
import time

import pytest

from sandbox import cgroups, seccomp
from sandbox.backends import get_backend
from sandbox.backends.bwrap import BwrapBackend
from sandbox.errors import SandboxError, SandboxUnavailable
from sandbox.slots import SlotPool
from tests.sandbox.bwrap_support import (
    make_backend,
    python_job,
    remove_session_dirs,
    requires_bwrap,
)


@pytest.fixture(scope="module", autouse=True)
def _tidy_up():
    yield
    remove_session_dirs()


@pytest.fixture
def backend():
    return make_backend()


@requires_bwrap
def test_the_self_test_passes_here_in_well_under_a_second(backend):
    backend.self_test()  # warm: the worker's first call also creates the cgroup parents

    start = time.monotonic()
    backend.self_test()

    assert time.monotonic() - start < 1


def test_the_self_test_fails_without_bubblewrap():
    backend = make_backend(bwrap="/nonexistent/bwrap")

    with pytest.raises(SandboxUnavailable, match="/nonexistent/bwrap"):
        backend.self_test()


@requires_bwrap
def test_a_run_without_bubblewrap_is_an_infrastructure_failure():
    backend = make_backend(bwrap="/nonexistent/bwrap")

    with pytest.raises(SandboxUnavailable):
        backend.run(python_job("print(1)"))


@requires_bwrap
def test_a_sandbox_that_cannot_start_is_an_infrastructure_failure_not_an_exit_code():
    backend = make_backend(shell="/usr/bin/no-such-shell")

    with pytest.raises(SandboxUnavailable, match="did not start"):
        backend.run(python_job("print(1)"))


@requires_bwrap
def test_the_self_test_fails_when_seccomp_lets_everything_through(backend, monkeypatch):
    allow_all = struct.pack("=HBBI", 0x06, 0, 0, seccomp.RET_ALLOW)
    monkeypatch.setattr("sandbox.backends.bwrap.build_filter", lambda: allow_all)

    with pytest.raises(SandboxUnavailable, match="unshare"):
        backend.self_test()


@requires_bwrap
def test_the_self_test_fails_without_cgroups(monkeypatch):
    monkeypatch.setattr(cgroups, "_cgroup_mounts", lambda: {})
    backend = make_backend()  # nothing gets created: no cleanup needed

    with pytest.raises(SandboxUnavailable, match="cgroup"):
        backend.self_test()


def test_the_seccomp_filter_checks_the_architecture_first():
    program = seccomp.build_filter("x86_64")
    insns = [struct.unpack("=HBBI", program[i : i + 8]) for i in range(0, len(program), 8)]

    assert insns[0] == (0x20, 0, 0, 4)  # load seccomp_data.arch
    assert insns[1][0] == 0x15 and insns[1][3] == seccomp.AUDIT_ARCH_X86_64
    assert insns[-1] == (0x06, 0, 0, seccomp.RET_KILL_PROCESS)
    assert len(program) % 8 == 0


def test_the_seccomp_filter_also_builds_for_aarch64_but_not_for_unknown_machines():
    assert seccomp.build_filter("aarch64")
    with pytest.raises(SandboxUnavailable):
        seccomp.build_filter("sparc64")


def test_a_slot_is_held_by_one_claimant_at_a_time(tmp_path):
    pool = SlotPool(lock_dir=str(tmp_path), count=1, first_uid=64000)
    first = pool.claim(timeout=0)

    with pytest.raises(SandboxUnavailable, match="busy"):
        pool.claim(timeout=0.05)

    first.release()
    second = pool.claim(timeout=0)
    assert (second.index, second.uid) == (0, 64000)
    second.release()


def test_get_backend_knows_bwrap_and_refuses_unknown_names():
    assert isinstance(get_backend("bwrap"), BwrapBackend)
    with pytest.raises(SandboxError, match="unknown sandbox backend"):
        get_backend("docker")
