"""State shared by the harness modules: the managed threads, the current run, where code lives."""

from __future__ import annotations

import _thread
import linecache
import os
import sys
from time import monotonic as _real_monotonic

# The harness's own files: frames in them are never the student's, and never name an operation.
# Taken from this module's own code object, which is what every harness frame carries, whether
# the harness runs from source or from the grader's precompiled archive.
HARNESS_DIR = os.path.dirname(sys._getframe().f_code.co_filename)

# Absolute paths of the solution and test modules: the code that is traced, that report lines
# point into, and that locks are named after.
INSTRUMENTED: set[str] = set()

# (file, line) of every line inside a polling loop of the solution or the tests (spin.py).
SPIN_LINES: set[tuple[str, int]] = set()

# (file, line) of blocking takes that trust an earlier look at the queue's size (spin.py).
CHECKED_TAKES: set[tuple[str, int]] = set()

# Managed threads by thread ident, while they run. The main thread is managed only during a run.
STATES: dict[int, ThreadState] = {}

# How many locks each creation site has made in the current run, to tell them apart ("#2").
lock_numbers: dict[tuple[str, int], int] = {}


class Abandoned(BaseException):
    """Unwinds a managed thread whose run is over (deadlock, timeout, or the test ended).

    A BaseException so that the student's `except Exception:` does not swallow it.
    """


class ThreadState:
    """What the harness knows about one managed thread: a Thread started during a run, or the
    main thread while it runs a test."""

    def __init__(self, run: Run, thread, *, start_site, library: bool) -> None:
        self.run = run
        self.thread = thread
        self.name: str = thread.name
        self.daemon: bool = thread.daemon
        self.start_site: tuple[str, int] | None = start_site
        # Started by library code (a ThreadPoolExecutor's workers): the library manages its life.
        self.library = library
        self.ident: int | None = None
        self.finished = False
        self.abort = False
        # (lock, frame, line) for each mutex held, in the order taken.
        self.held: list[tuple] = []
        # (semaphore, frame, line) for each guarding semaphore acquired and not yet released
        # (see primitives), and the semaphore it is inside acquire() of, if any.
        self.semaphores: list[tuple] = []
        self.semaphore = None
        # What the thread is blocked on (a lock, a ThreadState for join, or SLEEPING) and until
        # when (None: forever). Plain runs use real time, controlled runs the virtual clock.
        self.waiting = None
        self.deadline: float | None = None
        # Controlled runs only: the thread runs only while it holds the baton, which the
        # scheduler hands from thread to thread.
        self.baton = _thread.allocate_lock()
        self.baton.acquire()
        self.runnable = True
        self.exited = _thread.allocate_lock()
        self.exited.acquire()


class Run:
    """One execution of one test: plain (real threads, watched) or controlled (scheduled)."""

    def __init__(self) -> None:
        self.scheduler = None  # a Scheduler for controlled runs
        self.threads: list[ThreadState] = []  # the main thread first, then in start order
        self.thread_errors: list[dict] = []
        self.abort_reason: str | None = None  # "deadlock" or "timeout"
        self.deadlock: dict | None = None
        self.timeout_report: list[dict | None] = []  # where the threads were when time ran out
        self.order = None  # a LockOrder, set by the runner
        # Plain runs: guards `waiting` and `progress`, which the watchdog reads to spot a deadlock.
        self.meta = _thread.allocate_lock()
        self.progress = 0
        # Watchdog bookkeeping.
        self.deadline = 0.0
        self.aborted_at: float | None = None
        self.quiet_polls = 0
        self.seen_progress = -1
        self.nudge_lock = _thread.allocate_lock()
        self.closing = False
        self.nudged = False
        # Plain runs: seconds skipped while every thread waited with a timeout.
        self.warp = 0.0
        self.warp_quiet = 0
        self.warp_seen = -1
        # The test function has returned: what is still blocked now is a leaked thread.
        self.test_returned = False
        # Names of the threads still running when the test raised.
        self.running_at_failure: list[str] = []
        # Locks used as signals (released by a thread that did not take them), for style notes.
        self.signal_locks: list[dict] = []

    def now(self) -> float:
        """A plain run's clock: real time plus the waits skipped because every thread was
        waiting anyway (see the runner's Watchdog._warp)."""
        return _real_monotonic() + self.warp

    def set_waiting(self, st: ThreadState, target, deadline: float | None) -> None:
        with self.meta:
            st.waiting = target
            st.deadline = deadline
            self.progress += 1


def _blocked_for_good(st: ThreadState) -> bool:
    """Blocked with no timeout on something only another thread can end. Plain runs read the
    real lock's state; in controlled runs a waiting thread is never runnable while it is."""
    target = st.waiting
    if target is None or st.deadline is not None or target is SLEEPING:
        return False
    if isinstance(target, ThreadState):
        return not target.finished
    return target._real.locked()


def _waits_only_on(st: ThreadState, stuck: list[ThreadState]) -> bool:
    """A timed wait that only a thread of `stuck` could end early: a join on one, a lock one of
    them holds, or a condition/event wait (nobody else is left running to signal it)."""
    target = st.waiting
    if target is None or target is SLEEPING:
        return False
    if isinstance(target, ThreadState):
        return target in stuck
    if target._internal:
        return True
    return target._owner in stuck


def stuck_threads(alive: list[ThreadState]) -> list[ThreadState]:
    """The threads blocked for good, if every other alive thread only waits (with a timeout) on
    them; else []. Whoever has a deadline then wakes only to find them still stuck."""
    stuck = [st for st in alive if _blocked_for_good(st)]
    if not stuck:
        return []
    if all(st in stuck or _waits_only_on(st, stuck) for st in alive):
        return stuck
    return []


class _Sleeping:
    def __repr__(self) -> str:
        return "SLEEPING"


SLEEPING = _Sleeping()


def short(filename: str) -> str:
    return os.path.basename(filename)


def source_line(filename: str, line: int) -> str:
    return linecache.getline(filename, line).strip()


def user_site(frame) -> tuple[str, int] | None:
    """The innermost (file, line) of solution or test code on this stack."""
    while frame is not None:
        code = frame.f_code
        if code.co_filename in INSTRUMENTED:
            return code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def where(frame) -> dict | None:
    """Where a stack is in the student's code, and which library call it is inside, if any."""
    op = None
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        if filename in INSTRUMENTED:
            return {
                "file": short(filename),
                "line": frame.f_lineno,
                "code": source_line(filename, frame.f_lineno),
                "function": code.co_name,
                "op": op,
            }
        if not filename.startswith(HARNESS_DIR):
            op = code.co_qualname
        frame = frame.f_back
    return None


def site_text(site: tuple[str, int] | None) -> str:
    return f"{short(site[0])}:{site[1]}" if site else "an unknown place"


def current_frame_of(st: ThreadState):
    return sys._current_frames().get(st.ident) if st.ident is not None else None
