"""The controlled scheduler: one managed thread runs at a time; a seeded RNG decides when to switch
and to whom.

Every managed thread owns a "baton" (a real lock it blocks on while parked). The running thread
gives up control at two kinds of points:
- forced switches, at bytecode boundaries inside the solution and the tests (a trace function
  with opcode events counts down a randomly drawn number of instructions), and at lock
  operations (with a per-schedule probability);
- blocking: a lock that is taken, a join, a sleep, a Condition/Event/Queue wait (all built on the
  locks). The thread is marked blocked on that object and another runnable thread is picked.
Time is virtual: it advances with the traced instructions run, and when every thread is blocked
and one of them waits with a timeout (or sleeps), straight to the earliest deadline. So sleeps
cost nothing and timeouts are deterministic. When every thread is blocked and none has a
deadline, that is a deadlock, exactly.

Given the seed, the run is deterministic: only one thread runs at a time, every choice comes from
the RNG, and the clock is virtual. That is what makes "replay seed S" reproduce a failure.
"""

from __future__ import annotations

import random
import sys
from _thread import get_ident

from . import reports
from .runtime import INSTRUMENTED, SLEEPING, Abandoned, Run, ThreadState

# Mean number of traced instructions between forced switches; each schedule draws one, so some
# schedules switch almost every instruction (fine-grained races) and some rarely (deep states).
GAPS = (2, 4, 8, 16, 40, 100)
# Chance of a switch at each lock operation, drawn per schedule.
SYNC_SWITCH = (0.05, 0.2, 0.5)
# After this many forced switches in one run, switches become half as frequent (and again after
# as many more): short tests keep dense switching, long ones stay affordable (a switch costs
# ~25 us of thread hand-over). It depends only on the run itself, so replay stays exact.
THIN_EVERY = 100
# Each clock read moves virtual time on a little, so code that busy-waits on the clock finishes.
CLOCK_TICK = 1e-5
# Virtual time one traced instruction takes (about CPython's own speed), so that a thread busy
# computing is still busy when another thread's short sleep ends, as it would be for real.
INSTRUCTION_TIME = 2e-8
# How long teardown waits (real time) for an abandoned thread to unwind.
TEARDOWN_WAIT = 1.0


