# corpus: bank-transfer
# expect: race_detected  check_then_act
# why: The balance is checked before the locks are taken, so several threads can all see 40 and all take 30; test_many_threads_never_overdraw_an_account gets more than 3 successes and a negative balance under some interleaving.

import itertools
import threading

_ids = itertools.count(1)


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, balance):
        self.id = next(_ids)
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    if amount <= 0 or src is dst:
        raise ValueError("invalid transfer")
    if src.balance < amount:  # fail fast, before locking anything
        raise InsufficientFunds(f"{src.balance} < {amount}")
    first, second = sorted([src, dst], key=lambda account: account.id)
    with first.lock, second.lock:
        src.balance -= amount
        dst.balance += amount


def total(accounts):
    ordered = sorted(accounts, key=lambda account: account.id)
    for account in ordered:
        account.lock.acquire()
    try:
        return sum(account.balance for account in ordered)
    finally:
        for account in reversed(ordered):
            account.lock.release()
