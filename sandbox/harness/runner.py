"""Runs the exercise's tests against the solution: each test once plainly, then, if it passed,
under N forced thread schedules (see scheduler.py). Reports on the private channel.

Config (JSON file named on the command line):
    solution        {"module": "solution", "file": "solution.py"}
    tests           [{"module": "test_solution", "file": "test_solution.py"}]
    schedules       how many forced schedules per test that passed plainly
    seed            base seed: schedule k of every test uses the k-th seed drawn from it
    replay_seed     if set, run every test under exactly this one schedule (no plain run)
    test_timeout    real seconds one run of one test may take
    total_budget    real seconds for everything; tests not started by then are reported not run,
                    so a result always arrives before the sandbox's own limits end the process
    schedule_budget real seconds all schedules together may take; later ones are skipped
    leak_grace      seconds to wait for a test's non-daemon threads after it returns
    channel_fd      where the result channel arrives

Every run (plain or scheduled) executes fresh copies of the solution and test modules, so no
state carries over from one run to the next and a replayed seed starts from the same place.
"""

from __future__ import annotations

import _thread
import ast
import contextlib
import gc
import importlib.util
import io
import itertools
import json
import os
import random
import sys
import threading
import time
import traceback

from . import asserts, primitives, pytest_compat, reports, runtime, spin, timeline
from .channel import Channel
from .lockorder import LockOrder
from .primitives import real_monotonic, real_perf_counter, real_sleep, real_time
from .races import RaceWatch, interleaving
from .runtime import (
    CHECKED_TAKES,
    INSTRUMENTED,
    SLEEPING,
    SPIN_LINES,
    STATES,
    Abandoned,
    Run,
    ThreadState,
    stuck_threads,
    where,
)
from .scheduler import SERIAL_SEED, STUCK_HORIZON, Scheduler

TICK = 0.01  # how often the watchdog looks
QUIET_POLLS = 4  # a plain run with every thread blocked for this many looks is deadlocked
WARP_QUIET = 1  # a plain run with every thread waiting this many looks skips to a timeout
WARP_MIN = 0.02  # ... if it is further off than this (a skip costs a look or two)
NUDGE_AFTER = 0.3  # after an abort, interrupt threads still running Python code
GIVE_UP_AFTER = 2.0  # after an abort, report what we have and end the process
END_WAIT = 0.5  # at the end of a plain run, how long leftover threads get to unwind
PLAIN_SWITCH_INTERVAL = 0.0005
DEFAULT_SWITCH_INTERVAL = sys.getswitchinterval()
# Plain outcomes that are looked for again under the serial and forced schedules, so that what
# the student is told replays. A plain timeout is not: running it again costs the test's whole
# time limit per schedule.
REPRODUCED = ("failed", "error", "deadlock")


class _Discard(io.TextIOBase):
    """Stdout during forced schedules: the plain run already showed the student's prints, and
    twenty more copies would only hide them (and hit the output limit)."""

    def write(self, text: str) -> int:
        return len(text)


class _Module:
    def __init__(self, name: str, path: str, code, rewritten: bool) -> None:
        self.name = name
        self.path = path
        self.code = code
        self.rewritten = rewritten


class _ImportFailed(Exception):
    def __init__(self, module: _Module, error: BaseException) -> None:
        super().__init__(module.name)
        self.module = module
        self.error = error


def _async_raise(ident: int) -> None:
    """Raise Abandoned in another thread at its next bytecode: the only way to stop a thread
    spinning in pure Python that never reaches one of the harness's blocking points.

    Careful, CPython 3.11: while an async exception is pending on a thread that does not take
    it (blocked in C), every *traced* thread spins forever. So only threads seen executing
    CPU are interrupted (see _running_python), never with a NULL "cancel", and never during a
    controlled run."""
    import ctypes  # here, not at the top: costly, and needed only when a test hangs

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(Abandoned))


