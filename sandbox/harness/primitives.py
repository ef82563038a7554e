"""Stand-ins for threading's locks, Thread's life cycle and the time functions.

Everything that blocks in `threading` and `queue` (Condition, Event, Semaphore, Barrier, Queue,
Timer, Thread.start, ThreadPoolExecutor) is built in pure Python on `Lock`, `RLock`,
`_allocate_lock`, `Thread.join` and `time.sleep`. Replacing just those lets the harness see every
blocking operation: in a plain run it watches them (who waits for what, who holds which lock), in
a controlled run it hands them to the scheduler, which decides who runs next on a virtual clock.

Threads the harness does not manage (its own watchdog, threads of a finished run) get the real
behaviour.
"""

from __future__ import annotations

import _thread
import itertools
import queue
import sys
import threading
import time

from . import names, runtime
from .reports import thread_error
from .runtime import INSTRUMENTED, SLEEPING, STATES, Abandoned, ThreadState

_real_lock = _thread.allocate_lock
_get_ident = _thread.get_ident
real_monotonic = time.monotonic
real_time = time.time
real_perf_counter = time.perf_counter
real_sleep = time.sleep

_orig_start = threading.Thread.start
_orig_join = threading.Thread.join
_orig_is_alive = threading.Thread.is_alive
_orig_bootstrap_inner = threading.Thread._bootstrap_inner

# Plain runs block in slices this long, to notice when the harness abandons the thread.
POLL = 0.02

_serials = itertools.count(1)


def _managed() -> ThreadState | None:
    st = STATES.get(_get_ident())
    if st is None or st.run is None:
        return None
    return st


def _check_acquire_args(blocking: bool, timeout: float) -> None:
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be positive")


class _Mutex:
    """What Lock and RLock share: a real lock, plus blocking the harness can see and steer."""

    __slots__ = ("_real", "_serial", "_name", "_internal", "_owner", "_signal")

    def _setup(self, internal: bool) -> None:
        self._real = _real_lock()
        self._serial = next(_serials)
        # Internal locks are Condition.wait's private "waiter" locks: taken by one thread and
        # released by another, they are signals rather than mutexes, so nobody "holds" them.
        self._internal = internal
        self._name = None if internal else names.capture()
        self._owner: ThreadState | None = None
        # Used as a signal rather than a mutex: taken in a constructor, or released by a thread
        # that did not take it. Such a lock is nobody's "held" lock: no lock order, no holder.
        self._signal = False

    def _acquire_as(self, blocking: bool, timeout: float, frame) -> bool:
        st = _managed()
        if st is None:
            return self._real.acquire(blocking, timeout)
        scheduler = st.run.scheduler
        if scheduler is not None:
            got = scheduler.acquire(st, self, blocking, timeout)
        else:
            got = _acquire_watched(st, self, blocking, timeout)
        if got and not self._internal:
            self._owner = st
            if frame.f_code.co_name == "__init__" and frame.f_code.co_filename in INSTRUMENTED:
                self._signal = True
            # Only waits without a timeout can deadlock, so only they count for lock order.
            if st.held and blocking and timeout < 0 and not self._signal:
                st.run.order.note(st, st.held, self, frame)
            st.held.append((self, frame, frame.f_lineno))
        return got

    def _release_base(self) -> None:
        owner = self._owner
        if owner is not None:
            me = _managed()
            if me is not None and me is not owner:
                _released_by_another(self, owner, me)
            self._owner = None
            held = owner.held
            for i in range(len(held) - 1, -1, -1):
                if held[i][0] is self:
                    del held[i]
                    break
        self._real.release()
        st = _managed()
        if st is not None and st.run.scheduler is not None:
            st.run.scheduler.released(st, self)

    def locked(self) -> bool:
        return self._real.locked()

    def _at_fork_reinit(self) -> None:
        # Registered by concurrent.futures with os.register_at_fork, like the real locks.
        self._real = _real_lock()
        self._owner = None


def _released_by_another(lock: _Mutex, owner: ThreadState, by: ThreadState) -> None:
    lock._signal = True
    run = by.run
    label = names.label(lock)
    if any(entry["lock"] == label for entry in run.signal_locks):
        return
    taken = next(((f, ln) for held, f, ln in owner.held if held is lock), (None, None))
    run.signal_locks.append(
        {
            "lock": label,
            "taken_by": owner.name,
            "taken_at": runtime.site_text(runtime.user_site(taken[0])) if taken[0] else None,
            "released_by": by.name,
            "released_at": runtime.site_text(runtime.user_site(sys._getframe(2))),
        }
    )


