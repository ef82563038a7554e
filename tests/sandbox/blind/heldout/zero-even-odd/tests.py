# Tests for LeetCode 1116 "Print Zero Even Odd", shared by every case in this folder.
# Three threads share one ZeroEvenOdd(n): one calls zero(), one even(), one odd().
# Together they must print 0,1,0,2,0,3,... ,0,n (2n numbers), whatever order the
# threads are started in.
import threading

import pytest

import solution

ZeroEvenOdd = getattr(solution, "ZeroEvenOdd")

JOIN_TIMEOUT = 3.0


def _expected(n):
    out = []
    for i in range(1, n + 1):
        out.append(0)
        out.append(i)
    return out


def _construct(n):
    # Build the object in a helper thread so that a constructor that blocks
    # cannot hang the test itself.
    box = {}

    def build():
        box["obj"] = ZeroEvenOdd(n)

    t = threading.Thread(target=build, daemon=True)
    t.start()
    t.join(JOIN_TIMEOUT)
    assert not t.is_alive(), "ZeroEvenOdd(%d) did not return" % n
    assert "obj" in box, "ZeroEvenOdd(%d) raised" % n
    return box["obj"]


def _run(n, start_order):
    obj = _construct(n)
    printed = []
    errors = []

    def printNumber(x):
        printed.append(x)

    def call(name):
        try:
            getattr(obj, name)(printNumber)
        except BaseException as e:  # record exceptions raised in a worker
            errors.append((name, repr(e)))

    threads = {name: threading.Thread(target=call, args=(name,), daemon=True)
               for name in ("zero", "even", "odd")}
    for name in start_order:
        threads[name].start()
    for name in start_order:
        threads[name].join(JOIN_TIMEOUT)
    stuck = [name for name, t in threads.items() if t.is_alive()]
    assert not stuck, "threads did not finish: %s (printed so far %r)" % (stuck, printed)
    assert not errors, "exceptions in threads: %r" % errors
    return printed


@pytest.mark.parametrize("n", [1, 2])
def test_small_n(n):
    assert _run(n, ("zero", "even", "odd")) == _expected(n)


def test_n5_all_start_orders():
    orders = [
        ("zero", "even", "odd"),
        ("zero", "odd", "even"),
        ("even", "zero", "odd"),
        ("even", "odd", "zero"),
        ("odd", "zero", "even"),
        ("odd", "even", "zero"),
    ]
    for order in orders:
        assert _run(5, order) == _expected(5), order


def test_even_n_repeated():
    for _ in range(3):
        assert _run(6, ("odd", "even", "zero")) == _expected(6)


def test_output_length_is_2n():
    out = _run(7, ("even", "zero", "odd"))
    assert len(out) == 14
    assert out[0::2] == [0] * 7
    assert out[1::2] == list(range(1, 8))
