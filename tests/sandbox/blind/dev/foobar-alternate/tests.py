"""Tests for LeetCode 1115 "Print FooBar Alternately".

Two threads share one FooBar(n) object: one calls foo(printFoo), the other
bar(printBar). The combined output must be "foobar" repeated n times, and both
threads must return.
"""
import threading
import time

import pytest

import solution

FooBar = getattr(solution, "FooBar")

JOIN_SECONDS = 3.0


def run_foobar(n, bar_first=False):
    fb = FooBar(n)
    out = []
    errors = []

    def printFoo():
        out.append("foo")

    def printBar():
        out.append("bar")

    def worker(method, printer):
        try:
            method(printer)
        except BaseException as exc:  # record, the test asserts on it
            errors.append(repr(exc))

    t_foo = threading.Thread(target=worker, args=(fb.foo, printFoo), name="foo", daemon=True)
    t_bar = threading.Thread(target=worker, args=(fb.bar, printBar), name="bar", daemon=True)
    threads = [t_bar, t_foo] if bar_first else [t_foo, t_bar]
    for t in threads:
        t.start()
    deadline = time.monotonic() + JOIN_SECONDS
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    return out, errors, stuck


def check(n, bar_first=False):
    out, errors, stuck = run_foobar(n, bar_first)
    assert stuck == [], f"threads did not finish: {stuck}; output so far {out}"
    assert errors == [], f"exception in a thread: {errors}"
    assert "".join(out) == "foobar" * n
    assert out == ["foo", "bar"] * n


def test_n_1():
    check(1)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_foo_thread_started_first(n):
    check(n)


@pytest.mark.parametrize("n", [1, 3, 5])
def test_bar_thread_started_first(n):
    check(n, bar_first=True)


def test_several_rounds_alternate():
    check(20)


def test_fresh_objects_are_independent():
    for n in (2, 4):
        check(n)
        check(n, bar_first=True)
