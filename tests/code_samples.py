"""Student code and tests used by many test modules. Plain strings, no Django: the
sandbox tests (run with `-p no:django`) use them too."""

COUNTER_SOLUTION = """\
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self.value += 1
"""

UNLOCKED_COUNTER = """\
class Counter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1
"""

COUNTER_TESTS = """\
import threading

from solution import Counter


def test_one_thread_counts():
    counter = Counter()
    for _ in range(10):
        counter.increment()
    assert counter.value == 10
"""

COUNTER_HIDDEN_TESTS = """\
def test_eight_threads_lose_no_increment():
    counter = Counter()

    def work():
        for _ in range(200):
            counter.increment()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value == 1600
"""


DEADLOCKING_TRANSFER = """\
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    with source.lock:
        with target.lock:
            source.balance -= amount
            target.balance += amount
"""

ORDERED_TRANSFER = """\
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    first, second = sorted((source, target), key=id)
    with first.lock:
        with second.lock:
            source.balance -= amount
            target.balance += amount
"""

TRANSFER_EXAMPLE = """\
from solution import Account, transfer


def test_one_transfer_moves_money():
    a, b = Account(10), Account(0)
    transfer(a, b, 4)
    assert (a.balance, b.balance) == (6, 4)
"""

TRANSFER_TESTS = """\
import threading

from solution import Account, transfer


def test_opposite_transfers_all_finish_and_keep_the_total():
    a, b = Account(1000), Account(1000)

    def pay(source, target):
        for _ in range(20):
            transfer(source, target, 1)

    threads = [threading.Thread(target=pay, args=(a, b)), threading.Thread(target=pay, args=(b, a))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert a.balance + b.balance == 2000
"""

# A lock made on every call (line 10): each thread holds its own, so `+=` races all the same.
LOCK_PER_CALL_COUNTER = """\
import threading


class Counter:
    def __init__(self):
        self.value = 0

    def add(self, times):
        for _ in range(times):
            with threading.Lock():
                self.value += 1
"""

# Four threads add 50 each to one Counter (`add(times)`).
ADDING_COUNTER_TESTS = """\
import threading
from solution import Counter


def test_four_threads_count_every_increment():
    counter = Counter()
    threads = [threading.Thread(target=counter.add, args=(50,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value == 200
"""
