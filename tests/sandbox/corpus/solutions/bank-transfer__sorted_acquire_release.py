# corpus: bank-transfer
# expect: accepted  none
# why: transfer and total both take the account locks sorted by id with explicit acquire() and release them in finally, and the balance check happens under the locks, so there is no lock cycle and no overdraft.

import threading

_last_id = 0
_id_lock = threading.Lock()


class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, balance):
        global _last_id
        with _id_lock:
            _last_id += 1
            self.id = _last_id
        self.balance = balance
        self.lock = threading.Lock()


def _lock_all(accounts):
    ordered = sorted(accounts, key=lambda account: account.id)
    for account in ordered:
        account.lock.acquire()
    return ordered


def _unlock_all(ordered):
    for account in reversed(ordered):
        account.lock.release()


def transfer(src, dst, amount):
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    if src is dst:
        raise ValueError("source and destination are the same account")
    held = _lock_all([src, dst])
    try:
        if src.balance < amount:
            raise InsufficientFunds(f"account {src.id} has only {src.balance}")
        src.balance -= amount
        dst.balance += amount
    finally:
        _unlock_all(held)


def total(accounts):
    held = _lock_all(accounts)
    try:
        return sum(account.balance for account in accounts)
    finally:
        _unlock_all(held)
