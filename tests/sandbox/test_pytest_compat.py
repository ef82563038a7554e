"""Exercise tests written with pytest's features (raises, approx, parametrize, fixtures) run
under the harness's small stand-in for pytest, with the same scheduling and reports."""

from __future__ import annotations

from textwrap import dedent

from sandbox.grader import ACCEPTED, DEADLOCK, RACE_DETECTED, WRONG_ANSWER
from tests.sandbox.grading_support import explain, grade_code

ACCOUNTS = dedent(
    """\
    import threading


    class Account:
        def __init__(self, balance):
            self.balance = balance
            self.lock = threading.Lock()

        def withdraw(self, amount):
            if amount <= 0:
                raise ValueError("amount must be positive")
            with self.lock:
                if amount > self.balance:
                    raise RuntimeError("insufficient funds")
                self.balance -= amount

        def deposit(self, amount):
            with self.lock:
                self.balance += amount


    def interest(balance, rate):
        return balance * rate / 100
    """
)


def test_parametrize_raises_approx_and_fixtures_pass_for_a_correct_solution():
    tests = dedent(
        """\
        import threading

        import pytest
        from solution import Account, interest


        @pytest.fixture
        def opened():
            print("open")
            return "opened"


        @pytest.fixture
        def account(opened):
            assert opened == "opened"
            yield Account(100)
            print("close")


        @pytest.mark.parametrize("balance,rate,expected", [(100, 1.1, 1.1), (0.3, 10, 0.03)])
        def test_interest(balance, rate, expected):
            assert interest(balance, rate) == pytest.approx(expected)


        def test_interest_of_several():
            got = {k: interest(v, 3.3) for k, v in {"a": 10, "b": 0.1}.items()}
            assert got == pytest.approx({"a": 0.33, "b": 0.0033})
            assert [interest(1, 10), 0.1 + 0.2] == pytest.approx([0.1, 0.3], rel=1e-9)


        @pytest.mark.parametrize("amount", [0, -5])
        def test_refuses_bad_amounts(account, amount):
            with pytest.raises(ValueError, match="must be positive") as info:
                account.withdraw(amount)
            assert info.type is ValueError
            pytest.raises(RuntimeError, account.withdraw, 1000)


        @pytest.mark.parametrize("threads", [2, 4])
        @pytest.mark.parametrize("each", [1, 5])
        def test_concurrent_deposits(account, threads, each):
            print("case", threads, each)
            workers = [
                threading.Thread(target=account.deposit, args=(each,)) for _ in range(threads)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            assert account.balance == 100 + threads * each
        """
    )
    result = grade_code(ACCOUNTS, tests, schedules=10)
    assert result.verdict == ACCEPTED, explain(result)
    assert [t.name for t in result.tests] == [
        "test_interest",
        "test_interest_of_several",
        "test_refuses_bad_amounts",
        "test_concurrent_deposits",
    ]
    # Only the test with threads has schedules to force.
    assert [t.schedules_run for t in result.tests] == [0, 0, 0, 10]
    # The plain run's prints only: a fixture per case, its teardown after each case, and
    # stacked parametrize marks in pytest's order (the mark nearest the function outermost).
    per_case = "open\n{}close\n"
    assert result.stdout == (
        per_case.format("") * 2
        + "".join(
            per_case.format(f"case {threads} {each}\n") for each in (1, 5) for threads in (2, 4)
        )
    )


def test_a_failing_case_is_reported_with_its_id_and_values():
    solution = dedent(
        """\
        def add(a, b):
            if (a, b) == (3, 4):
                return 8
            return a + b


        def first(items):
            return items[0]


        def lookup(table, key):
            return table[key]
        """
    )
    tests = dedent(
        """\
        import pytest
        from solution import add, first, lookup


        @pytest.mark.parametrize("a,b", [(1, 2), (3, 4), (5, 6)])
        def test_add(a, b):
            assert add(a, b) == a + b


        @pytest.mark.parametrize("items", [[1, 2], []])
        def test_first(items):
            assert first(items) in items


        @pytest.mark.parametrize("key", ["a", "b"], ids=["present", "missing"])
        def test_lookup(key):
            lookup({"a": 1}, key)
        """
    )
    result = grade_code(solution, tests, schedules=2)
    assert result.verdict == WRONG_ANSWER, explain(result)
    tests_by_name = {t.name: t for t in result.tests}
    add = tests_by_name["test_add"]
    assert (add.outcome, add.line) == ("failed", 7)
    assert add.message == "[case 3-4] assert add(a, b) == a + b failed: add(a, b) is 8, a + b is 7"
    assert "test_add failed: [case 3-4] assert add(a, b) == a + b failed" in result.message
    # An error keeps its type and where it was raised; the case names the values its id hides.
    first = tests_by_name["test_first"]
    assert first.outcome == "error"
    assert first.message == (
        "IndexError: [case items1: items=[]] list index out of range at solution.py:8"
        " `return items[0]`"
    )
    assert (first.file, first.line) == ("solution.py", 8)
    lookup = tests_by_name["test_lookup"]
    assert lookup.outcome == "error"
    assert lookup.message.startswith("KeyError: '[case missing] b' at solution.py:12")


