"""Account actions: every state change to a user goes through here."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from accounts.models import User


class EmailTaken(Exception):
    pass


@transaction.atomic
def register_student(*, name: str, email: str, password: str) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(email)
    return User.objects.create_user(email=email, password=password, name=name.strip())


@transaction.atomic
def update_profile(*, user: User, name: str, email: str) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise EmailTaken(email)
    user.name = name.strip()
    user.email = email
    user.save(update_fields=["name", "email"])
    return user


# Login throttling. Failures are counted per email and per client address, so neither guessing
# one account's password nor spraying many accounts from one address gets far.


def _failure_keys(*, email: str, client_ip: str) -> list[str]:
    return [f"login-failures:email:{email.strip().lower()}", f"login-failures:ip:{client_ip}"]


def login_is_throttled(*, email: str, client_ip: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    email_key, ip_key = _failure_keys(email=email, client_ip=client_ip)
    counts = cache.get_many([email_key, ip_key])
    # The per-address budget is larger: a school shares one address among many students.
    return counts.get(email_key, 0) >= limit or counts.get(ip_key, 0) >= limit * 10


def record_login_failure(*, email: str, client_ip: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _failure_keys(email=email, client_ip=client_ip):
        # add() is a no-op when the key exists, so the window starts at the first failure.
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)


def clear_login_failures(*, email: str) -> None:
    cache.delete(f"login-failures:email:{email.strip().lower()}")
