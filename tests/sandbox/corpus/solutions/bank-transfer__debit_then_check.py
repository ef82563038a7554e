# corpus: bank-transfer
# expect: wrong_answer  wrong_result
# why: transfer takes the money out first and only then raises InsufficientFunds, without putting it back, so a refused transfer still changes the source; test_a_transfer_without_enough_money_changes_nothing fails in a plain run.

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
    first, second = sorted((src, dst), key=lambda account: account.id)
    with first.lock, second.lock:
        src.balance -= amount
        if src.balance < 0:
            raise InsufficientFunds(src.id)
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
