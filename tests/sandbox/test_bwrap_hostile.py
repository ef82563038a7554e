"""Hostile programs through the real bwrap backend.

Each test asserts how the run ended (limit, exit code, signal) and that nothing leaked: no host
secret in the output, no process left under a slot uid, no cgroup left, and a normal run works
right after.
"""

from __future__ import annotations

import os
import platform
import resource
import signal
import socket
import subprocess

import pytest

from sandbox.job import LIMIT_CPU, LIMIT_MEMORY, LIMIT_OUTPUT, LIMIT_TASKS, LIMIT_WALL, Limits
from tests.sandbox.bwrap_support import (
    SECRET,
    assert_nothing_left,
    make_backend,
    python_job,
    remove_session_dirs,
    requires_bwrap,
)

pytestmark = requires_bwrap
# Raw system call numbers below are x86_64's.
x86_64_only = pytest.mark.skipif(platform.machine() != "x86_64", reason="x86_64 syscall numbers")


@pytest.fixture(scope="module")
def backend():
    backend = make_backend()
    yield backend
    remove_session_dirs()


@pytest.fixture(autouse=True)
def planted_secret(monkeypatch):
    # Visible to anything that inherits or reads the test process's environment.
    monkeypatch.setenv("SPINDLE_PLANTED_SECRET", SECRET)


def test_a_fork_bomb_hits_the_tasks_limit_and_is_cleaned_up(backend):
    code = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
    result = backend.run(python_job(code, limits=Limits(max_tasks=16, wall_seconds=2)))

    assert result.limit == LIMIT_TASKS
    assert result.signal == signal.SIGKILL
    assert_nothing_left(backend, result)


def test_a_thread_bomb_is_stopped_at_the_tasks_limit(backend):
    code = """
import threading
release = threading.Event()
started = 0
try:
    while True:
        threading.Thread(target=release.wait).start()
        started += 1
except RuntimeError:
    print(started)
release.set()
"""
    result = backend.run(python_job(code, limits=Limits(max_tasks=32)))

    assert result.limit == LIMIT_TASKS
    assert result.exit_code == 0
    assert int(result.stdout) == 31  # the budget minus the main thread
    assert_nothing_left(backend, result)


def test_a_memory_bomb_is_killed_at_the_memory_limit(backend):
    code = """
hoard = []
while True:
    hoard.append(b"x" * (8 << 20))
"""
    result = backend.run(python_job(code, limits=Limits(memory_mb=64)))

    assert result.limit == LIMIT_MEMORY
    assert result.signal == signal.SIGKILL
    assert_nothing_left(backend, result)


def test_a_cpu_loop_is_stopped_at_the_cpu_limit(backend):
    result = backend.run(
        python_job("while True:\n    pass\n", limits=Limits(cpu_seconds=1, wall_seconds=10))
    )

    assert result.limit == LIMIT_CPU
    assert result.signal == signal.SIGXCPU
    assert 0.9 <= result.cpu_seconds < 3
    assert_nothing_left(backend, result)


def test_a_program_ignoring_sigxcpu_is_killed_a_second_later(backend):
    code = """
import signal
signal.signal(signal.SIGXCPU, signal.SIG_IGN)
while True:
    pass
"""
    result = backend.run(python_job(code, limits=Limits(cpu_seconds=1, wall_seconds=10)))

    assert result.limit == LIMIT_CPU
    assert result.signal == signal.SIGKILL
    assert_nothing_left(backend, result)


def test_sleeping_forever_ends_at_the_wall_clock_deadline(backend):
    result = backend.run(
        python_job("import time\ntime.sleep(1000)\n", limits=Limits(wall_seconds=1))
    )

    assert result.limit == LIMIT_WALL
    assert result.signal == signal.SIGKILL
    assert result.exit_code is None
    assert 1 <= result.wall_seconds < 3
    assert_nothing_left(backend, result)


def test_filling_tmp_stops_at_its_size_limit(backend):
    code = """
import errno, os
written = 0
for path in ("/tmp/fill", "/dev/shm/fill"):
    try:
        with open(path, "wb") as f:
            while True:
                f.write(b"x" * 65536)
                written += 65536
    except OSError as e:
        print(path, errno.errorcode[e.errno])
"""
    result = backend.run(python_job(code, limits=Limits(tmp_mb=2, file_size_mb=64)))

    assert result.stdout.split() == ["/tmp/fill", "ENOSPC", "/dev/shm/fill", "ENOSPC"]
    assert result.exit_code == 0
    assert_nothing_left(backend, result)