def _running_python(ident: int) -> bool:
    """Whether a thread is busy (its CPU clock moves) rather than blocked in C. A busy thread
    reaches a bytecode boundary, and so takes an async exception, soon."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        before = time.clock_gettime(clock)
        real_sleep(0.02)
        return time.clock_gettime(clock) - before > 0.005
    except OSError:  # the thread has ended
        return False


def _deliver_pending() -> None:
    """Does nothing; but entering a Python function is where a pending async exception lands."""


class Watchdog:
    """A raw thread (invisible to threading.enumerate) that watches the current run: per-run
    timeout, deadlock in plain runs, and the last resort when threads will not stop."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.run: Run | None = None
        _thread.start_new_thread(self._loop, ())

    def _loop(self) -> None:
        tick = _thread.allocate_lock()
        tick.acquire()
        while True:
            tick.acquire(True, TICK)
            run = self.run
            if run is None or run.closing:
                continue
            try:
                self._check(run)
            except Exception:
                self.harness.fail(traceback.format_exc())

    def _check(self, run: Run) -> None:
        now = real_monotonic()
        if run.aborted_at is not None:
            waited = now - run.aborted_at
            if waited > NUDGE_AFTER and not run.nudged:
                self._nudge(run)
            if waited > GIVE_UP_AFTER:
                self.harness.emergency(run)
            return
        if now > run.deadline:
            run.timeout_report = [where(runtime.current_frame_of(st)) for st in _alive(run)]
            self._abort(run, "timeout")
        elif run.scheduler is None and not run.test_returned and self._deadlocked(run):
            run.deadlock = reports.deadlock_report(run, sys._current_frames())
            self._abort(run, "deadlock")
        elif run.scheduler is None:
            self._warp(run)

    def _warp(self, run: Run) -> None:
        """Every thread of a plain run waits, at least one with a timeout, and nothing moved
        for WARP_QUIET looks: nothing can happen before the earliest timeout ends, so skip to
        it (the run's clock jumps with it). A test's `event.wait(timeout=2)` that will time out
        then costs milliseconds, not two seconds. Not while some threads are stuck for good:
        that is a deadlock to report, not a wait to skip."""
        with run.meta:
            alive = _alive(run)
            deadlines = [st.deadline for st in alive if st.deadline is not None]
            # A thread whose wait is over (its lock is free, the thread it joins has ended)
            # but that the OS has not run yet is not waiting: on a loaded machine that takes
            # many looks, and a skip then would end a `join(3)` before the work could finish.
            waiting = all(st.waiting is not None and not _wait_is_over(st) for st in alive)
            stuck = not run.test_returned and stuck_threads(alive)
            key = run.progress
        if not (waiting and deadlines) or stuck or key != run.warp_seen:
            run.warp_seen = key
            run.warp_quiet = 0
            return
        run.warp_quiet += 1
        earliest = min(deadlines)
        gap = earliest - run.now()
        # Never past the test's own time limit: a `sleep(10**9)` must still run out of time.
        if run.warp_quiet >= WARP_QUIET and gap > WARP_MIN and earliest <= run.deadline:
            run.warp += gap
            run.warp_quiet = 0

    def _deadlocked(self, run: Run) -> bool:
        """Threads of a plain run blocked for good on the harness's primitives, the others only
        waiting on them with a timeout (see runtime.stuck_threads), unchanged for QUIET_POLLS
        looks. Threads in anything else count as running."""
        with run.meta:
            alive = _alive(run)
            stuck = stuck_threads(alive)
            timeouts = [st.deadline for st in alive if st not in stuck and st.deadline]
            if not stuck:
                key = None
            elif len(stuck) == len(alive):
                key = ("all", run.progress)
            elif not timeouts or min(timeouts) - run.now() < STUCK_HORIZON:
                # `t.join(0.05)` then `queue.get()`: a short timed wait may end and unblock
                # them; only a long one (the author's hang guard) means stuck. (No timeout at
                # all: a thread between two states, look again.)
                key = None
            else:  # timed waiters may poll (`while t.is_alive(): t.join(1)`): only `stuck` counts
                key = tuple((id(st), id(st.waiting)) for st in stuck)
        if key is None or key != run.seen_progress:
            run.seen_progress = key
            run.quiet_polls = 0
            return False
        run.quiet_polls += 1
        return run.quiet_polls >= QUIET_POLLS

    def _abort(self, run: Run, reason: str) -> None:
        run.aborted_at = real_monotonic()
        run.abort_reason = reason
        if run.scheduler is not None:
            run.scheduler.request_abort()
        else:
            for st in run.threads:
                st.abort = True

    def _nudge(self, run: Run) -> None:
        """Interrupt the run's threads that spin in Python code instead of stopping. Controlled
        runs are left alone: their threads stop at the next switch point or not at all."""
        run.nudged = True
        if run.scheduler is not None:
            return
        main = run.threads[0]
        for st in _alive(run):
            if st.waiting is not None or st.ident is None or not _running_python(st.ident):
                continue
            if st is main:
                with run.nudge_lock:
                    if not run.closing:
                        _async_raise(st.ident)
            else:
                _async_raise(st.ident)
                self.harness.interrupted.append(st)


