"""Locks the accounts in argument order: a->b and b->a at once can deadlock."""

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
        raise ValueError("bad transfer")
    with src.lock:  # noqa: SIM117 - one lock per line, as students write it and as reported
        with dst.lock:
            if src.balance < amount:
                raise InsufficientFunds(src.id)
            src.balance -= amount
            dst.balance += amount


def total(accounts):
    locks = [account.lock for account in accounts]
    for lock in locks:
        lock.acquire()
    try:
        return sum(account.balance for account in accounts)
    finally:
        for lock in locks:
            lock.release()