def test_writing_to_the_root_and_outside_tmp_is_refused(backend):
    code = """
import os
for path in ("/evil", "/usr/evil", "/usr/bin/evil", "/etc/evil", "/dev/evil", "/proc/evil"):
    try:
        open(path, "w").close()
        print(path, "WRITTEN")
    except OSError as e:
        print(path, "refused")
try:
    os.mkdir("/evil-dir")
    print("mkdir WRITTEN")
except OSError:
    print("mkdir refused")
"""
    result = backend.run(python_job(code))

    assert "WRITTEN" not in result.stdout
    assert result.stdout.count("refused") == 7
    assert not os.path.exists("/usr/evil") and not os.path.exists("/usr/bin/evil")
    assert_nothing_left(backend, result)


def test_a_stdout_flood_is_cut_at_the_output_limit_without_bloating_the_host(backend):
    code = """
import sys
chunk = b"x" * (1 << 20)
for _ in range(1024):  # 1 GiB
    sys.stdout.buffer.write(chunk)
"""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = backend.run(python_job(code, limits=Limits(output_bytes=64 * 1024)))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before

    assert result.limit == LIMIT_OUTPUT
    assert result.stdout_truncated
    assert len(result.stdout) == 64 * 1024
    assert result.wall_seconds < 5
    assert grown_kib < 32 * 1024
    assert_nothing_left(backend, result)


def test_a_stderr_flood_is_cut_at_the_output_limit(backend):
    code = "import sys\nwhile True:\n    sys.stderr.write('y' * 4096)\n"
    result = backend.run(python_job(code, limits=Limits(output_bytes=10_000)))

    assert result.limit == LIMIT_OUTPUT
    assert result.stderr_truncated and len(result.stderr) == 10_000
    assert_nothing_left(backend, result)


def test_postgres_redis_and_the_host_loopback_are_unreachable(backend):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=1).close()  # the host can
    code = f"""
import socket
for host, port in [("127.0.0.1", 5432), ("127.0.0.1", 6379), ("127.0.0.1", {port}),
                   ("1.1.1.1", 53), ("::1", 5432)]:
    try:
        socket.create_connection((host, port), timeout=1).close()
        print(port, "CONNECTED")
    except OSError as e:
        print(port, "failed")
print(sorted(name for _, name in socket.if_nameindex()))
"""
    try:
        result = backend.run(python_job(code))
    finally:
        listener.close()

    assert "CONNECTED" not in result.stdout
    assert result.stdout.count("failed") == 5
    assert result.stdout.splitlines()[-1] == "['lo']"
    assert_nothing_left(backend, result)


def test_the_environment_and_proc_show_nothing_of_the_host(backend):
    code = """
import os
print(dict(os.environ))
print(open("/proc/self/environ", "rb").read())
print(open("/proc/1/environ", "rb").read())
print(sorted(os.listdir("/proc")))
for path in ("/etc/shadow", "/etc/passwd", "/root", "/home", "/work", "/root/.pyenv", "/sys",
             "/var", "/run"):
    print(path, os.path.exists(path))
"""
    result = backend.run(python_job(code))

    assert SECRET not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    # Python itself sets LC_CTYPE (PEP 538); nothing else.
    assert lines[0] in ("{}", "{'LC_CTYPE': 'C.UTF-8'}")
    assert lines[1] == "b''"
    assert lines[2] == "b'PWD=/tmp/work\\x00'"  # set by bwrap for pid 1
    assert all(line.endswith(" False") for line in lines[4:])
    assert_nothing_left(backend, result)


def test_killing_the_parent_and_everything_harms_only_the_sandbox(backend):
    # A host process under the very uid the run will get: only the pid namespace protects it.
    canary = subprocess.Popen(
        ["sleep", "60"], user=backend.slots.first_uid, group=backend.slots.first_uid
    )
    code = """
import os, signal
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, signal.SIGKILL)
        print(target, "sent")
    except OSError as e:
        print(target, e.errno)
print("still alive")
"""
    try:
        result = backend.run(python_job(code))

        assert result.exit_code == 0
        assert "still alive" in result.stdout
        assert canary.poll() is None
        assert_nothing_left(backend, result, ignore=frozenset({canary.pid}))
    finally:
        canary.kill()
        canary.wait()