def _wait_is_over(st: ThreadState) -> bool:
    target = st.waiting
    if target is SLEEPING:
        return st.deadline is not None and st.deadline <= st.run.now()
    if isinstance(target, ThreadState):
        return target.finished
    return not target._real.locked()


def _alive(run: Run) -> list[ThreadState]:
    return [st for st in run.threads if not st.finished]


class Harness:
    def __init__(self, config: dict, channel: Channel) -> None:
        self.channel = channel
        self.schedules = int(config["schedules"])
        self.seed = int(config["seed"])
        self.replay_seed = config.get("replay_seed")
        self.test_timeout = float(config["test_timeout"])
        self.ends = real_monotonic() + float(config["total_budget"])
        self.schedule_budget = float(config["schedule_budget"])
        self.leak_grace = float(config["leak_grace"])
        self.solution = self._load_source(config["solution"], rewrite=False)
        self.test_modules = [self._load_source(t, rewrite=True) for t in config["tests"]]
        self.tests = [(m, name) for m in self.test_modules for name in _test_names(m.path)]
        self.results: list[dict] = []
        self.current: dict | None = None
        self.inversions: dict[str, dict] = {}
        self.leaks: dict[str, dict] = {}
        self.notes: list[str] = []
        self.lingering: list[ThreadState] = []
        # Threads sent an async exception: while one is alive, it may not have taken it, and
        # traced (scheduled) runs would stall, so no more schedules run (see _async_raise).
        self.interrupted: list[ThreadState] = []
        self.started = real_monotonic()
        self.watchdog = Watchdog(self)
        self.out_of_time = False

    @staticmethod
    def _load_source(entry: dict, *, rewrite: bool) -> _Module:
        path = os.path.abspath(entry["file"])
        INSTRUMENTED.add(path)
        with open(path, encoding="utf-8") as f:
            source = f.read()
        SPIN_LINES.update(spin.spin_lines(path, source))
        CHECKED_TAKES.update(spin.checked_take_lines(path, source))
        code = (
            asserts.compile_tests(source, path)
            if rewrite
            else compile(source, path, "exec", dont_inherit=True)
        )
        return _Module(entry["module"], path, code, rewrite)

    # --- the whole session ---------------------------------------------------------------------

    def run(self) -> None:
        primitives.install()
        pytest_compat.install()  # `import pytest` in the tests gets the harness's stand-in
        self.channel.send({"event": "tests", "tests": [name for _, name in self.tests]})
        if self.replay_seed is not None:
            seeds = [int(self.replay_seed)]
        else:
            # Alternate the strategies: the seed's parity picks one (see scheduler.py), PCT first.
            rng = random.Random(self.seed)
            seeds = [rng.randrange(1, 500_000) * 2 + (k + 1) % 2 for k in range(self.schedules)]
        budget_ends = real_monotonic() + self.schedule_budget
        for index, (module, name) in enumerate(self.tests):
            record = {"name": name, "outcome": "not_run", "message": "", "schedules": None}
            self.current = record
            self.results.append(record)
            if self.out_of_time or real_monotonic() >= self.ends:
                record["message"] = "not run: the time for all tests ran out"
                continue
            try:
                if self.replay_seed is not None:
                    self._schedules(record, module, seeds, budget_ends=None)
                    continue
                self.channel.send(
                    {
                        "event": "progress",
                        "phase": "plain",
                        "test": name,
                        "index": index + 1,
                        "tests": len(self.tests),
                    }
                )
                record.update(self.execute(module, name, seed=None), phase="plain")
                if record["outcome"] == "deadlock":
                    record["timeline"] = timeline.from_deadlock(record["deadlock"])
                if not record.pop("threads_started"):
                    # Only the test's own thread ran: there is no order of threads to force.
                    record["schedules"] = {"total": 0, "run": 0, "failed": 0}
                elif record["outcome"] == "passed" and seeds:
                    self._schedules(record, module, seeds, budget_ends=budget_ends)
                elif record["outcome"] in REPRODUCED and seeds:
                    self._schedules(
                        record, module, [SERIAL_SEED, *seeds], budget_ends=budget_ends, probe=True
                    )
                else:
                    record["reproduced"] = False  # a plain timeout: not run again (see above)
            except _ImportFailed as failed:
                self.results.pop()
                self.send_result(import_error=_import_error(failed))
                return
        self.current = None
        self.send_result()

    def _schedules(
        self, record: dict, module: _Module, seeds: list[int], budget_ends, *, probe=False
    ) -> None:
        """Run the test under forced schedules until one fails; replay that one, watched. The
        failing schedule then stands for the test: what the student is told is what that
        schedule did, so replaying its seed tells the same.

        probe: the test failed plainly, and the plain run cannot be replayed. The serial
        schedule comes first (SERIAL_SEED): failing there, with each thread running alone, one
        after the other, it is a plain wrong answer (or a deadlock even without interleaving).
        Passing there, the failure depends on the order of the threads: the forced schedules
        look for an order that shows it again. If none does, the plain failure stands, marked
        as seen once and not reproduced."""
        name = record["name"]
        if any(not st.finished for st in [*self.lingering, *self.interrupted]):
            record["schedules"] = {"total": len(seeds), "run": 0, "failed": 0}
            if probe:  # its plain failure stands as it is, and cannot be replayed
                record["reproduced"] = False
            self.notes.append(
                f"Forced schedules were skipped for {name}: threads of an earlier test could"
                " not be stopped."
            )
            return
        failures = []
        counts = {"total": len(seeds), "run": 0, "failed": 0}
        record["schedules"] = counts
        for k, seed in enumerate(seeds, 1):
            if self.out_of_time:
                break
            if budget_ends is not None and real_monotonic() > budget_ends:
                note = (
                    "The time set aside for forced schedules ran out: from"
                    f" {name} on, tests ran fewer schedules (or only plainly)."
                )
                if not any(n.startswith(note[:40]) for n in self.notes):
                    self.notes.append(note)
                break
            self.channel.send(
                {
                    "event": "progress",
                    "phase": "schedules",
                    "test": name,
                    "schedule": k,
                    "schedules": len(seeds),
                }
            )
            outcome = self.execute(module, name, seed=seed)
            counts["run"] = k
            if outcome["outcome"] != "passed":
                outcome["seed"] = seed
                failures.append(outcome)
                counts["failed"] = len(failures)
                break  # one failing schedule proves the bug; the replay explains it
        if not failures:
            if self.replay_seed is not None:
                record.update(outcome="passed", phase="schedules")
            elif probe:  # failed plainly only: order-dependent, and no seed replays it
                record.update(
                    reproduced=False,
                    outcome="race" if record["outcome"] in ("failed", "error") else "deadlock",
                    failing_outcome=record["outcome"],
                )
            return
        first = failures[0]
        serial = first["seed"] == SERIAL_SEED
        if first["outcome"] in ("deadlock", "timeout") or serial:
            verdict = first["outcome"]
        else:
            verdict = "race"
        first.pop("threads_started", None)
        # What the plain run saw stays only where the schedule cannot see it (locks used as
        # signals, for style notes): the record is the schedule's, as a replay will make it.
        kept = {key: record[key] for key in ("name", "schedules", "signal_locks") if key in record}
        record.clear()
        record.update(kept)
        record.update(
            first,
            outcome=verdict,
            phase="serial" if serial else "schedules",
            failing_outcome=first["outcome"],
        )
        counts["first_failing_seed"] = first["seed"]
        counts["deadlocked"] = int(first["outcome"] == "deadlock")
        if (verdict in ("race", "deadlock") or serial) and not self.out_of_time:
            # Replays are exact: run the failing schedule once more, watched, to say which
            # write was lost where and to draw what each thread did.
            watch = RaceWatch()
            replayed = self.execute(module, name, seed=first["seed"], watch=watch)
            found = watch.found
            record["timeline"] = timeline.from_watch(watch.events, found, replayed)
            if watch.escaped:  # exceptions out of the solution, though the tests caught them
                record["escaped_errors"] = watch.escaped
            record["interleaving"] = interleaving(watch)
            # Where threads came back from a wait: a wait under `if` that returned is suspect.
            record["woke_lines"] = sorted(
                {
                    e["line"]
                    for e in watch.events
                    if e["kind"] == "woke" and e["file"] == "solution.py"
                }
            )
            if found is not None:
                found.pop("key")
                found.pop("events", None)
            record["lost_update"] = found

    # --- one run -------------------------------------------------------------------------------

    def execute(self, module: _Module, name: str, *, seed: int | None, watch=None) -> dict:
        run = Run()
        run.order = LockOrder()
        main = ThreadState(run, threading.current_thread(), start_site=None, library=False)
        main.ident = _thread.get_ident()
        run.threads.append(main)
        scheduler = None
        if seed is not None:
            bases = (real_monotonic(), real_time(), real_perf_counter())
            scheduler = Scheduler(run, seed, bases, watch)
            scheduler.current = main
            run.scheduler = scheduler
        # Again each run: a test may have replaced threading.excepthook or time.sleep.
        primitives.install()
        primitives.observe(watch is not None)
        runtime.lock_numbers.clear()
        threading._counter = itertools.count(1).__next__  # names restart at Thread-1 each run
        # The student's own `random` draws (sleeps of random length) are part of the schedule:
        # the same in a replay as in the run it replays.
        random.seed(seed if seed is not None else -1)
        pools = sys.modules.get("concurrent.futures.thread")
        if pools is not None:  # ... and pools at ThreadPoolExecutor-0, so a replay names alike
            pools.ThreadPoolExecutor._counter = itertools.count().__next__
        saved_streams = sys.stdout, sys.stderr
        if scheduler is not None:
            sys.stdout = sys.stderr = _Discard()
            gc.disable()  # collections at run-dependent moments would break replay
        else:
            # Real threads hand the GIL over every 5 ms by default: a thread spinning on a flag
            # then makes every hand-over between the others cost that long.
            sys.setswitchinterval(PLAIN_SWITCH_INTERVAL)
        started = real_monotonic()
        run.deadline = min(started + self.test_timeout, self.ends)
        STATES[main.ident] = main
        self.watchdog.run = run
        error: BaseException | None = None
        import_failure: _ImportFailed | None = None
        leaks: list[dict] = []
        try:
            try:
                if scheduler is not None:
                    sys.settrace(scheduler.tracer)
                self._fresh_modules()
                # Through pytest_compat: fixtures and parametrized cases, as in pytest.
                pytest_compat.run_test(vars(sys.modules[module.name]), name)
            except _ImportFailed as failed:
                import_failure = failed
            except BaseException as exc:
                error = exc
                # Threads the test's failure did not wait for: it read their results early?
                run.running_at_failure = [
                    st.name
                    for st in run.threads[1:]
                    if not (st.finished or st.library or st.daemon)
                ]
            # Leaks matter after a plain run whatever its outcome, after a schedule only if it
            # passed (a failing schedule has failed already).
            if (
                import_failure is None
                and run.abort_reason is None
                and (error is None or scheduler is None)
            ):
                run.test_returned = True  # stuck threads now are leaks, not a deadlock
                leaks = self._wait_for_stragglers(run)
        except BaseException as exc:  # an abort that landed while the threads wound down
            error = error or exc
        finally:
            try:
                self._close(run)
            except Abandoned:  # the watchdog's interruption, landing late
                error = error or Abandoned()
        sys.settrace(None)
        stuck = scheduler.teardown() if scheduler is not None else self._end_plain(run)
        self.watchdog.run = None
        del STATES[main.ident]
        sys.stdout, sys.stderr = saved_streams
        if scheduler is not None:
            gc.enable()
        else:
            sys.setswitchinterval(DEFAULT_SWITCH_INTERVAL)
        self.lingering.extend(stuck)
        if import_failure is not None and import_failure.module is self.solution:
            raise import_failure
        for report in run.order.inversions():
            self.inversions.setdefault(json.dumps(report.pop("key")), report)
        outcome = self._outcome(run, error, import_failure, leaks)
        outcome["duration"] = round(real_monotonic() - started, 4)
        outcome["threads_started"] = len(run.threads) - 1
        for leak in outcome.get("leaked_threads", []):
            self.leaks.setdefault(leak["summary"].split(",")[0], leak)
        return outcome

    def _fresh_modules(self) -> None:
        modules = [self.solution, *self.test_modules]
        for m in modules:
            sys.modules.pop(m.name, None)
        for m in modules:
            spec = importlib.util.spec_from_file_location(m.name, m.path)
            namespace = importlib.util.module_from_spec(spec)
            if m.rewritten:
                namespace.__dict__[asserts.FAIL_NAME] = asserts.fail
            sys.modules[m.name] = namespace
            try:
                exec(m.code, namespace.__dict__)
            except Abandoned:
                raise
            except BaseException as exc:
                raise _ImportFailed(m, exc) from exc

    def _wait_for_stragglers(self, run: Run) -> list[dict]:
        """Give the test's non-daemon threads a short grace to finish, then report the rest."""
        deadline = primitives.monotonic() + self.leak_grace
        candidates = [st for st in run.threads[1:] if not (st.daemon or st.library)]
        for st in candidates:
            if not st.finished:
                st.thread.join(max(0.0, deadline - primitives.monotonic()))
        return [
            reports.leak_report(st, runtime.current_frame_of(st))
            for st in candidates
            if not st.finished
        ]

    def _close(self, run: Run) -> None:
        """From here on the watchdog must not interrupt the main thread: it is harness code. An
        interruption sent before lands here at the latest (the caller catches it)."""
        with run.nudge_lock:
            run.closing = True
        _deliver_pending()

    def _end_plain(self, run: Run) -> list[ThreadState]:
        """Stop the threads a plain run left behind (daemons, leaks), so they do not pile up."""
        left = [st for st in run.threads[1:] if not st.finished]
        for st in left:
            st.abort = True
        deadline = real_monotonic() + END_WAIT
        for st in left:
            st.exited.acquire(True, max(0.0, deadline - real_monotonic()))
        spinning = [st for st in left if not st.finished]
        for st in spinning:
            if st.waiting is None and st.ident is not None and _running_python(st.ident):
                _async_raise(st.ident)
                self.interrupted.append(st)
        deadline = real_monotonic() + END_WAIT
        for st in spinning:
            st.exited.acquire(True, max(0.0, deadline - real_monotonic()))
        return [st for st in spinning if not st.finished]

    def _outcome(self, run, error, import_failure, leaks) -> dict:
        out: dict = {"outcome": "passed", "message": "", "at": None}
        if run.running_at_failure:
            out["running_at_failure"] = run.running_at_failure
        if run.signal_locks:
            out["signal_locks"] = run.signal_locks
        if leaks:
            out["leaked_threads"] = leaks
        if run.thread_errors:
            first = run.thread_errors[0]
            message = first["summary"]
            out.update(outcome="error", message=message, at=first["at"])
            out["thread_errors"] = run.thread_errors
            if run.abort_reason == "deadlock":
                # The program hangs: a deadlock, whose cause is the thread that died.
                message += "; after that the remaining threads were stuck for good"
                out.update(outcome="deadlock", message=message, deadlock=run.deadlock)
        elif run.abort_reason == "deadlock":
            out.update(
                outcome="deadlock",
                message=run.deadlock["summary"],
                at=run.deadlock["at"],
                deadlock=run.deadlock,
            )
        elif run.abort_reason == "timeout":
            places = [p for p in run.timeout_report if p]
            if run.deadline >= self.ends:
                self.out_of_time = True
                message = "was still running when the time for all tests ran out"
            else:
                message = f"did not finish within {self.test_timeout:g} s"
            if places:
                texts = (f"{p['file']}:{p['line']} `{p['code']}`" for p in places)
                message += "; it was running at " + ", ".join(dict.fromkeys(texts))
            out.update(outcome="timeout", message=message, at=places[0] if places else None)
        elif import_failure is not None:
            report = reports.exception_report(import_failure.error)
            out.update(
                outcome="error",
                message=f"the tests could not be imported: {report['summary']}",
                at=report["at"],
            )
        elif isinstance(error, AssertionError):
            # A rewritten assert in the tests carries its values; an assert in the solution
            # itself is reported like any exception.
            detail = getattr(error, "spindle_assert", None)
            report = reports.exception_report(error)
            message = detail["detail"] if detail else report["summary"]
            out.update(outcome="failed", message=message, at=report["at"])
        elif error is not None:
            report = reports.exception_report(error)
            out.update(outcome="error", message=report["summary"], at=report["at"])
        elif leaks:
            out.update(outcome="failed", message=leaks[0]["summary"], at=leaks[0]["at"])
        return out

    # --- reporting -----------------------------------------------------------------------------

    def send_result(self, *, import_error: dict | None = None, results=None) -> None:
        self.channel.send(
            {
                "event": "result",
                "tests": self.results if results is None else results,
                "import_error": import_error,
                "lock_order_inversions": list(self.inversions.values()),
                "leaked_threads": list(self.leaks.values()),
                "notes": self.notes,
                "schedules": self.schedules,
                "seed": self.seed,
                "replay_seed": self.replay_seed,
                "duration": round(real_monotonic() - self.started, 4),
            }
        )

    def emergency(self, run: Run) -> None:
        """Threads that will not stop: report what is known and end the process."""
        record = self.current
        if record is not None:
            reason = run.abort_reason or "timeout"
            message = (
                run.deadlock["summary"]
                if reason == "deadlock" and run.deadlock
                else f"did not finish within {self.test_timeout:g} s and could not be stopped"
            )
            record.update(outcome=reason, message=message, phase=record.get("phase", "plain"))
        done = {r["name"] for r in self.results}
        rest = [
            {"name": name, "outcome": "not_run", "message": "not run: an earlier test hung"}
            for _, name in self.tests
            if name not in done
        ]
        self.send_result(results=[*self.results, *rest])
        _exit(0)

    def fail(self, details: str) -> None:
        self.channel.send({"event": "internal_error", "message": details})
        _exit(3)


def _test_names(path: str) -> list[str]:
    """Top-level test functions, in source order (the source, not the module, so a test module
    that fails to import still lists its tests)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    ]


def _import_error(failed: _ImportFailed) -> dict:
    report = reports.exception_report(failed.error)
    if isinstance(failed.error, SyntaxError):
        report["at"] = {"file": runtime.short(failed.module.path), "line": failed.error.lineno}
    return {**report, "module": failed.module.name}


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        config = json.load(f)
    channel = Channel.claim(int(config.get("channel_fd", 3)))
    channel.send({"event": "hello"})
    try:
        harness = Harness(config, channel)
        harness.run()
    except BaseException:
        channel.send({"event": "internal_error", "message": traceback.format_exc()})
        _exit(3)
    _exit(0)


def _exit(code: int) -> None:
    """End the process now: leftover threads (daemons, leaks) and atexit hooks must not keep it
    alive. What the student printed is still buffered, so flush it first."""
    for stream in (sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):  # the student may have closed it
            stream.flush()
    os._exit(code)