class Lock(_Mutex):
    """threading.Lock under the harness."""

    __slots__ = ()

    def __init__(self) -> None:
        self._setup(False)

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        _check_acquire_args(blocking, timeout)
        return self._acquire_as(blocking, timeout, sys._getframe(1))

    def __enter__(self) -> bool:
        return self._acquire_as(True, -1, sys._getframe(1))

    def release(self) -> None:
        self._release_base()

    def __exit__(self, *exc_info) -> None:
        self._release_base()

    def __repr__(self) -> str:
        state = "locked" if self._real.locked() else "unlocked"
        return f"<{state} _thread.lock object at {id(self):#x}>"


def _internal_lock() -> Lock:
    lock = Lock.__new__(Lock)
    lock._setup(True)
    return lock


class RLock(_Mutex):
    """threading.RLock under the harness, with the hooks Condition uses to wait on it."""

    __slots__ = ("_holder", "_count")

    def __init__(self) -> None:
        self._setup(False)
        self._holder: int | None = None
        self._count = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        me = _get_ident()
        if self._holder == me:
            self._count += 1
            return True
        _check_acquire_args(blocking, timeout)
        if not self._acquire_as(blocking, timeout, sys._getframe(1)):
            return False
        self._holder = me
        self._count = 1
        return True

    __enter__ = acquire

    def release(self) -> None:
        if self._holder != _get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            self._holder = None
            self._release_base()

    def __exit__(self, *exc_info) -> None:
        self.release()

    def _is_owned(self) -> bool:
        return self._holder == _get_ident()

    def _at_fork_reinit(self) -> None:
        super()._at_fork_reinit()
        self._holder = None
        self._count = 0

    def _release_save(self) -> tuple[int, int | None]:
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._holder)
        self._count = 0
        self._holder = None
        self._release_base()
        return state

    def _acquire_restore(self, state: tuple[int, int | None]) -> None:
        self._acquire_as(True, -1, sys._getframe(1))
        self._count, self._holder = state

    def __repr__(self) -> str:
        state = "locked" if self._real.locked() else "unlocked"
        return f"<{state} RLock object owner={self._holder} count={self._count} at {id(self):#x}>"


# --- Plain runs: real blocking, in slices, with the wait recorded for the watchdog -------------


def _acquire_watched(st: ThreadState, lock: _Mutex, blocking: bool, timeout: float) -> bool:
    real = lock._real
    if real.acquire(False):
        return True
    if not blocking:
        return False
    run = st.run
    deadline = None if timeout < 0 else run.now() + timeout
    run.set_waiting(st, lock, deadline)
    try:
        while True:
            if st.abort:
                raise Abandoned
            wait = POLL
            if deadline is not None:
                wait = min(wait, deadline - run.now())
                if wait <= 0:
                    return real.acquire(False)
            if real.acquire(True, wait):
                return True
    finally:
        run.set_waiting(st, None, None)


def _sleep_watched(st: ThreadState, seconds: float) -> None:
    run = st.run
    deadline = run.now() + seconds
    run.set_waiting(st, SLEEPING, deadline)
    try:
        while True:
            if st.abort:
                raise Abandoned
            left = deadline - run.now()
            if left <= 0:
                return
            real_sleep(min(left, POLL))
    finally:
        st.run.set_waiting(st, None, None)


def _join_watched(st: ThreadState, thread, target: ThreadState, timeout: float | None) -> None:
    run = st.run
    deadline = None if timeout is None else run.now() + max(timeout, 0)
    run.set_waiting(st, target, deadline)
    try:
        while _orig_is_alive(thread):
            if st.abort:
                raise Abandoned
            wait = POLL
            if deadline is not None:
                wait = min(wait, deadline - run.now())
                if wait <= 0:
                    return
            _orig_join(thread, wait)
    finally:
        st.run.set_waiting(st, None, None)


# --- Time -------------------------------------------------------------------------------------


def _clock(which: int, real) -> float:
    """A clock as the calling thread sees it: real for threads the harness does not manage,
    virtual in a controlled run, real plus the time skipped (Run.warp) in a plain run."""
    st = STATES.get(_get_ident())
    if st is None or st.run is None:
        return real()
    if st.run.scheduler is not None:
        return st.run.scheduler.clock(which)
    return real() + st.run.warp


def monotonic() -> float:
    return _clock(0, real_monotonic)


def time_() -> float:
    return _clock(1, real_time)


def perf_counter() -> float:
    return _clock(2, real_perf_counter)


def monotonic_ns() -> int:
    return int(monotonic() * 1e9)


def time_ns() -> int:
    return int(time_() * 1e9)


def perf_counter_ns() -> int:
    return int(perf_counter() * 1e9)


def sleep(seconds: float) -> None:
    st = _managed()
    if st is None:
        return real_sleep(seconds)
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if st.run.scheduler is not None:
        st.run.scheduler.sleep(st, seconds)
    else:
        _sleep_watched(st, seconds)


