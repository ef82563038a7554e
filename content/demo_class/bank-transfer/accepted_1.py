import itertools
import threading

_next_id = itertools.count(1)


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, balance):
        self.id = next(_next_id)
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    if amount <= 0:
        raise ValueError("amount must be positive")
    if src is dst:
        raise ValueError("same account")
    # always lock the smaller id first, whichever way the money goes
    first, second = (src, dst) if src.id < dst.id else (dst, src)
    with first.lock, second.lock:
        if src.balance < amount:
            raise InsufficientFunds()
        src.balance -= amount
        dst.balance += amount


def total(accounts):
    accounts = sorted(accounts, key=lambda a: a.id)
    for a in accounts:
        a.lock.acquire()
    try:
        return sum(a.balance for a in accounts)
    finally:
        for a in reversed(accounts):
            a.lock.release()
