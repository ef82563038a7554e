"""The sandbox's contract: what goes in (a Job) and what comes out (a RunResult).

Plain data, no Django: the worker builds a Job, a backend runs it, the grader reads the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# The fd number, inside the sandbox, of the structured result channel. Student code printing to
# stdout cannot forge what arrives here: the host reads it from a separate pipe.
CHANNEL_FD = 3


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 10.0
    wall_seconds: float = 20.0
    memory_mb: int = 256
    # Threads and processes together (a pids cgroup counts both). Generous: threading exercises
    # legitimately start dozens of threads.
    max_tasks: int = 96
    output_bytes: int = 64 * 1024
    tmp_mb: int = 16
    open_files: int = 64
    file_size_mb: int = 8


@dataclass(frozen=True)
class Job:
    # Relative path -> text (UTF-8) or bytes. Made available read-only in the sandbox's working
    # directory.
    files: Mapping[str, str | bytes]
    # The command run inside the sandbox, with the working directory holding `files`.
    argv: Sequence[str]
    limits: Limits = field(default_factory=Limits)


# Which limit ended a run, when one did.
LIMIT_WALL = "wall"
LIMIT_CPU = "cpu"
LIMIT_MEMORY = "memory"
LIMIT_TASKS = "tasks"
LIMIT_OUTPUT = "output"


@dataclass
class RunResult:
    exit_code: int | None  # None when killed by a signal
    signal: int | None  # the signal number that ended the main process, if any
    limit: str | None  # one of the LIMIT_* names when a limit ended or constrained the run
    stdout: str
    stderr: str
    stdout_truncated: bool
    stderr_truncated: bool
    wall_seconds: float
    cpu_seconds: float
    # JSON objects written one per line to CHANNEL_FD, in order.
    messages: list[dict] = field(default_factory=list)
    # Set when the channel carried something that was not valid JSON lines (or too much).
    channel_error: str | None = None