# --- Thread life cycle ------------------------------------------------------------------------


def _start(self) -> None:
    if not self._initialized or self._started.is_set():
        return _orig_start(self)  # raises its usual error
    caller = _managed()
    frame = sys._getframe(1)
    run = caller.run if caller is not None else None
    st = ThreadState(
        run,
        self,
        start_site=runtime.user_site(frame),
        library=frame.f_code.co_filename not in INSTRUMENTED,
    )
    self._spindle_state = st
    if run is not None:
        with run.meta:
            run.threads.append(st)
    try:
        _orig_start(self)
    except BaseException:
        st.finished = True
        st.runnable = False
        raise
    if run is not None and run.scheduler is not None:
        run.scheduler.sync(caller, st)  # the new thread may run first


def _bootstrap_inner(self) -> None:
    st = getattr(self, "_spindle_state", None)
    if st is None or st.run is None:
        return _orig_bootstrap_inner(self)
    st.ident = _get_ident()
    STATES[st.ident] = st
    scheduler = st.run.scheduler
    try:
        if scheduler is not None:
            scheduler.first_park(st)
            sys.settrace(scheduler.tracer)
        _orig_bootstrap_inner(self)
    except Abandoned:
        # Torn down before it really started: leave threading's books as if it never had.
        if not self._started.is_set():
            with threading._active_limbo_lock:
                threading._limbo.pop(self, None)
    finally:
        sys.settrace(None)
        del STATES[st.ident]
        if scheduler is not None:
            scheduler.finished(st)
        else:
            with st.run.meta:
                st.finished = True
                st.run.progress += 1
            st.exited.release()


def _join(self, timeout: float | None = None) -> None:
    target = getattr(self, "_spindle_state", None)
    st = _managed()
    if st is None or target is None or target.run is not st.run:
        return _orig_join(self, timeout)
    if not self._started.is_set():
        raise RuntimeError("cannot join thread before it is started")
    if self is threading.current_thread():
        raise RuntimeError("cannot join current thread")
    scheduler = st.run.scheduler
    if scheduler is None:
        _join_watched(st, self, target, timeout)
        return
    scheduler.join(st, target, timeout)
    if target.finished:
        # Past the harness's code the thread only has the interpreter's clean-up left: wait for
        # it, so that is_alive() is False right after join() returns, as it is without us.
        _orig_join(self)


def _is_alive(self) -> bool:
    target = getattr(self, "_spindle_state", None)
    if target is not None and target.finished and target.run and target.run.scheduler:
        _orig_join(self)  # decide from the schedule, not from how far the OS got
    return _orig_is_alive(self)


def _excepthook(args) -> None:
    st = getattr(args.thread, "_spindle_state", None)
    if st is None or st.run is None:
        return threading.__excepthook__(args)
    if st.abort or issubclass(args.exc_type, (Abandoned, SystemExit)):
        return None
    st.run.thread_errors.append(thread_error(st, args.exc_type, args.exc_value, args.exc_traceback))
    return None


# Library calls that signal or wait, shown on the timeline of a replayed schedule by name.
_OBSERVED = (
    (threading.Condition, "wait", "wait"),
    (threading.Condition, "notify", "notify"),
    (threading.Condition, "notify_all", "notify"),
    (threading.Event, "set", "set"),
    (threading.Event, "clear", "clear"),
    (threading.Event, "wait", "wait"),
    (threading.Semaphore, "acquire", "wait"),
    (threading.Semaphore, "release", "notify"),
    (threading.Barrier, "wait", "wait"),
    (queue.Queue, "put", "notify"),
    (queue.Queue, "get", "wait"),
)


def _observed(cls, method: str, kind: str, original):
    label = f"{cls.__name__}.{method}()"

    def call(self, *args, **kwargs):
        st = STATES.get(_get_ident())
        watch = None
        if st is not None and st.run is not None and st.run.scheduler is not None:
            watch = st.run.scheduler.watch
        frame = sys._getframe(1)
        if watch is None or frame.f_code.co_filename not in INSTRUMENTED:
            return original(self, *args, **kwargs)  # not watched, or a library's inner call
        watch.note(st, kind, frame, None, f"calls {label}")
        result = original(self, *args, **kwargs)
        if kind == "wait" and st.run.scheduler is not None:
            watch.note(st, "woke", frame, None, f"returns from {label}")
        return result

    call.__name__ = method
    call.__qualname__ = f"{cls.__name__}.{method}"
    return call


# --- Semaphores that guard something ---------------------------------------------------------
# A semaphore has no owner. One that starts at 1 or more guards something (a fork, a seat, a
# critical section): whoever acquired it and has not released it yet counts as holding it, so
# threads that each hold one and wait for another's form a cycle, a deadlock to name as such.
# Semaphore(0) is a signal that nobody holds (a wait on it that never ends is a lost wakeup).