def test_a_race_in_a_parametrized_test_is_found_under_forced_schedules():
    solution = dedent(
        """\
        class Tickets:
            def __init__(self, left):
                self.left = left

            def buy(self):
                if self.left > 0:
                    self.left -= 1
                    return True
                return False
        """
    )
    tests = dedent(
        """\
        import threading

        import pytest
        from solution import Tickets


        @pytest.fixture
        def tickets():
            return Tickets(1)


        @pytest.mark.parametrize("buyers", [1, 3])
        def test_the_last_ticket_is_sold_once(tickets, buyers):
            sold = []
            threads = [
                threading.Thread(target=lambda: sold.append(tickets.buy()))
                for _ in range(buyers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sold.count(True) == 1
        """
    )
    result = grade_code(solution, tests, schedules=30)
    assert result.verdict == RACE_DETECTED, explain(result)
    race = result.races[0]
    assert race["message"].startswith("[case 3] assert sold.count(True) == 1 failed:"), race
    assert race["seed"] is not None


def test_a_lock_order_deadlock_in_a_test_with_fixtures_is_a_deadlock():
    solution = dedent(
        """\
        import threading
        import time


        class Account:
            def __init__(self, balance):
                self.balance = balance
                self.lock = threading.Lock()


        def transfer(source, target, amount):
            with source.lock:
                time.sleep(0.05)
                with target.lock:
                    source.balance -= amount
                    target.balance += amount
        """
    )
    tests = dedent(
        """\
        import threading

        import pytest
        from solution import Account, transfer


        @pytest.fixture
        def accounts():
            yield Account(100), Account(100)
            print("teardown ran")


        @pytest.mark.parametrize("there,back", [(10, 20)])
        def test_both_ways(accounts, there, back):
            a, b = accounts
            threads = [
                threading.Thread(target=transfer, args=(a, b, there)),
                threading.Thread(target=transfer, args=(b, a, back)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert a.balance + b.balance == 200


        def test_after(accounts):
            assert len(accounts) == 2
        """
    )
    result = grade_code(solution, tests)
    assert result.verdict == DEADLOCK, explain(result)
    outcomes = {t.name: t.outcome for t in result.tests}
    assert outcomes == {"test_both_ways": "deadlock", "test_after": "passed"}, explain(result)
    assert result.deadlocks[0]["cycle"] == ["Thread-1 (transfer)", "Thread-2 (transfer)"]
    assert result.deadlocks[0]["summary"].startswith("[case 10-20] Thread-1 (transfer) holds")
    assert "solution.py:14 `with target.lock:`" in result.deadlocks[0]["summary"]


def test_pytest_raises_and_approx_failures_say_what_was_expected_and_what_happened():
    solution = dedent(
        """\
        def parse(text):
            if not text.isdigit():
                raise TypeError("not a number: " + text)
            return int(text)


        def average(values):
            return sum(values) / (len(values) + 1)
        """
    )
    tests = dedent(
        """\
        import pytest
        from solution import average, parse


        def test_wrong_type():
            with pytest.raises(ValueError):
                parse("x1")


        def test_nothing_raised():
            pytest.raises(ValueError, parse, "12")


        def test_message():
            with pytest.raises(TypeError, match="^expected"):
                parse("x1")


        def test_approx():
            mean = average([0.5, 1.5])
            assert mean == pytest.approx(1.0)


        def test_approx_abs():
            assert average([2.0, 4.0]) == pytest.approx(3, abs=0.5)
        """
    )
    result = grade_code(solution, tests, schedules=2)
    assert result.verdict == WRONG_ANSWER, explain(result)
    assert {t.name: (t.outcome, t.message, t.line) for t in result.tests} == {
        "test_wrong_type": (
            "failed",
            "expected ValueError, but got TypeError: not a number: x1 at solution.py:3"
            ' `raise TypeError("not a number: " + text)`',
            6,
        ),
        "test_nothing_raised": (
            "failed",
            "expected parse() to raise ValueError, but nothing was raised",
            11,
        ),
        "test_message": (
            "failed",
            "expected TypeError with a message matching '^expected', but the TypeError raised"
            " says 'not a number: x1'",
            15,
        ),
        "test_approx": (
            "failed",
            "assert mean == pytest.approx(1.0) failed: mean is 0.6666666666666666,"
            " pytest.approx(1.0) is 1.0 ± 1.0e-06",
            21,
        ),
        "test_approx_abs": (
            "failed",
            "assert average([2.0, 4.0]) == pytest.approx(3, abs=0.5) failed:"
            " average([2.0, 4.0]) is 2.0, pytest.approx(3, abs=0.5) is 3 ± 5.0e-01",
            25,
        ),
    }


def test_unsupported_features_and_author_mistakes_are_named():
    tests = dedent(
        """\
        import pytest


        @pytest.fixture
        def ready():
            return True


        def test_unknown_fixture(ready, missing):
            pass


        def test_skip():
            pytest.skip("later")


        def test_warns():
            with pytest.warns(UserWarning):
                pass


        def test_fail():
            pytest.fail("the queue should be empty")


        @pytest.mark.slow
        @pytest.mark.timeout(3)
        def test_other_marks_do_nothing():
            pass
        """
    )
    result = grade_code("x = 1\n", tests, schedules=1)
    messages = {t.name: (t.outcome, t.message) for t in result.tests}
    assert messages["test_unknown_fixture"] == (
        "error",
        "FixtureLookupError: fixture 'missing' not found: the test has a parameter 'missing',"
        " but no fixture of that name is defined in the test module (fixtures: ready) at an"
        " unknown place",
    ), explain(result)
    assert messages["test_skip"][1].startswith(
        "UnsupportedError: pytest.skip is not supported in exercise tests at test_solution.py:14"
    )
    assert messages["test_warns"][1].startswith(
        "AttributeError: pytest.warns is not available in exercise tests (only raises, approx,"
    )
    assert messages["test_fail"] == ("failed", "the queue should be empty")
    assert messages["test_other_marks_do_nothing"] == ("passed", "")