def test_a_double_forked_daemon_does_not_outlive_the_run(backend):
    code = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(1)
        os.close(2)
        while True:
            time.sleep(1)
    os._exit(0)
print("parent done")
"""
    result = backend.run(python_job(code, limits=Limits(wall_seconds=10)))

    assert result.exit_code == 0
    assert result.limit is None
    assert result.wall_seconds < 2  # the run did not wait for the daemon
    assert_nothing_left(backend, result)


@x86_64_only
def test_ptrace_mount_unshare_and_friends_are_refused(backend):
    code = r"""
import ctypes, errno, os, threading, subprocess
libc = ctypes.CDLL(None, use_errno=True)
def call(name, *args):
    rc = getattr(libc, name)(*args)
    return "ok" if rc == 0 else errno.errorcode[ctypes.get_errno()]
def raw(number, *args):
    rc = libc.syscall(number, *args)
    return "ok" if rc >= 0 else errno.errorcode[ctypes.get_errno()]
CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS = 0x10000000, 0x40000000, 0x00020000
os.mkdir("/tmp/m")
print("ptrace", call("ptrace", 0, 0, 0, 0))  # PTRACE_TRACEME
print("mount", call("mount", b"none", b"/tmp/m", b"tmpfs", 0, None))
print("unshare_user", call("unshare", CLONE_NEWUSER))
print("unshare_net", call("unshare", CLONE_NEWNET))
print("unshare_ns", call("unshare", CLONE_NEWNS))
print("setns", call("setns", 0, 0))
print("chroot", call("chroot", b"/tmp"))
print("clone_newuser", raw(56, 0x11 | CLONE_NEWUSER, 0, 0, 0, 0))  # SIGCHLD
print("clone3", raw(435, 0, 0))
print("bpf", raw(321, 0, 0, 0))
print("keyctl", raw(250, 0, 0, 0, 0, 0))
print("io_uring_setup", raw(425, 1, 0))
print("perf_event_open", raw(298, 0, 0, -1, -1, 0))
# Ordinary concurrency still works: threads use clone(), subprocess uses clone(CLONE_VFORK).
t = threading.Thread(target=lambda: None)
t.start()
t.join()
print("thread ok")
print("subprocess", subprocess.run(["true"]).returncode)
"""
    result = backend.run(python_job(code))
    got = dict(line.split(" ", 1) for line in result.stdout.splitlines())

    for name in ("ptrace", "mount", "unshare_user", "unshare_net", "unshare_ns", "setns"):
        assert got[name] == "EPERM", (name, got)
    for name in ("chroot", "clone_newuser", "bpf", "keyctl", "io_uring_setup"):
        assert got[name] == "EPERM", (name, got)
    assert got["perf_event_open"] == "EPERM"
    assert got["clone3"] == "ENOSYS"
    assert got["thread"] == "ok"
    assert got["subprocess"] == "0"
    assert_nothing_left(backend, result)


@x86_64_only
def test_a_system_call_through_the_x32_abi_kills_the_program(backend):
    # x32 numbers alias x86_64 ones with bit 30 set; the filter must not be bypassed that way.
    code = """
import ctypes
print("calling", flush=True)
ctypes.CDLL(None).syscall(0x40000000 | 272, 0x10000000)  # x32 unshare(CLONE_NEWUSER)
print("survived")
"""
    result = backend.run(python_job(code))

    assert result.stdout == "calling\n"
    assert result.signal == signal.SIGSYS
    assert_nothing_left(backend, result)


def test_leftover_processes_from_a_killed_run_are_gone_before_run_returns(backend):
    # Many processes busy at the moment the deadline hits.
    code = """
import os, time
for _ in range(8):
    if os.fork() == 0:
        while True:
            pass
time.sleep(100)
"""
    result = backend.run(python_job(code, limits=Limits(wall_seconds=1)))

    assert result.limit == LIMIT_WALL
    assert_nothing_left(backend, result)
