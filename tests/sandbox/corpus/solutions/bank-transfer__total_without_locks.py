# corpus: bank-transfer
# expect: race_detected  unprotected_state
# why: total() sums the balances without taking any lock, so it can read one account before a transfer and the other after it (or between the debit and the credit); test_total_never_sees_money_in_flight sees a total other than 300 under some interleaving.

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
    first, second = (src, dst) if src.id < dst.id else (dst, src)
    with first.lock, second.lock:
        if src.balance < amount:
            raise InsufficientFunds(src.id)
        src.balance -= amount
        dst.balance += amount


def total(accounts):
    # reading is harmless, no need to lock
    return sum(account.balance for account in accounts)