class Scheduler:
    def __init__(
        self, run: Run, seed: int, clock_bases: tuple[float, float, float], watch=None
    ) -> None:
        self.run = run
        # A races.RaceWatch when this run replays a failing schedule to explain it.
        self.watch = watch
        self.threads = run.threads
        self.rng = random.Random(seed)
        self.mean_gap = self.rng.choice(GAPS)
        self.switch_chance = self.rng.choice(SYNC_SWITCH)
        self.budget = self._gap()
        self.forced = 0
        self.now = 0.0
        self.clock_bases = clock_bases
        self.current: ThreadState | None = None
        self.abort_requested = False
        self.tearing_down = False
        self.tracer = self._make_tracer()

    # --- switching -----------------------------------------------------------------------------

    def _gap(self) -> int:
        self.gap = int(self.rng.expovariate(1.0 / self.mean_gap)) + 1
        return self.gap

    def _make_tracer(self):
        scheduler = self
        instrumented = INSTRUMENTED

        def local(frame, event, arg):
            if event == "opcode":
                scheduler.budget -= 1
                if scheduler.budget <= 0:
                    scheduler.preempt()
            return local

        watch = self.watch

        def watched(frame, event, arg):
            if event == "opcode":
                watch.opcode(scheduler.current, frame)
                scheduler.budget -= 1
                if scheduler.budget <= 0:
                    scheduler.preempt()
            return watched

        step = local if watch is None else watched

        def trace(frame, event, arg):
            if frame.f_code.co_filename in instrumented:
                frame.f_trace_opcodes = True
                frame.f_trace_lines = False
                return step
            return None

        return trace

    def preempt(self) -> None:
        """A forced switch point in traced code: the drawn number of instructions has run."""
        self.now += self.gap * INSTRUCTION_TIME
        self.budget = self._gap()
        st = self.current
        if st is None or st.ident != get_ident():
            return  # a thread unwinding during teardown
        if self.abort_requested:
            self._abort_from(st)
        if not self.tearing_down:
            self._switch_to_other(st)

    def _sync_point(self, st: ThreadState) -> None:
        if self.abort_requested:
            self._abort_from(st)
        if self.rng.random() < self.switch_chance:
            self._switch_to_other(st)

    def _switch_to_other(self, st: ThreadState) -> None:
        self._wake_expired()
        others = [t for t in self.threads if t.runnable and t is not st]
        if others:
            self.forced += 1
            if self.forced % THIN_EVERY == 0:
                self.mean_gap *= 2
                self.switch_chance /= 2
            self._switch(st, self.rng.choice(others))

    def _switch(self, st: ThreadState, nxt: ThreadState) -> None:
        if self.watch is not None:
            self.watch.switched_away(st)
        self.current = nxt
        nxt.baton.release()
        st.baton.acquire()
        if st.abort:
            raise Abandoned
        if self.watch is not None:
            self.watch.resumed(st)

    def first_park(self, st: ThreadState) -> None:
        """A new thread waits here until it is first scheduled."""
        st.baton.acquire()
        if st.abort:
            raise Abandoned

    def _usable_by(self, st: ThreadState) -> bool:
        return not self.tearing_down and st is self.current

    # --- blocking ------------------------------------------------------------------------------

    def _block(self, st: ThreadState, target, deadline: float | None) -> None:
        st.runnable = False
        st.waiting = target
        st.deadline = deadline
        nxt = self._pick()
        if nxt is None:
            self._deadlocked(st)
        elif nxt is not st:
            self._switch(st, nxt)

    def _pick(self) -> ThreadState | None:
        self._wake_expired()
        runnable = [t for t in self.threads if t.runnable]
        if not runnable:
            deadlines = [t.deadline for t in self.threads if t.deadline is not None]
            if not deadlines:
                return None
            self.now = max(self.now, min(deadlines))
            self._wake_expired()
            runnable = [t for t in self.threads if t.runnable]
        return self.rng.choice(runnable)

    def _wake_expired(self) -> None:
        now = self.now
        for t in self.threads:
            if t.deadline is not None and t.deadline <= now and not t.runnable:
                t.runnable = True
                t.waiting = None
                t.deadline = None

    def _wake(self, target) -> None:
        for t in self.threads:
            if t.waiting is target and not t.runnable:
                t.runnable = True
                t.waiting = None
                t.deadline = None

    def acquire(self, st: ThreadState, lock, blocking: bool, timeout: float) -> bool:
        real = lock._real
        if not self._usable_by(st):
            if real.acquire(False):
                return True
            if not blocking:
                return False
            raise Abandoned
        self._sync_point(st)
        deadline = None if timeout < 0 else self.now + timeout
        while not real.acquire(False):
            if not blocking or (deadline is not None and self.now >= deadline):
                return False
            self._block(st, lock, deadline)
        return True

    def released(self, st: ThreadState, lock) -> None:
        if self._usable_by(st):
            self._wake(lock)
            self._sync_point(st)

    def sleep(self, st: ThreadState, seconds: float) -> None:
        if not self._usable_by(st):
            raise Abandoned
        if seconds == 0:
            self._switch_to_other(st)
            return
        deadline = self.now + seconds
        while self.now < deadline:
            self._block(st, SLEEPING, deadline)

    def join(self, st: ThreadState, target: ThreadState, timeout: float | None) -> None:
        if not self._usable_by(st):
            if target.finished:
                return
            raise Abandoned
        self._sync_point(st)
        deadline = None if timeout is None else self.now + max(timeout, 0)
        while not target.finished:
            if deadline is not None and self.now >= deadline:
                return
            self._block(st, target, deadline)

    def clock(self, which: int) -> float:
        self.now += CLOCK_TICK
        return self.clock_bases[which] + self.now

    # --- ends ----------------------------------------------------------------------------------

    def finished(self, st: ThreadState) -> None:
        """Called by a managed thread as its last act."""
        st.finished = True
        st.runnable = False
        st.waiting = None
        st.deadline = None
        if self._usable_by(st):
            if self.abort_requested:
                self._abort_from(st)
            else:
                self._wake(st)
                nxt = self._pick()
                if nxt is None:
                    self._deadlocked(st)
                else:
                    self.current = nxt
                    nxt.baton.release()
        st.exited.release()

    def request_abort(self) -> None:
        """From the watchdog: stop at the next switch point."""
        self.abort_requested = True
        self.budget = 0

    def _deadlocked(self, st: ThreadState) -> None:
        self.run.deadlock = reports.deadlock_report(self.run, sys._current_frames())
        self.run.abort_reason = "deadlock"
        self._abort_from(st)

    def _abort_from(self, st: ThreadState) -> None:
        """Hand control to the main thread, which unwinds the test and then tears the run down;
        park everyone else until then."""
        self.abort_requested = True
        for t in self.threads:
            t.abort = True
        main = self.threads[0]
        if st is main:
            raise Abandoned
        self.current = main
        main.baton.release()
        if not st.finished:
            st.baton.acquire()
            raise Abandoned

    def teardown(self) -> list[ThreadState]:
        """Called by the main thread at the end of the run: unwind every other thread, one at a
        time. Returns the threads that would not end (stuck outside Python code)."""
        self.tearing_down = True
        stuck = []
        i = 1
        while i < len(self.threads):  # threads may start more threads while unwinding
            t = self.threads[i]
            i += 1
            if t.finished:
                continue
            t.abort = True
            t.baton.release()
            if not t.exited.acquire(True, TEARDOWN_WAIT):
                stuck.append(t)
        return stuck
