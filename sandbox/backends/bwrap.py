"""The bubblewrap backend: runs a Job confined, and reports how it ended.

Layers, each covering what the others cannot (sandbox/README.md has the reasoning):
- bubblewrap, started as an unprivileged per-slot host uid: new user, pid, mount, network, ipc,
  uts and cgroup namespaces; a root of read-only /usr plus two /etc files; read-only root and
  /dev; size-limited tmpfs /tmp; no network at all (a private loopback only);
- a seccomp filter (sandbox/seccomp.py) against the kernel's escape hatches;
- a per-run cgroup (sandbox/cgroups.py) for processes+threads and memory;
- rlimits for CPU time, file size, open files and core dumps;
- a wall-clock deadline, and capped readers for stdout, stderr and the result channel.

The host never writes into the sandbox's filesystem: bwrap itself copies the job's files from
in-memory files (memfds) into the sandbox's private /tmp while setting it up, before any
untrusted code runs, so there is no host-side path for a planted symlink to redirect.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import resource
import selectors
import signal
import subprocess
import time
from collections.abc import Callable

from sandbox.cgroups import CgroupManager, RunCgroup
from sandbox.errors import SandboxError, SandboxUnavailable
from sandbox.job import (
    CHANNEL_FD,
    LIMIT_CPU,
    LIMIT_MEMORY,
    LIMIT_OUTPUT,
    LIMIT_TASKS,
    LIMIT_WALL,
    Job,
    Limits,
    RunResult,
)
from sandbox.seccomp import build_filter
from sandbox.slots import Slot, SlotPool

logger = logging.getLogger(__name__)

WORKDIR = "/tmp/work"
MIB = 1024 * 1024
CHANNEL_CAP = 4 * MIB
STATUS_CAP = 64 * 1024
# pid 1 (a tiny shell) and, with cgroup v1, bwrap's monitor process are in the run's cgroup
# too: a task each and a couple of MiB. Don't bill the student for them.
INIT_MEMORY = 4 * MIB
# After a kill, how long bwrap gets to go before it is killed directly too.
KILL_GRACE = 2.0
# Once bwrap has exited every writer is gone; this only guards against the impossible.
DRAIN_GRACE = 1.0
# Where a bare program name is looked up: dash's default PATH (the environment is empty).
SEARCH_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
SANDBOX_ROOTS = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/")

assert 3 <= CHANNEL_FD <= 9  # dash can only name fds 0-9


def init_script(limits: Limits) -> str:
    """pid 1 inside the sandbox: /bin/sh (dash, ~1 ms) rather than a second Python (~10 ms).

    - rlimits are set here, by the sandbox on itself: lowering limits needs no privilege,
      whereas prlimit() from outside needs CAP_SYS_RESOURCE, which containers usually lack.
    - The channel arrives as fd 0: subprocess can place a pipe only on fds 0-2, and dash can
      only name fds 0-9. It moves to CHANNEL_FD; the program gets /dev/null as stdin.
    - bwrap exports PWD; the program's environment stays empty.
    - The program runs as a child, not via exec ("; exit $?" stops dash from exec'ing the last
      command): dash stays pid 1, reaps orphans, and when it exits with the program's status
      the kernel kills whatever is left in the namespace before bwrap sees the exit. No daemon
      outlives the run, and nothing is left for the host's init to reap.
    - `set -e`: if any step fails, the program does not run at all.
    """
    cpu = max(1, math.ceil(limits.cpu_seconds))
    return "; ".join(
        [
            "set -e",
            # SIGXCPU at the soft limit, SIGKILL a second later if the program ignores it.
            f"ulimit -S -t {cpu}",
            f"ulimit -H -t {cpu + 1}",
            f"ulimit -f {limits.file_size_mb * 2048}",  # in 512-byte blocks
            f"ulimit -n {limits.open_files}",
            "ulimit -c 0",
            # Not RLIMIT_AS: thread stacks are address space, a few threads exhaust it (the
            # memory cgroup limits what is really used). Not RLIMIT_NPROC: it counts per host
            # uid, not per run (the pids cgroup does that).
            f"exec {CHANNEL_FD}>&0 0</dev/null",
            "unset PWD",
            '"$@"',
            "exit $?",
        ]
    )


class BwrapBackend:
    name = "bwrap"

    def __init__(
        self,
        *,
        bwrap: str = "/usr/bin/bwrap",
        setpriv: str = "/usr/bin/setpriv",
        shell: str = "/bin/sh",
        slots: int = 16,
        first_uid: int = 64000,
        lock_dir: str = "/run/spindle-sandbox",
        cgroup_parent: str = "spindle-sandbox",
        slot_wait_seconds: float = 30.0,
    ) -> None:
        """
        bwrap: the bubblewrap executable (0.8 or newer).
        setpriv: util-linux's setpriv, which drops from root to the slot's uid.
        shell: a POSIX shell visible inside the sandbox (under /usr via the /bin link); pid 1.
        slots, first_uid: how many runs may go at once; slot N runs as host uid/gid
        first_uid + N. Nothing else on the host may use those ids.
        lock_dir: where the slot lock files live (root only).
        cgroup_parent: where the run cgroups go: relative to the worker's own cgroup, or an
        absolute directory ("/sys/fs/cgroup/{controller}/spindle-sandbox" with cgroup v1, a
        delegated directory with cgroup v2); see CgroupManager.detect().
        """
        self.bwrap = bwrap
        self.setpriv = setpriv
        self.shell = shell
        self.slots = SlotPool(lock_dir=lock_dir, count=slots, first_uid=first_uid)
        self.cgroup_parent = cgroup_parent
        self.slot_wait_seconds = slot_wait_seconds
        self._cgroups: CgroupManager | None = None
        self._seccomp: bytes | None = None
        self._root_args = _root_filesystem_args()

    @property
    def cgroups(self) -> CgroupManager:
        # Found lazily so that building a backend never fails; run() and self_test() report
        # problems as SandboxUnavailable.
        if self._cgroups is None:
            manager = CgroupManager.detect(self.cgroup_parent)
            manager.prepare()
            self._cgroups = manager
        return self._cgroups

    @property
    def seccomp_program(self) -> bytes:
        if self._seccomp is None:
            self._seccomp = build_filter()
        return self._seccomp

    def run(self, job: Job, *, on_message: Callable[[dict], None] | None = None) -> RunResult:
        files = _checked_files(job)
        cgroups = self.cgroups
        limits = job.limits
        slot = self.slots.claim(timeout=self.slot_wait_seconds)
        try:
            cgroup = cgroups.create(
                f"slot-{slot.index}",
                max_tasks=limits.max_tasks + (2 if cgroups.forks_inside else 1),
                memory_bytes=limits.memory_mb * MIB + INIT_MEMORY,
            )
            try:
                return _Run(self, job, files, slot, cgroup, on_message).execute()
            finally:
                # Whatever happened, nothing of this run may outlive it under the slot's uid.
                # If this fails, the next run in this slot retries and refuses if it must.
                if not (cgroup.kill_and_wait() and cgroup.remove()):
                    logger.error("sandbox cgroup %s could not be emptied/removed", cgroup.dirs)
        finally:
            slot.release()

    def self_test(self) -> None:
        from sandbox.selftest import run_self_test

        run_self_test(self)

    def bwrap_argv(
        self,
        job: Job,
        *,
        seccomp_fd: int,
        status_fd: int,
        block_fd: int,
        file_fds: list[tuple[int, str]],
    ) -> list[str]:
        tmp_bytes = str(job.limits.tmp_mb * MIB)
        argv = [
            self.bwrap,
            "--unshare-all",  # user, pid, mount, net, ipc, uts, cgroup: no network at all
            "--die-with-parent",
            "--new-session",  # no TIOCSTI into a terminal we might have
            "--as-pid-1",  # pid 1 is our shell (init_script()), not bwrap's reaper
            "--hostname",
            "sandbox",
            *self._root_args,
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            # POSIX semaphores (multiprocessing locks) need a writable /dev/shm.
            "--size",
            tmp_bytes,
            "--tmpfs",
            "/dev/shm",
            "--remount-ro",
            "/dev",
            "--size",
            tmp_bytes,
            "--tmpfs",
            "/tmp",
            "--dir",
            WORKDIR,
        ]
        for fd, rel in file_fds:
            argv += ["--perms", "0444", "--file", str(fd), f"{WORKDIR}/{rel}"]
        argv += [
            # bwrap's own root is an unbounded tmpfs: read-only, after every mount point.
            "--remount-ro",
            "/",
            "--chdir",
            WORKDIR,
            "--seccomp",
            str(seccomp_fd),
            # {"child-pid": N} right after clone(); {"exit-code": N} only if our command was
            # exec'd, so its absence means the sandbox never started (bwrap 0.8).
            "--json-status-fd",
            str(status_fd),
            "--block-fd",
            str(block_fd),
            "--",
            self.shell,
            "-c",
            init_script(job.limits),
            "sh",
            *job.argv,
        ]
        return argv


class _Run:
    """One execution: spawn, place in the cgroup, pump the pipes, enforce, and account."""

    def __init__(
        self,
        backend: BwrapBackend,
        job: Job,
        files: dict[str, bytes],
        slot: Slot,
        cgroup: RunCgroup,
        on_message: Callable[[dict], None] | None,
    ) -> None:
        self.backend = backend
        self.job = job
        self.files = files
        self.slot = slot
        self.cgroup = cgroup
        self.stdout = _Capture(job.limits.output_bytes)
        self.stderr = _Capture(job.limits.output_bytes)
        self.channel = _Channel(CHANNEL_CAP, on_message)
        self.status = _Status()
        self.killed_for: str | None = None
        self.kill_time = 0.0
        self.init_pidfd = -1
        self.born_inside = False
        self.exit_status: int | None = None
        self.rusage: resource.struct_rusage | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.fds: list[int] = []

    def execute(self) -> RunResult:
        start = time.monotonic()
        deadline = start + self.job.limits.wall_seconds
        try:
            self._spawn(deadline)
            self._pump(deadline)
        finally:
            self._stop()
        return self._result(time.monotonic() - start)

    # -- starting ---------------------------------------------------------------------------

    def _own(self, fd: int) -> int:
        self.fds.append(fd)
        return fd

    def _close(self, fd: int) -> None:
        if fd in self.fds:
            self.fds.remove(fd)
            os.close(fd)

    def _spawn(self, deadline: float) -> None:
        seccomp_r, seccomp_w = map(self._own, os.pipe())
        os.write(seccomp_w, self.backend.seccomp_program)  # a few hundred bytes: fits the pipe
        self._close(seccomp_w)
        self.status_r, status_w = map(self._own, os.pipe())
        block_r, block_w = map(self._own, os.pipe())
        self.channel_r, channel_w = map(self._own, os.pipe())
        file_fds = [(self._own(_memfd(content)), rel) for rel, content in self.files.items()]
        argv = self.backend.bwrap_argv(
            self.job,
            seccomp_fd=seccomp_r,
            status_fd=status_w,
            block_fd=block_r,
            file_fds=file_fds,
        )
        passed = [seccomp_r, status_w, block_r, *(fd for fd, _ in file_fds)]
        try:
            with self.cgroup.forking_inside() as self.born_inside:
                self.proc = self._popen(argv, channel_w, passed)
        except OSError as exc:
            raise SandboxUnavailable(f"cannot start {self.backend.bwrap}: {exc}") from exc
        for fd in [*passed, channel_w]:
            self._close(fd)

        init_pid = self._read_init_pid(deadline)
        try:
            self.init_pidfd = os.pidfd_open(init_pid)
        except ProcessLookupError:
            raise SandboxUnavailable("sandbox died during set-up: " + self._stderr()) from None
        _check_ids(init_pid, self.slot)
        if not self.born_inside:
            # bwrap's child waits on --block-fd before it execs anything, so every process of
            # the run still starts inside the cgroup.
            self.cgroup.add(init_pid)
        with contextlib.suppress(BrokenPipeError):  # if it died already, the status tells
            os.write(block_w, b"1")
        self._close(block_w)

    def _popen(self, argv: list[str], channel_w: int, passed: list[int]) -> subprocess.Popen[bytes]:
        uid = str(self.slot.uid)
        gid = str(self.slot.gid)
        # setpriv switches to the slot's uid, gid and no supplementary groups, then execs bwrap.
        # Not Popen(user=...): that makes subprocess fork() instead of vfork(), and fork()
        # copies the page tables of the whole worker (+13 ms for a 200 MB worker here).
        setpriv = [self.backend.setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
        return subprocess.Popen(
            [*setpriv, "--", *argv],
            stdin=channel_w,  # becomes CHANNEL_FD inside, see init_script()
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # Nothing else crosses: bwrap consumes and closes each of these during set-up.
            pass_fds=passed,
            close_fds=True,
            # Empty, not just --clearenv: /proc/1/environ inside shows what bwrap got.
            env={},
            cwd="/",
            start_new_session=True,
        )

    def _read_init_pid(self, deadline: float) -> int:
        with selectors.DefaultSelector() as sel:
            sel.register(self.status_r, selectors.EVENT_READ)
            while self.status.child_pid is None:
                if not sel.select(max(0.0, deadline - time.monotonic())):
                    raise SandboxUnavailable("bwrap did not start in time")
                data = os.read(self.status_r, 4096)
                if not data:
                    raise SandboxUnavailable("bwrap failed: " + self._stderr())
                self.status.feed(data)
        return self.status.child_pid

    def _stderr(self) -> str:
        """bwrap's complaint, when it failed before the program could run."""
        assert self.proc is not None and self.proc.stderr is not None
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=KILL_GRACE)
        if self.proc.returncode is None:
            return "no message"
        return self.proc.stderr.read(4096).decode(errors="replace").strip() or "no message"

    # -- running ----------------------------------------------------------------------------

    def _pump(self, deadline: float) -> None:
        proc = self.proc
        assert proc is not None and proc.stdout is not None and proc.stderr is not None
        readers: dict[int, Callable[[bytes], None]] = {
            proc.stdout.fileno(): self._on_stdout,
            proc.stderr.fileno(): self._on_stderr,
            self.channel_r: self.channel.feed,
            self.status_r: self.status.feed,
        }
        exited = self._own(os.pidfd_open(proc.pid))
        drain_until: float | None = None
        with selectors.DefaultSelector() as sel:
            for fd in readers:
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_READ)
            sel.register(exited, selectors.EVENT_READ)
            while readers or self.exit_status is None:
                now = time.monotonic()
                if self.exit_status is None:
                    if self.killed_for is None and now >= deadline:
                        self._kill(LIMIT_WALL)
                    wake = deadline
                    if self.killed_for is not None:
                        wake = self.kill_time + KILL_GRACE
                        if now >= wake:
                            self._kill_bwrap()  # reaped when the pidfd says so
                            wake = now + DRAIN_GRACE
                else:
                    # bwrap exits only after the whole pid namespace is gone, so EOF is near.
                    drain_until = drain_until or now + DRAIN_GRACE
                    if now >= drain_until:
                        break
                    wake = drain_until
                for key, _ in sel.select(max(0.0, wake - now)):
                    if key.fd == exited:
                        sel.unregister(exited)
                        self._reap()
                        continue
                    data = os.read(key.fd, 1 << 16)
                    if data:
                        readers[key.fd](data)
                    else:
                        sel.unregister(key.fd)
                        del readers[key.fd]
        self.channel.finish()

    def _on_stdout(self, data: bytes) -> None:
        if self.stdout.add(data):
            self._kill(LIMIT_OUTPUT)

    def _on_stderr(self, data: bytes) -> None:
        if self.stderr.add(data):
            self._kill(LIMIT_OUTPUT)

    def _kill(self, reason: str) -> None:
        if self.killed_for is not None:
            return
        self.killed_for = reason
        self.kill_time = time.monotonic()
        # Killing the namespace's pid 1 makes the kernel kill every process in the namespace,
        # atomically: nothing can fork its way out. bwrap then reports and exits as usual.
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(self.init_pidfd, signal.SIGKILL)

    def _kill_bwrap(self) -> None:
        """Second line, if bwrap does not go: kill it and sweep the cgroup."""
        assert self.proc is not None
        logger.warning("bwrap (pid %d) outlived its sandbox's pid 1; killing it", self.proc.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # bwrap leads its own session
        self.cgroup.kill_all()

    def _reap(self, timeout: float | None = None) -> bool:
        """Wait for bwrap to exit (at most `timeout` seconds) and reap it. True if it did."""
        assert self.proc is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            # wait4, not Popen.wait: its rusage covers the whole tree (each process was reaped
            # by its parent or by pid 1, and pid 1 by bwrap), which is the run's CPU time.
            pid, status, rusage = os.wait4(self.proc.pid, 0 if deadline is None else os.WNOHANG)
            if pid:
                self.exit_status, self.rusage = status, rusage
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                return True
            if time.monotonic() >= deadline:  # type: ignore[operator]
                return False
            time.sleep(0.001)

    def _stop(self) -> None:
        """Make sure bwrap is gone and reaped and every descriptor closed, however we got here."""
        proc = self.proc
        if proc is not None:
            if self.exit_status is None and proc.returncode is None:
                # pid 1 first, then give bwrap time to reap it and exit: killing bwrap at the
                # same time would orphan pid 1 to the host's init, which may never reap it.
                if self.init_pidfd >= 0:
                    with contextlib.suppress(ProcessLookupError):
                        signal.pidfd_send_signal(self.init_pidfd, signal.SIGKILL)
                if not self._reap(timeout=KILL_GRACE):
                    self._kill_bwrap()
                    self._reap()
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        if self.init_pidfd >= 0:
            os.close(self.init_pidfd)
            self.init_pidfd = -1
        for fd in list(self.fds):
            self._close(fd)

    # -- accounting -------------------------------------------------------------------------

    def _result(self, wall: float) -> RunResult:
        if self.status.exit_code is None and self.killed_for is None:
            # bwrap never exec'd our command: set-up failed.
            stderr = bytes(self.stderr.buf).decode(errors="replace").strip()
            raise SandboxUnavailable("sandbox did not start: " + (stderr or "no message"))
        exit_code: int | None = None
        signum: int | None = None
        if self.killed_for is not None or self.status.exit_code is None:
            signum = signal.SIGKILL
        elif 128 < self.status.exit_code < 128 + signal.NSIG:
            # The shell's convention, all that reaches us: 128+N means "killed by signal N".
            # (So a program calling exit(137) is reported as killed by SIGKILL.)
            signum = self.status.exit_code - 128
        else:
            exit_code = self.status.exit_code
        cpu = 0.0
        if self.rusage is not None:
            cpu = self.rusage.ru_utime + self.rusage.ru_stime
        return RunResult(
            exit_code=exit_code,
            signal=signum,
            limit=self._limit(signum, cpu),
            stdout=bytes(self.stdout.buf).decode(errors="replace"),
            stderr=bytes(self.stderr.buf).decode(errors="replace"),
            stdout_truncated=self.stdout.truncated,
            stderr_truncated=self.stderr.truncated,
            wall_seconds=wall,
            cpu_seconds=cpu,
            messages=self.channel.messages,
            channel_error=self.channel.error,
        )

    def _limit(self, signum: int | None, cpu: float) -> str | None:
        # Most specific cause first: a fork bomb that then ran out the clock is a tasks
        # problem, and that is what the student needs to hear.
        stats = self.cgroup.stats()
        if self.killed_for == LIMIT_OUTPUT:
            return LIMIT_OUTPUT
        if stats.oom_kills:
            return LIMIT_MEMORY
        if signum == signal.SIGXCPU or (
            signum == signal.SIGKILL
            and self.killed_for is None
            and cpu >= self.job.limits.cpu_seconds
        ):
            return LIMIT_CPU
        if stats.task_limit_hits:
            return LIMIT_TASKS
        return self.killed_for


class _Capture:
    """Keeps the first `cap` bytes of a stream and notes whether more came."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.buf = bytearray()
        self.truncated = False

    def add(self, data: bytes) -> bool:
        room = self.cap - len(self.buf)
        if room > 0:
            self.buf += data[:room]
        if len(data) > room:
            self.truncated = True
        return self.truncated


class _Status:
    """bwrap's --json-status-fd stream: one JSON object per line."""

    def __init__(self) -> None:
        self.pending = b""
        self.received = 0
        self.child_pid: int | None = None
        self.exit_code: int | None = None

    def feed(self, data: bytes) -> None:
        self.received += len(data)
        if self.received > STATUS_CAP:
            return  # bwrap writes a few hundred bytes; never let it grow our memory
        *lines, self.pending = (self.pending + data).split(b"\n")
        for line in lines:
            try:
                info = json.loads(line)
            except ValueError:
                continue
            if isinstance(info.get("child-pid"), int):
                self.child_pid = info["child-pid"]
            if isinstance(info.get("exit-code"), int):
                self.exit_code = info["exit-code"]


class _Channel:
    """JSON objects, one per line, handed to `on_message` as each line completes."""

    def __init__(self, cap: int, on_message: Callable[[dict], None] | None) -> None:
        self.cap = cap
        self.on_message = on_message
        self.received = 0
        self.pending = b""
        self.messages: list[dict] = []
        self.error: str | None = None

    def feed(self, data: bytes) -> None:
        if self.error is not None:
            return  # keep draining so the writer doesn't block, but believe nothing more
        self.received += len(data)
        if self.received > self.cap:
            self.error = f"the result channel carried more than {self.cap} bytes"
            return
        *lines, self.pending = (self.pending + data).split(b"\n")
        for line in lines:
            self._line(line)

    def finish(self) -> None:
        if self.error is None and self.pending.strip():
            self._line(self.pending)
        self.pending = b""

    def _line(self, line: bytes) -> None:
        if self.error is not None or not line.strip():
            return
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            number = len(self.messages) + 1
            self.error = f"message {number} on the result channel is not a JSON object"
            return
        self.messages.append(message)
        if self.on_message is not None:
            self.on_message(message)


def _checked_files(job: Job) -> dict[str, bytes]:
    """Validate the job; its files as bytes (text as UTF-8)."""
    if not job.argv or not all(isinstance(a, str) and "\0" not in a for a in job.argv):
        raise SandboxError("a job needs a non-empty argv of strings")
    if not _program_exists(job.argv[0]):
        # Checked here because inside, "not found" would look like the student's exit 127.
        raise SandboxError(f"program {job.argv[0]!r} is not available in the sandbox")
    limits = job.limits
    files: dict[str, bytes] = {}
    for rel, text in job.files.items():
        parts = rel.split("/")
        if not rel or "\0" in rel or any(p in ("", ".", "..") for p in parts):
            raise SandboxError(f"bad file name in job: {rel!r}")
        files[rel] = text.encode() if isinstance(text, str) else bytes(text)
        if len(files[rel]) > limits.file_size_mb * MIB:
            raise SandboxError(f"job file {rel!r} is larger than the file size limit")
    # Leave the program most of /tmp; a job that fills it before starting is a broken job.
    if sum(len(b) for b in files.values()) > limits.tmp_mb * MIB // 2:
        raise SandboxError("job files take more than half of the sandbox's /tmp")
    return files


def _program_exists(program: str) -> bool:
    # /usr (and the links into it) is the same inside and out, so the host can look.
    if "/" not in program:
        return any(os.access(os.path.join(d, program), os.X_OK) for d in SEARCH_PATH)
    return program.startswith(SANDBOX_ROOTS) and os.access(program, os.X_OK)


def _memfd(content: bytes) -> int:
    fd = os.memfd_create("spindle-job-file", os.MFD_CLOEXEC)
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)  # bwrap copies from the current offset to EOF
    return fd


def _root_filesystem_args() -> list[str]:
    """The host pieces the sandbox sees: /usr and the top-level links into it, read-only."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]  # merged /usr: cheaper than a mount
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    # The dynamic loader's cache (fast library lookup) and the time zone; nothing else of /etc.
    for path in ("/etc/ld.so.cache", "/etc/localtime"):
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


def _check_ids(pid: int, slot: Slot) -> None:
    """Refuse to go on unless the sandbox really runs as the slot's unprivileged uid and gid."""
    try:
        fd = os.open(f"/proc/{pid}/status", os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SandboxUnavailable("sandbox died during set-up") from None
    try:
        status = os.read(fd, 1 << 16).decode()
    finally:
        os.close(fd)
    found = {
        line.split(":")[0]: {int(i) for i in line.split()[1:]}
        for line in status.splitlines()
        if line.startswith(("Uid:", "Gid:", "Groups:"))
    }
    expected = {"Uid": {slot.uid}, "Gid": {slot.gid}, "Groups": set()}
    if 0 in (slot.uid, slot.gid) or found != expected:
        raise SandboxUnavailable(f"sandbox runs with ids {found}, expected {expected}")
