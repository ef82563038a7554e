# corpus: bank-transfer
# expect: deadlock  lock_order_deadlock
# why: The locks are ordered by balance, which is not a fixed order: with equal balances sorted() keeps (src, dst), so a->b locks a then b while b->a locks b then a; test_transfers_in_opposite_directions_finish (and the ring test) can end with each thread holding one lock and waiting for the other.

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
    if amount <= 0:
        raise ValueError("amount must be positive")
    if src is dst:
        raise ValueError("same account")
    # always lock the poorer account first so everybody agrees on the order
    first, second = sorted([src, dst], key=lambda account: account.balance)
    with first.lock:
        with second.lock:
            if src.balance < amount:
                raise InsufficientFunds(src.id)
            src.balance -= amount
            dst.balance += amount


def total(accounts):
    ordered = sorted(accounts, key=lambda account: account.id)
    for account in ordered:
        account.lock.acquire()
    try:
        return sum(account.balance for account in ordered)
    finally:
        for account in ordered:
            account.lock.release()
