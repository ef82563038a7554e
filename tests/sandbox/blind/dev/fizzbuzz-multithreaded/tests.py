"""Tests for LeetCode 1195 "Fizz Buzz Multithreaded".

Four threads share one FizzBuzz(n) object: one calls fizz(printFizz), one
buzz(printBuzz), one fizzbuzz(printFizzBuzz) and one number(printNumber).
Together they must output the fizzbuzz sequence 1..n, in order, each token
exactly once, and every thread must return.
"""
import threading
import time

import pytest

import solution

FizzBuzz = getattr(solution, "FizzBuzz")

JOIN_SECONDS = 3.0


def expected(n):
    out = []
    for i in range(1, n + 1):
        if i % 15 == 0:
            out.append("fizzbuzz")
        elif i % 3 == 0:
            out.append("fizz")
        elif i % 5 == 0:
            out.append("buzz")
        else:
            out.append(i)
    return out


def run_fizzbuzz(n, order=("fizz", "buzz", "fizzbuzz", "number")):
    fb = FizzBuzz(n)
    out = []
    errors = []

    def printFizz():
        out.append("fizz")

    def printBuzz():
        out.append("buzz")

    def printFizzBuzz():
        out.append("fizzbuzz")

    def printNumber(x):
        out.append(x)

    calls = {
        "fizz": (fb.fizz, printFizz),
        "buzz": (fb.buzz, printBuzz),
        "fizzbuzz": (fb.fizzbuzz, printFizzBuzz),
        "number": (fb.number, printNumber),
    }

    def worker(method, printer):
        try:
            method(printer)
        except BaseException as exc:  # record, the test asserts on it
            errors.append(repr(exc))

    threads = []
    for name in order:
        method, printer = calls[name]
        t = threading.Thread(target=worker, args=(method, printer), name=name, daemon=True)
        threads.append(t)
    for t in threads:
        t.start()
    deadline = time.monotonic() + JOIN_SECONDS
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    return out, errors, stuck


def check(n, order=("fizz", "buzz", "fizzbuzz", "number")):
    out, errors, stuck = run_fizzbuzz(n, order)
    assert stuck == [], f"threads did not finish: {stuck}; output so far {out}"
    assert errors == [], f"exception in a thread: {errors}"
    assert out == expected(n)


def test_n_15_prints_full_sequence_in_order():
    check(15)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_small_n(n):
    check(n)


@pytest.mark.parametrize(
    "order",
    [
        ("number", "fizz", "buzz", "fizzbuzz"),
        ("fizzbuzz", "buzz", "fizz", "number"),
    ],
)
def test_start_order_does_not_matter(order):
    check(7, order)


def test_n_ending_right_before_a_fizz():
    # n = 5: the last token is "buzz"; the next number (6) would be "fizz",
    # which must not be printed.
    check(5, ("buzz", "fizz", "number", "fizzbuzz"))


def test_n_ending_on_fizzbuzz():
    check(15, ("number", "fizzbuzz", "fizz", "buzz"))


def test_two_objects_in_a_row():
    check(4)
    check(6, ("buzz", "fizzbuzz", "number", "fizz"))
