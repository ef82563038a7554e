"""The confinement self-test: a worker runs it at start and refuses to grade if it fails.

openedx codejail's lesson: a sandbox that silently stops confining is worse than none. So a
probe program runs through the real backend and reports facts from the inside; this side,
which is trusted, judges them. It takes well under a second.
"""

from __future__ import annotations

import errno
import re
import socket
import subprocess
from typing import TYPE_CHECKING, Any

from sandbox.errors import SandboxUnavailable
from sandbox.job import LIMIT_MEMORY, LIMIT_TASKS, Job, Limits

if TYPE_CHECKING:
    from sandbox.backends.bwrap import BwrapBackend

PROBE_LIMITS = Limits(cpu_seconds=5, wall_seconds=10, memory_mb=64, max_tasks=4, tmp_mb=1)
HOG = Limits(wall_seconds=10, memory_mb=32, tmp_mb=1)

PROBE = r"""
import ctypes, json, os, resource, socket, threading

def connect(port):
    s = socket.socket()
    s.settimeout(1)
    try:
        s.connect(("127.0.0.1", port))
        return "connected"
    except OSError as e:
        return e.errno
    finally:
        s.close()

def write(path):
    try:
        open(path, "w").close()
        return "written"
    except OSError as e:
        return e.errno

facts = {
    "ids": [os.getuid(), os.geteuid(), os.getgid(), os.getegid()],
    "connect": connect(int(open("port").read())),
    "interfaces": sorted(name for _, name in socket.if_nameindex()),
    "writes": [write(p) for p in ("/probe", "/usr/probe", "/etc/probe", "/dev/probe")],
    "tmp_bytes": os.statvfs("/tmp").f_blocks * os.statvfs("/tmp").f_frsize,
    "environ": open("/proc/self/environ", "rb").read().decode(errors="replace"),
    "init_environ": open("/proc/1/environ", "rb").read().decode(errors="replace"),
    "status": open("/proc/self/status").read(),
    "host_paths": [p for p in ("/root", "/home", "/etc/shadow", "/var", "/sys")
                   if os.path.exists(p)],
    "cpu_limit": list(resource.getrlimit(resource.RLIMIT_CPU)),
    "core_limit": list(resource.getrlimit(resource.RLIMIT_CORE)),
}
libc = ctypes.CDLL(None, use_errno=True)
facts["unshare"] = 0 if libc.unshare(0x10000000) == 0 else ctypes.get_errno()  # CLONE_NEWUSER

release = threading.Event()
started = 0
try:
    for _ in range(32):
        threading.Thread(target=release.wait).start()
        started += 1
except RuntimeError:
    pass
release.set()
facts["threads"] = started
os.write(3, (json.dumps(facts) + "\n").encode())
"""


def run_self_test(backend: BwrapBackend) -> None:
    """Raise SandboxUnavailable, naming every failed check, unless confinement works."""
    _check_bwrap_version(backend.bwrap)
    # A port that is certainly open on the host's loopback: the sandbox must not reach it.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        port = listener.getsockname()[1]
        job = Job(
            files={"probe.py": PROBE, "port": str(port)},
            argv=["python3", "-I", "probe.py"],
            limits=PROBE_LIMITS,
        )
        result = backend.run(job)
    finally:
        listener.close()
    if result.exit_code != 0 or len(result.messages) != 1:
        raise SandboxUnavailable(f"self-test probe failed: {result.stderr[-2000:] or result}")
    failures = _judge(result.messages[0], result.limit)
    # The memory limit, by the only proof there is: going over it.
    hog = backend.run(
        Job(files={}, argv=["python3", "-I", "-S", "-c", "x = b'x' * (96 << 20)"], limits=HOG)
    )
    if hog.limit != LIMIT_MEMORY:
        failures.append(f"memory limit not effective ({hog.limit}, exit {hog.exit_code})")
    if failures:
        raise SandboxUnavailable("sandbox self-test failed: " + "; ".join(failures))


def _judge(facts: dict[str, Any], limit: str | None) -> list[str]:
    failures = []
    if 0 in facts["ids"]:
        failures.append(f"runs as root inside ({facts['ids']})")
    if facts["connect"] not in (errno.ECONNREFUSED, errno.ENETUNREACH):
        failures.append(f"reached the host's loopback ({facts['connect']})")
    if facts["interfaces"] != ["lo"]:
        failures.append(f"sees network interfaces {facts['interfaces']}")
    if "written" in facts["writes"]:
        failures.append("could write outside /tmp")
    if facts["tmp_bytes"] > PROBE_LIMITS.tmp_mb * 1024 * 1024:
        failures.append(f"/tmp is not size-limited ({facts['tmp_bytes']} bytes)")
    if facts["environ"]:
        failures.append("environment is not empty")
    names = {entry.partition("=")[0] for entry in facts["init_environ"].split("\0") if entry}
    if names - {"PWD"}:  # bwrap itself sets PWD for pid 1; nothing may come from the host
        failures.append(f"pid 1 has environment variables {sorted(names)}")
    seccomp = re.search(r"^Seccomp:\s*(\d+)", facts["status"], re.MULTILINE)
    if not seccomp or seccomp.group(1) != "2":
        failures.append("no seccomp filter")
    no_new_privs = re.search(r"^NoNewPrivs:\s*(\d+)", facts["status"], re.MULTILINE)
    if not no_new_privs or no_new_privs.group(1) != "1":
        failures.append("no_new_privs is not set")
    if facts["unshare"] != errno.EPERM:
        failures.append(f"unshare() was not refused by seccomp ({facts['unshare']})")
    if facts["host_paths"]:
        failures.append(f"host paths visible: {facts['host_paths']}")
    if facts["cpu_limit"][0] != PROBE_LIMITS.cpu_seconds or facts["core_limit"] != [0, 0]:
        failures.append(f"rlimits not applied ({facts['cpu_limit']}, {facts['core_limit']})")
    if facts["threads"] >= PROBE_LIMITS.max_tasks or limit != LIMIT_TASKS:
        failures.append(f"pids limit not effective ({facts['threads']} threads, limit={limit})")
    return failures


def _check_bwrap_version(bwrap: str) -> None:
    # The backend relies on 0.8's --json-status-fd telling a failed set-up from a started
    # program, and on --size for tmpfs.
    try:
        out = subprocess.run(
            [bwrap, "--version"], capture_output=True, text=True, env={}, timeout=5, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise SandboxUnavailable(f"cannot run {bwrap}: {exc}") from exc
    match = re.search(r"(\d+)\.(\d+)", out)
    if not match or (int(match.group(1)), int(match.group(2))) < (0, 8):
        raise SandboxUnavailable(f"bubblewrap 0.8 or newer needed, found {out.strip()!r}")
