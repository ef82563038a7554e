# corpus: bank-transfer
# expect: deadlock  self_deadlock
# why: total() holds every account lock and then calls balance_of(), which takes the same non-reentrant lock again, so the thread waits for itself; test_a_ring_of_transfers_finishes hangs at its first total() call (plainly, in the main thread).

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


def balance_of(account):
    """Read one balance safely."""
    with account.lock:
        return account.balance


def transfer(src, dst, amount):
    if amount <= 0 or src is dst:
        raise ValueError("invalid transfer")
    first, second = sorted((src, dst), key=lambda account: account.id)
    with first.lock, second.lock:
        if src.balance < amount:
            raise InsufficientFunds(src.id)
        src.balance -= amount
        dst.balance += amount


def total(accounts):
    ordered = sorted(accounts, key=lambda account: account.id)
    for account in ordered:
        account.lock.acquire()
    try:
        return sum(balance_of(account) for account in accounts)
    finally:
        for account in ordered:
            account.lock.release()
