"""Account actions: every state change to a user goes through here."""

from __future__ import annotations

import ipaddress

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


# Login throttling, in two limits that cannot be turned against everyone:
# - per account: LOGIN_FAILURE_LIMIT wrong passwords for one email within
#   LOGIN_FAILURE_WINDOW_SECONDS pause password checks for that email, wherever they come from
#   (guessing one account's password); a successful login clears them.
# - per client address: LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE failures within a minute pause
#   that address until the minute is over (trying a few passwords on many accounts). It is a
#   rate, never a long lock-out: a school shares one address among its students, and so does
#   everyone behind a proxy when TRUSTED_PROXY_HOPS is wrong. An IPv6 client usually holds a
#   whole /64, so that is one address here.
# The site's login and the admin's share these counters (accounts.forms.ThrottledLoginMixin).

ADDRESS_WINDOW_SECONDS = 60


class LoginThrottled(Exception):
    """Too many failed logins; the message says what to do."""


def _account_key(email: str) -> str:
    return f"login-failures:email:{email.strip().lower()}"


def _address_key(client_ip: str) -> str:
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return f"login-failures:ip:{client_ip}"
    if address.version == 6:
        return f"login-failures:ip:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"login-failures:ip:{address}"


def check_login_allowed(*, email: str, client_ip: str) -> None:
    """Raise LoginThrottled when the account or the address has failed too often lately."""
    account_key, address_key = _account_key(email), _address_key(client_ip)
    counts = cache.get_many([account_key, address_key])
    if counts.get(account_key, 0) >= settings.LOGIN_FAILURE_LIMIT:
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
        raise LoginThrottled(
            f"Too many failed attempts for this account. Wait {minutes} minutes and try again."
        )
    if counts.get(address_key, 0) >= settings.LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE:
        raise LoginThrottled(
            "Too many failed attempts from your network. Wait a minute and try again."
        )


def record_login_failure(*, email: str, client_ip: str) -> None:
    _count(_account_key(email), window=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    _count(_address_key(client_ip), window=ADDRESS_WINDOW_SECONDS)


def _count(key: str, *, window: int) -> None:
    # add() is a no-op when the key exists, so the window starts at the first failure.
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)


def clear_login_failures(*, email: str) -> None:
    cache.delete(_account_key(email))
