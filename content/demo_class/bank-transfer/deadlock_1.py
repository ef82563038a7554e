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
    # lock the account the money leaves first, then the one it goes to
    with src.lock, dst.lock:
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
        for a in accounts:
            a.lock.release()