_semaphore_init = threading.Semaphore.__init__
_semaphore_acquire = threading.Semaphore.acquire
_semaphore_release = threading.Semaphore.release


def _user_frame(frame):
    while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
        frame = frame.f_back
    return frame


def _guarding_init(self, value=1):
    _semaphore_init(self, value)
    self._spindle_holders = [] if value >= 1 else None


def _guarding_acquire(self, blocking=True, timeout=None):
    st = STATES.get(_get_ident())
    holders = getattr(self, "_spindle_holders", None)
    if st is None or holders is None:
        return _semaphore_acquire(self, blocking, timeout)
    st.semaphore = self
    try:
        got = _semaphore_acquire(self, blocking, timeout)
    finally:
        st.semaphore = None
    if got:
        frame = _user_frame(sys._getframe(1))
        holders.append(st)
        st.semaphores.append((self, frame, frame.f_lineno if frame is not None else None))
    return got


def _guarding_release(self, n=1):
    holders = getattr(self, "_spindle_holders", None)
    if holders:
        st = STATES.get(_get_ident())
        for _ in range(min(n, len(holders))):
            # Its own, if it holds it; else released for another: the longest holder's.
            who = st if st in holders else holders[0]
            holders.remove(who)
            for i, entry in enumerate(who.semaphores):
                if entry[0] is self:
                    del who.semaphores[i]
                    break
    return _semaphore_release(self, n)


# The library's own methods, before _observed wrapped any (semaphores: with their holders).
_ORIGINALS = {(cls, method): getattr(cls, method) for cls, method, _ in _OBSERVED}
_ORIGINALS[threading.Semaphore, "acquire"] = _guarding_acquire
_ORIGINALS[threading.Semaphore, "release"] = _guarding_release


def observe(on: bool) -> None:
    """Wrap the signalling and waiting calls for a watched replay (so its timeline can name
    them), and unwrap them for every other run: they sit on every Thread.start's path."""
    for cls, method, kind in _OBSERVED:
        original = _ORIGINALS[cls, method]
        setattr(cls, method, _observed(cls, method, kind, original) if on else original)


# --- Thread pools: their workers in a set would be joined in an order of memory addresses -----

_POOLS = "concurrent.futures.thread"


class _ThreadsInOrder(dict):
    """A set of threads that iterates in the order they were added (ThreadPoolExecutor keeps
    its workers in a `set`, joined at shutdown in hash order, which differs from process to
    process: a replay would join them in another order)."""

    def add(self, thread) -> None:
        self[thread] = None

    def discard(self, thread) -> None:
        self.pop(thread, None)


def _order_pool_threads(module) -> None:
    pool = module.ThreadPoolExecutor
    if getattr(pool.__init__, "_spindle", False):
        return
    original = pool.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._threads = _ThreadsInOrder()

    __init__._spindle = True
    pool.__init__ = __init__


class _PoolFinder:
    """Orders a thread pool's workers as soon as `concurrent.futures.thread` is imported, which
    only programs that use a pool do (importing it for every grading would cost ~20 ms)."""

    @staticmethod
    def find_spec(name, path, target=None):
        if name != _POOLS:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            _order_pool_threads(module)

        spec.loader.exec_module = exec_module
        return spec


def install() -> None:
    """Swap the stand-ins into threading, queue and time, before any student code is imported."""
    if _POOLS in sys.modules:
        _order_pool_threads(sys.modules[_POOLS])
    elif not any(isinstance(finder, _PoolFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PoolFinder())
    threading.Lock = Lock
    threading.RLock = RLock
    threading._allocate_lock = _internal_lock
    # Condition.wait_for, Semaphore.acquire and Queue read the clock through these names.
    threading._time = monotonic
    queue.time = monotonic
    # The C SimpleQueue (used by ThreadPoolExecutor) blocks where the harness cannot see.
    queue.SimpleQueue = queue._PySimpleQueue
    thread_class = threading.Thread
    thread_class.start = _start
    thread_class.join = _join
    thread_class.is_alive = _is_alive
    thread_class._bootstrap_inner = _bootstrap_inner
    threading.excepthook = _excepthook
    threading.Semaphore.__init__ = _guarding_init
    # `with semaphore:` calls the class's __enter__, bound to the original acquire.
    threading.Semaphore.__enter__ = _guarding_acquire
    time.monotonic = monotonic
    time.monotonic_ns = monotonic_ns
    time.time = time_
    time.time_ns = time_ns
    time.perf_counter = perf_counter
    time.perf_counter_ns = perf_counter_ns
    time.sleep = sleep
    observe(False)
