# corpus: bank-transfer
# expect: race_detected  lost_update
# why: transfer holds only the source's lock, so `dst.balance += amount` runs while another thread that holds dst's own lock is changing dst.balance too; one of the two writes is lost and test_transfers_in_opposite_directions_finish (and the ring test) end with wrong balances under some interleaving.

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
    # Only src can run out of money, so only src needs to be locked.
    # (Locking one account at a time also means no deadlock.)
    with src.lock:
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
