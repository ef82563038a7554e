"""Readers-writers tests: many readers may hold the lock together, a writer holds it alone,
and every reader/writer thread finishes its rounds.

Published solutions name their operations differently; the adapter below looks for the
lock class in `solution` and maps its four operations (read-enter, read-exit,
write-enter, write-exit).
"""
import inspect
import sys
import threading
import time
import types

# Some published solutions import an interface from a sibling module of their repository
# (e.g. `from RWLockInterface import ReadWriteLockInterface`); provide a plain base class.
if "RWLockInterface" not in sys.modules:
    _iface = types.ModuleType("RWLockInterface")

    class ReadWriteLockInterface:
        pass

    _iface.ReadWriteLockInterface = ReadWriteLockInterface
    sys.modules["RWLockInterface"] = _iface

import solution

NAME_SETS = [
    ("acquire_read", "release_read", "acquire_write", "release_write"),
    ("read_acquire", "read_release", "write_acquire", "write_release"),
    ("rlock", "runlock", "wlock", "wunlock"),
    ("start_read", "end_read", "start_write", "end_write"),
    ("acquire_read_lock", "release_read_lock", "acquire_write_lock", "release_write_lock"),
    ("reader_acquire", "reader_release", "writer_acquire", "writer_release"),
    ("enter_read", "exit_read", "enter_write", "exit_write"),
]


def _call(method, ident):
    params = [
        p for p in inspect.signature(method).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if params:
        return method(ident)
    return method()


def make_lock():
    """Return (read_enter, read_exit, write_enter, write_exit); each takes an id and
    returns a token that the matching exit receives."""
    classes = [
        c for c in vars(solution).values()
        if inspect.isclass(c) and getattr(c, "__module__", None) == solution.__name__
    ]
    for cls in classes:
        for names in NAME_SETS:
            if all(callable(getattr(cls, n, None)) for n in names):
                obj = cls()
                r_in, r_out, w_in, w_out = (getattr(obj, n) for n in names)
                return (
                    lambda i: _call(r_in, i),
                    lambda i, tok: _call(r_out, i),
                    lambda i: _call(w_in, i),
                    lambda i, tok: _call(w_out, i),
                )
    # context-manager style: outer class with nested ReadLock / WriteLock(outer)
    for cls in classes:
        rl = getattr(cls, "ReadLock", None)
        wl = getattr(cls, "WriteLock", None)
        if inspect.isclass(rl) and inspect.isclass(wl):
            obj = cls()

            def r_enter(i, obj=obj, rl=rl):
                cm = rl(obj)
                cm.__enter__()
                return cm

            def w_enter(i, obj=obj, wl=wl):
                cm = wl(obj)
                cm.__enter__()
                return cm

            return (r_enter, lambda i, cm: cm.__exit__(None, None, None),
                    w_enter, lambda i, cm: cm.__exit__(None, None, None))
    raise AssertionError("no readers-writer lock class found in solution")


class Room:
    """Records who is inside the critical section and any overlap that breaks the rules."""

    def __init__(self):
        self.guard = threading.Lock()
        self.readers = 0
        self.writers = 0
        self.violations = []

    def begin_read(self, who):
        with self.guard:
            if self.writers:
                self.violations.append(f"{who} read while a writer was inside")
            self.readers += 1

    def end_read(self):
        with self.guard:
            self.readers -= 1

    def begin_write(self, who):
        with self.guard:
            if self.writers or self.readers:
                self.violations.append(
                    f"{who} wrote with {self.readers} reader(s) and {self.writers} writer(s) inside")
            self.writers += 1

    def end_write(self):
        with self.guard:
            self.writers -= 1

    def read(self, who):
        self.begin_read(who)
        time.sleep(0.001)
        self.end_read()

    def write(self, who):
        self.begin_write(who)
        time.sleep(0.001)
        self.end_write()


def _run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=3)
    return [t.name for t in threads if t.is_alive()]


def test_writers_exclusive_and_everyone_finishes():
    r_in, r_out, w_in, w_out = make_lock()
    room = Room()
    errors = []
    done = []

    def reader(i):
        try:
            for _ in range(3):
                tok = r_in(i)
                room.read(f"reader {i}")
                r_out(i, tok)
            done.append(("r", i))
        except BaseException as e:  # record, the assertion below reports it
            errors.append(repr(e))

    def writer(i):
        try:
            for _ in range(3):
                tok = w_in(i)
                room.write(f"writer {i}")
                w_out(i, tok)
            done.append(("w", i))
        except BaseException as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=reader, args=(i,), name=f"reader-{i}", daemon=True)
               for i in range(3)]
    threads += [threading.Thread(target=writer, args=(10 + i,), name=f"writer-{i}", daemon=True)
                for i in range(2)]
    stuck = _run(threads)
    assert not errors, errors
    assert not stuck, f"threads did not finish: {stuck}"
    assert room.violations == [], room.violations[:3]
    assert len(done) == 5


def test_readers_can_read_together():
    r_in, r_out, w_in, w_out = make_lock()
    first_in = threading.Event()
    second_in = threading.Event()
    release_first = threading.Event()
    errors = []

    def first():
        try:
            tok = r_in(1)
            first_in.set()
            release_first.wait(2)
            r_out(1, tok)
        except BaseException as e:
            errors.append(repr(e))

    def second():
        try:
            first_in.wait(2)
            tok = r_in(2)
            second_in.set()
            r_out(2, tok)
        except BaseException as e:
            errors.append(repr(e))

    t1 = threading.Thread(target=first, daemon=True)
    t2 = threading.Thread(target=second, daemon=True)
    t1.start()
    t2.start()
    together = second_in.wait(1)
    release_first.set()
    t1.join(timeout=3)
    t2.join(timeout=3)
    assert not errors, errors
    assert not t1.is_alive() and not t2.is_alive(), "reader threads did not finish"
    assert together, "a second reader could not enter while another reader held the lock"


def test_writer_waits_for_reader():
    r_in, r_out, w_in, w_out = make_lock()
    room = Room()
    reader_in = threading.Event()
    errors = []

    def reader():
        try:
            tok = r_in(1)
            room.begin_read("reader")
            reader_in.set()
            time.sleep(0.005)
            room.end_read()
            r_out(1, tok)
        except BaseException as e:
            errors.append(repr(e))

    def writer():
        try:
            reader_in.wait(2)
            tok = w_in(2)
            room.write("writer")
            w_out(2, tok)
        except BaseException as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=reader, daemon=True),
               threading.Thread(target=writer, daemon=True)]
    stuck = _run(threads)
    assert not errors, errors
    assert not stuck, "threads did not finish"
    assert room.violations == [], room.violations[:3]
