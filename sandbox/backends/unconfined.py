"""UnconfinedBackend: runs a Job as a plain subprocess. IT IS NOT A SANDBOX.

!!! DEVELOPMENT AND TESTS ONLY. NEVER USE IT FOR STUDENT SUBMISSIONS. !!!

The code it runs has the same user, filesystem, network and environment access as the caller.
It exists so the harness and the grader can be developed and tested on machines without
bubblewrap. What it does keep from the real backend is the contract: the job's files in a fresh
working directory, the result channel on fd 3 (a pipe separate from stdout), a minimal
environment, a wall-clock deadline that kills the whole process group, a CPU limit, and capped
output.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from sandbox.job import (
    CHANNEL_FD,
    LIMIT_CPU,
    LIMIT_OUTPUT,
    LIMIT_WALL,
    Job,
    RunResult,
)

# The channel carries a result of a few kilobytes; this much is plenty and still bounded.
CHANNEL_CAP = 4 * 1024 * 1024
_READ_SIZE = 65536


class UnconfinedBackend:
    """NOT A SANDBOX: see the module docstring. Same interface as the real backends."""

    name = "unconfined"

    def self_test(self) -> None:
        """Nothing to check: this backend confines nothing."""

    def run(self, job: Job, *, on_message: Callable[[dict], None] | None = None) -> RunResult:
        workdir = Path(tempfile.mkdtemp(prefix="spindle-unconfined-"))
        try:
            _write_files(workdir, job.files)
            return _Execution(job, workdir, on_message).run()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _write_files(workdir: Path, files) -> None:
    for name, text in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"job file path must be relative and inside the job: {name!r}")
        path = workdir.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


class _Execution:
    def __init__(self, job: Job, workdir: Path, on_message) -> None:
        self.job = job
        self.workdir = workdir
        self.on_message = on_message
        self.out = {"stdout": bytearray(), "stderr": bytearray()}
        self.truncated = {"stdout": False, "stderr": False}
        self.channel = bytearray()
        self.channel_size = 0
        self.messages: list[dict] = []
        self.channel_error: str | None = None
        self.limit: str | None = None

    def run(self) -> RunResult:
        limits = self.job.limits
        read_end, write_end = os.pipe()
        # subprocess renumbers only stdin/stdout/stderr (short of preexec_fn, unsafe in threaded
        # callers), and dash names only fds 0-9: hand the channel over as stdin, and let a
        # shell move it to CHANNEL_FD and give the program /dev/null as stdin.
        argv = ["/bin/sh", "-c", f'exec {CHANNEL_FD}>&0 0</dev/null; exec "$@"', "sh"]
        argv += list(self.job.argv)
        started = time.monotonic()
        try:
            process = subprocess.Popen(
                argv,
                cwd=self.workdir,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                stdin=write_end,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                close_fds=True,
                start_new_session=True,
            )
        finally:
            os.close(write_end)
        cpu = int(limits.cpu_seconds) + 1
        with contextlib.suppress(ProcessLookupError):  # it may be over already
            resource.prlimit(process.pid, resource.RLIMIT_CPU, (cpu, cpu + 1))
        deadline = started + limits.wall_seconds
        self._pump(process, read_end, deadline)
        status, usage = self._reap(process, deadline)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        cpu_used = usage.ru_utime + usage.ru_stime
        code = process.returncode
        killed = code < 0 and -code in (signal.SIGXCPU, signal.SIGKILL)
        if self.limit is None and killed and cpu_used >= limits.cpu_seconds:
            self.limit = LIMIT_CPU
        return RunResult(
            exit_code=code if code >= 0 else None,
            signal=-code if code < 0 else None,
            limit=self.limit,
            stdout=self.out["stdout"].decode("utf-8", "replace"),
            stderr=self.out["stderr"].decode("utf-8", "replace"),
            stdout_truncated=self.truncated["stdout"],
            stderr_truncated=self.truncated["stderr"],
            wall_seconds=wall,
            cpu_seconds=cpu_used,
            messages=self.messages,
            channel_error=self.channel_error,
        )

    def _pump(self, process: subprocess.Popen, channel_fd: int, deadline: float) -> None:
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ, "stdout")
        selector.register(process.stderr, selectors.EVENT_READ, "stderr")
        channel = os.fdopen(channel_fd, "rb", buffering=0)
        selector.register(channel, selectors.EVENT_READ, "channel")
        killed_at = None
        try:
            while selector.get_map():
                now = time.monotonic()
                if now >= deadline and killed_at is None:
                    self._kill(process, LIMIT_WALL)
                    killed_at = now
                if killed_at is not None and now - killed_at > 1.0:
                    break  # something outside the process group still holds a pipe open
                left = deadline - now if killed_at is None else 0.1
                for key, _ in selector.select(left):
                    chunk = os.read(key.fileobj.fileno(), _READ_SIZE)
                    if not chunk:
                        selector.unregister(key.fileobj)
                        key.fileobj.close()
                    elif key.data == "channel":
                        self._channel_data(process, chunk)
                    else:
                        self._output(process, key.data, chunk)
        finally:
            for key in list(selector.get_map().values()):
                key.fileobj.close()
            selector.close()
        if self.channel and self.channel_error is None:
            self.channel_error = "the channel ended in the middle of a line"

    def _reap(self, process: subprocess.Popen, deadline: float):
        # The pipes can close before the process ends (it may close them itself): keep to the
        # deadline while waiting for its exit status too.
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                return status, usage
            if time.monotonic() >= deadline:
                self._kill(process, LIMIT_WALL)
                _, status, usage = os.wait4(process.pid, 0)
                return status, usage
            time.sleep(0.01)

    def _output(self, process: subprocess.Popen, stream: str, chunk: bytes) -> None:
        used = len(self.out["stdout"]) + len(self.out["stderr"])
        room = self.job.limits.output_bytes - used
        self.out[stream] += chunk[: max(room, 0)]
        if len(chunk) > room:
            self.truncated[stream] = True
            self._kill(process, LIMIT_OUTPUT)

    def _channel_data(self, process: subprocess.Popen, chunk: bytes) -> None:
        self.channel_size += len(chunk)
        if self.channel_size > CHANNEL_CAP:
            self.channel_error = "the channel carried more than its cap"
            self._kill(process, None)
            return
        self.channel += chunk
        *lines, rest = self.channel.split(b"\n")
        self.channel = bytearray(rest)
        for line in lines:
            self._channel_line(line)

    def _channel_line(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            self.channel_error = "the channel carried something that is not a JSON object"
            return
        self.messages.append(message)
        if self.on_message is not None:
            self.on_message(message)

    def _kill(self, process: subprocess.Popen, limit: str | None) -> None:
        if self.limit is None:
            self.limit = limit
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
