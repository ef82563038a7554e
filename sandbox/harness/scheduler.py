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
deadline, that is a deadlock, exactly. When some threads are blocked for good and the others
only wait, with a timeout, on those (`t.join(3)` on a thread stuck in a lock cycle or a lost
wakeup), that is reported as the same deadlock at once instead of letting the clock run out:
after the timeout the test could only fail with "still running", which hides the cause.

Two strategies, chosen by the seed's parity so that a replayed seed picks the same one, and a third
for one seed alone:
- random (even seeds): forced switches at random bytecode boundaries and, with a drawn chance,
  at lock operations; the next thread drawn at random. Finds fine-grained races (a switch
  between a read and its write).
- PCT (odd seeds; Burckhardt et al., ASPLOS 2010): every thread gets a random priority and the
  highest-priority runnable thread always runs; at a few randomly chosen synchronisation steps
  the running thread drops to the lowest priority. A bug that needs d orderings between
  synchronisation operations (a notify before the wait, a lock cycle) is found by one run with
  probability about 1/(n*k^(d-1)), where random switching almost never lines them up. The
  step count k is not known before the run, so k is drawn from a ladder (10 to 1,000) and the
  change points uniformly below it: replay needs nothing but the seed.
- serial (seed 0, SERIAL_SEED): no preemption at all. The running thread keeps running until it
  blocks or ends; then the earliest-started runnable thread runs (the test's own thread first).
  So each thread runs alone, one after the other, as far as their waits on each other allow
  (a thread caught polling a flag, see spin.py, waits for the others as a blocking wait
  would). A worker's sleep is its own work taking time: the clock moves on, nobody else runs.
  A test that fails here fails with no other thread in the way: only then is it told as a
  plain wrong answer, and its replay is this very run (CHESS's preemption bound 0).
The first two draw how late sleeps end (a little, by varying amounts) and how close two
wake-ups must be to count as simultaneous, so threads that sleep in step can drift apart and
meet in new orders.

Given the seed, the run is deterministic: only one thread runs at a time, every choice comes from
the RNG, and the clock is virtual. That is what makes "replay seed S" reproduce a failure.
"""

from __future__ import annotations

import random
import sys
from _thread import get_ident

from . import names, reports
from .runtime import (
    CHECKED_TAKES,
    INSTRUMENTED,
    SLEEPING,
    SPIN_LINES,
    Abandoned,
    Run,
    ThreadState,
    stuck_threads,
)

# The seed of the serial schedule (forced schedules' seeds are drawn from 2 up).
SERIAL_SEED = 0
# Serial: a thread that runs this many traced instructions without blocking is taken to be
# waiting for another thread in a loop spin.py did not recognise, and yields. Far above what a
# test's own work takes between two waits, so a read-modify-write is never split by it.
SERIAL_SPIN_INSTRUCTIONS = 200_000
# Serial: virtual seconds a thread may sleep without letting the others run (see sleep()).
SERIAL_BACKGROUND = 1.0
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
# How late (a fraction of the wait) the clock may run past the earliest deadline when every
# thread waits: sleeps that end close together then end together, as they can for real.
WAKE_SLACK = (0.0, 0.2, 0.5)
# How much longer than asked a sleep may last (a fraction of it, drawn for every sleep).
SLEEP_JITTER = (0.0, 0.2, 1.0)
# ... but never more than this (seconds) for either: an OS is late by a millisecond or two,
# and a test may give a long sleep a timeout with little to spare.
MAX_LATE = 0.002
# PCT: how many priority change points (depth - 1) and the chance of one at each sync step.
PCT_CHANGES = (1, 2, 3)
PCT_HORIZONS = (10, 30, 100, 300, 1000)
# PCT: a thread that runs this many traced instructions without blocking drops to the lowest
# priority, so a thread spinning on a flag (with or without taking a lock to read it) lets the
# others run (and set it).
SPIN_INSTRUCTIONS = 300
# PCT: virtual seconds a thread is held at a take that trusts an earlier look (see
# _stall_a_checked_take), in the half of the schedules that do it.
TAKE_STALL = 0.1
# Traced instructions a line counts for when PCT traces by line (CPython runs 3-4 per line).
LINE_INSTRUCTIONS = 4
# Virtual seconds a thread inside a polling loop (see spin.py) waits each time it is caught
# spinning: about what one round of a `sleep(0.001)` poll would take.
SPIN_PAUSE = 1e-3
# Virtual seconds that threads may stay stuck (blocked for good, the rest only waiting on them
# with timeouts) before it is reported as a deadlock; a timed wait that ends sooner may still
# unblock them (`t.join(0.1)` then `event.set()`), one that ends later is the author's hang guard.
STUCK_HORIZON = 0.5


def _visible(lock) -> bool:
    """A lock the student made themselves: library objects' locks (a Condition's waiter, a
    Queue's mutex) are shown as the library call instead (see primitives.observed)."""
    name = lock._name
    return name is not None and name.kind is None


def _polling(frame) -> bool:
    """The innermost student frame of this stack is inside a polling loop (see spin.py)."""
    while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
        frame = frame.f_back
    return frame is not None and (frame.f_code.co_filename, frame.f_lineno) in SPIN_LINES


def _label(lock) -> str:
    return names.label(lock, origin=False)


class Scheduler:
    def __init__(
        self, run: Run, seed: int, clock_bases: tuple[float, float, float], watch=None
    ) -> None:
        self.run = run
        # A races.RaceWatch when this run replays a failing schedule to explain it.
        self.watch = watch
        self.threads = run.threads
        self.rng = random.Random(seed)
        self.serial = seed == SERIAL_SEED
        # Serial runs reuse PCT's machinery: fixed priorities (start order), no change points.
        self.pct = seed % 2 == 1 or self.serial
        self.mean_gap = self.rng.choice(GAPS)
        self.switch_chance = self.rng.choice(SYNC_SWITCH)
        self.wake_slack = self.rng.choice(WAKE_SLACK)
        self.sleep_jitter = self.rng.choice(SLEEP_JITTER)
        # PCT's change points: d-1 steps drawn uniformly from the first k synchronisation
        # steps, with k drawn from a ladder since the run's length is not known beforehand.
        horizon = self.rng.choice(PCT_HORIZONS)
        self.change_steps = {
            self.rng.randint(1, horizon) for _ in range(self.rng.choice(PCT_CHANGES))
        }
        self.steps = 0
        self.unblocked = 0  # serial: traced instructions since the last synchronisation step
        self.slept_alone: dict[ThreadState, float] = {}  # serial: see sleep()
        # Half the PCT schedules stall the k-th checked take (k drawn), the others none.
        self.takes_before_stall = self.rng.randint(1, 3) if self.rng.random() < 0.5 else 0
        if self.serial:  # on time, in order, nobody held up
            self.change_steps = set()
            self.takes_before_stall = 0
            self.wake_slack = self.sleep_jitter = 0.0
        self.priority: dict[ThreadState, float] = {}
        self.lowest = 0.0
        self.stuck_since: float | None = None
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
        if self.pct:
            self.gap = SPIN_INSTRUCTIONS
        else:
            self.gap = int(self.rng.expovariate(1.0 / self.mean_gap)) + 1
        return self.gap

    def _priority(self, st: ThreadState) -> float:
        prio = self.priority.get(st)
        if prio is None:
            if self.serial:  # the earlier a thread started, the higher (the test's own first)
                prio = 1.0 + 1.0 / (1 + self.threads.index(st))
            else:
                prio = 1.0 + self.rng.random()
            self.priority[st] = prio
        return prio

    def _demote(self, st: ThreadState) -> None:
        self.lowest -= 1.0
        self.priority[st] = self.lowest

    def _choose(self, candidates: list[ThreadState]) -> ThreadState:
        if self.pct:
            return max(candidates, key=self._priority)
        return self.rng.choice(candidates)

    def _make_tracer(self):
        scheduler = self
        instrumented = INSTRUMENTED

        def local(frame, event, arg):
            if event == "opcode":
                scheduler.budget -= 1
                if scheduler.budget <= 0:
                    scheduler.preempt(frame)
            return local

        watch = self.watch

        # A watched replay sees every instruction, but counts work as the run it replays did:
        # per instruction (random), or per line (PCT), or it would switch elsewhere.
        count_lines = self.pct

        def watched(frame, event, arg):
            if event == "opcode":
                watch.opcode(scheduler.current, frame)
                if not count_lines:
                    scheduler.budget -= 1
                    if scheduler.budget <= 0:
                        scheduler.preempt(frame)
            elif event == "line":
                if count_lines:
                    scheduler.budget -= LINE_INSTRUCTIONS
                    if scheduler.budget <= 0:
                        scheduler.preempt(frame)
            elif event == "exception":
                watch.raised(scheduler.current, frame, arg)
            elif event == "return":
                watch.returned(scheduler.current, frame)
            return watched

        def by_line(frame, event, arg):
            if event == "line":
                scheduler.budget -= LINE_INSTRUCTIONS
                if scheduler.budget <= 0:
                    scheduler.preempt(frame)
            return by_line

        # PCT switches only at synchronisation steps: between them it counts work only to spot
        # a spinning thread, for which lines (several times fewer events) are enough. A
        # replay is watched instruction by instruction.
        by_opcode = self.pct is False or watch is not None
        by_lines = self.pct
        step = by_line if not by_opcode else (local if watch is None else watched)

        def trace(frame, event, arg):
            if frame.f_code.co_filename in instrumented:
                frame.f_trace_opcodes = by_opcode
                frame.f_trace_lines = by_lines
                return step
            return None

        return trace

    def preempt(self, frame) -> None:
        """A forced switch point in traced code: the drawn number of instructions has run."""
        self.now += self.gap * INSTRUCTION_TIME
        self.budget = self._gap()
        st = self.current
        if st is None or st.ident != get_ident():
            return  # a thread unwinding during teardown
        if self.abort_requested:
            self._abort_from(st)
        if self.tearing_down:
            return
        spinning = (frame.f_code.co_filename, frame.f_lineno) in SPIN_LINES
        if self.serial and not spinning:
            self.unblocked += self.gap
            if self.unblocked < SERIAL_SPIN_INSTRUCTIONS:
                return
        if spinning or self.serial:
            # Polling a flag: nothing it does matters until another thread acts or a sleep
            # ends, so it waits on the virtual clock (as a blocking wait would) instead of
            # burning instructions that move time on by nanoseconds. (Serially, only a thread
            # that waits for another ever runs this long: it waits, without losing its place.)
            if self.pct and not self.serial:
                self._demote(st)
            self._block(st, SLEEPING, self.now + SPIN_PAUSE)
        elif self.pct:
            # Long enough without a synchronisation step to be spinning: let the others run.
            self._demote(st)
            self._run_highest(st)
        else:
            self._switch_to_other(st)

    def sync(self, st: ThreadState, started: ThreadState) -> None:
        """A synchronisation step outside the lock operations: `st` just started a thread."""
        if self._usable_by(st):
            if self.watch is not None:
                self.watch.note(st, "start", sys._getframe(), None, f"starts {started.name}")
            self._sync_point(st)

    def _sync_point(self, st: ThreadState) -> None:
        if self.abort_requested:
            self._abort_from(st)
        if self.serial:  # never preempted: it runs on until it blocks
            pass
        elif self.pct:
            # The budget is not renewed here: a thread that loops through lock operations
            # without ever blocking (re-taking a free lock to look at a flag, waiting on an
            # Event that is already set) is spinning too, and must let the others run.
            if CHECKED_TAKES and self.takes_before_stall:
                self._stall_a_checked_take(st)
            self.steps += 1
            if self.steps in self.change_steps:
                self._demote(st)
            self._run_highest(st)
        elif self.rng.random() < self.switch_chance:
            self._switch_to_other(st)

    def _stall_a_checked_take(self, st: ThreadState) -> None:
        """One thread about to take the last item from a queue it found non-empty a moment
        ago (the drawn k-th such take of the run) is kept off the CPU for a while, as a loaded
        machine can: long enough for another thread to take that item. Only there: a stall
        anywhere else could make correct code miss a timing its tests expect (reads that
        overlap)."""
        frame = sys._getframe(2)
        queue = None
        while frame is not None and frame.f_code.co_filename not in INSTRUMENTED:
            if frame.f_code.co_name == "get" and queue is None:
                queue = frame.f_locals.get("self")
            frame = frame.f_back
        if frame is None or (frame.f_code.co_filename, frame.f_lineno) not in CHECKED_TAKES:
            return
        # Only for the last item: earlier, a stall would only delay the work (and could make
        # a test of how much overlaps fail for the wrong reason).
        size = getattr(queue, "_qsize", None)
        if size is None or size() != 1:
            return
        self.takes_before_stall -= 1
        if not self.takes_before_stall:
            self._block(st, SLEEPING, self.now + TAKE_STALL)

    def _run_highest(self, st: ThreadState) -> None:
        self._wake_expired()
        runnable = [t for t in self.threads if t.runnable]
        if runnable:
            nxt = self._choose(runnable)
            if nxt is not st:
                self._switch(st, nxt)

    def _switch_to_other(self, st: ThreadState) -> None:
        self._wake_expired()
        others = [t for t in self.threads if t.runnable and t is not st]
        if others:
            self.forced += 1
            if self.forced % THIN_EVERY == 0:
                self.mean_gap *= 2
                self.switch_chance /= 2
            self._switch(st, self._choose(others))

    def _switch(self, st: ThreadState, nxt: ThreadState) -> None:
        if self.watch is not None:
            self.watch.switched_away(st)
        self.current = nxt
        if self.pct:  # the next thread's own run of instructions starts (see _sync_point)
            self.budget = self._gap()
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
        self.unblocked = 0
        st.runnable = False
        st.waiting = target
        st.deadline = deadline
        nxt = self._pick()
        if nxt is None:
            self._deadlocked(st)
        elif nxt is not st:
            self._switch(st, nxt)

    def _pick(self) -> ThreadState | None:
        """The next thread to run, moving the clock on if all wait; None when they are stuck."""
        self._wake_expired()
        runnable = [t for t in self.threads if t.runnable]
        if not runnable:
            deadlines = [t.deadline for t in self.threads if t.deadline is not None]
            if not deadlines:
                return None
            if not self.run.test_returned and stuck_threads(
                [t for t in self.threads if not t.finished]
            ):
                if self.stuck_since is None:
                    self.stuck_since = self.now
                if max(min(deadlines), self.now) - self.stuck_since >= STUCK_HORIZON:
                    return None
            earliest = min(deadlines)
            # Real sleeps end a little late, by varying amounts: two threads that went to sleep
            # for about the same time may wake in either order, or both before either runs on.
            # So the clock moves past the earliest deadline by a drawn fraction of the wait.
            slack = min(self.wake_slack * max(0.0, earliest - self.now), MAX_LATE)
            self.now = max(self.now, earliest + slack)
            self._wake_expired()
            runnable = [t for t in self.threads if t.runnable]
        return self._choose(runnable)

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
                if t.deadline is None:
                    self.stuck_since = None  # a thread blocked for good moved: not stuck
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
        watch = self.watch
        noted = False
        while not real.acquire(False):
            if not blocking or (deadline is not None and self.now >= deadline):
                return False
            if watch is not None and not noted and _visible(lock):
                noted = True
                watch.note(st, "blocked", sys._getframe(), None, f"waits for {_label(lock)}")
            self._block(st, lock, deadline)
        if watch is not None and _visible(lock):
            watch.note(st, "acquire", sys._getframe(), None, f"takes {_label(lock)}")
        return True

    def released(self, st: ThreadState, lock) -> None:
        if self._usable_by(st):
            if self.watch is not None and _visible(lock):
                self.watch.note(st, "release", sys._getframe(), None, f"releases {_label(lock)}")
            self._wake(lock)
            self._sync_point(st)

    def sleep(self, st: ThreadState, seconds: float) -> None:
        if not self._usable_by(st):
            raise Abandoned
        if seconds == 0:
            if self.serial:  # a yield: serially it means "I wait for the others"
                self._block(st, SLEEPING, self.now + SPIN_PAUSE)
            else:
                self._switch_to_other(st)
            return
        # A real sleep lasts a little longer than asked, by a varying amount: threads that
        # sleep in step drift apart, as they do for real (and meet in new orders).
        late = min(self.sleep_jitter * self.rng.random() * seconds, MAX_LATE)
        deadline = self.now + seconds + late
        if self.serial and st is not self.threads[0] and not _polling(sys._getframe(1)):
            # Serially a thread's sleep is time its own work takes, and nobody else runs
            # meanwhile; only the test's thread and polling loops wait for the others. A
            # thread that has slept on its own for a long while is a background loop (a
            # heartbeat) that will never end by itself: it lets the others run.
            slept = self.slept_alone.get(st, 0.0) + seconds
            if slept < SERIAL_BACKGROUND:
                self.slept_alone[st] = slept
                self.now = deadline
                return
            self.slept_alone[st] = 0.0
        while self.now < deadline:
            self._block(st, SLEEPING, deadline)

    def join(self, st: ThreadState, target: ThreadState, timeout: float | None) -> None:
        if not self._usable_by(st):
            if target.finished:
                return
            raise Abandoned
        self._sync_point(st)
        deadline = None if timeout is None else self.now + max(timeout, 0)
        if self.watch is not None and not target.finished:
            self.watch.note(st, "join", sys._getframe(), None, f"waits for {target.name} to end")
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
        self.stuck_since = None
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
