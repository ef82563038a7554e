# corpus: bank-transfer
# expect: accepted  none
# why: Every transfer and every total runs under one module-wide lock (the per-account locks exist but are never taken), so nothing can interleave and no cycle is possible; the tests check results, not which locks are held, so this passes.

import itertools
import threading

_ids = itertools.count(1)
_bank = threading.Lock()


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, balance):
        self.id = next(_ids)
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    if amount <= 0 or src is dst:
        raise ValueError("bad transfer")
    with _bank:
        if src.balance < amount:
            raise InsufficientFunds(src.id)
        src.balance -= amount
        dst.balance += amount


def total(accounts):
    with _bank:
        return sum(a.balance for a in accounts)
