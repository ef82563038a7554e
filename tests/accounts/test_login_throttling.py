"""Login throttling that fits a real deployment: the client address through our own proxies,
per-account locks that use the account, per-address limits that are a rate, and the admin's
login throttled like the site's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services
from config.middleware import forwarded_client_address
from tests.conftest import wait_for
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NGINX = "10.0.0.2"  # the socket address every request has behind our proxy
CLIENT_A, CLIENT_B = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def small_address_limit(settings):
    settings.LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = 5
    return 5


def log_in(client, email, password, *, url=None, via=None, forwarded=None):
    extra = {}
    if via:
        extra["REMOTE_ADDR"] = via
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        url or reverse("accounts:login"),
        {"username": email, "password": password},
        headers=headers,
        **extra,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.7", NGINX),  # no proxy trusted: the header is the client's to forge
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # the left entry came from the client
        (2, "1.1.1.1, 203.0.113.7, 192.0.2.1", "203.0.113.7"),  # CDN, then nginx
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: as far as they reach
        (1, "", NGINX),  # a request from inside, not through the proxy
        (1, "not-an-address", NGINX),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxy_hops(hops, forwarded, expected):
    meta = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": forwarded}
    assert forwarded_client_address(meta, hops=hops) == expected


def test_behind_a_proxy_one_clients_failures_do_not_throttle_another(
    client, student, settings, small_address_limit
):
    settings.TRUSTED_PROXY_HOPS = 1
    for i in range(small_address_limit):
        log_in(client, f"made-up-{i}@example.com", "nope", via=NGINX, forwarded=CLIENT_A)

    refused = log_in(client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded=CLIENT_A)
    assert b"Too many failed attempts from your network" in refused.content
    assert not logged_in(client)
    # Forging an address to the left changes nothing: nginx appends the one it saw.
    forged = log_in(
        client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded=f"{CLIENT_B}, {CLIENT_A}"
    )
    assert b"Too many failed attempts" in forged.content and not logged_in(client)

    response = log_in(client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded=CLIENT_B)
    assert response.status_code == 302 and logged_in(client)


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(
    client, student, settings, small_address_limit
):
    settings.TRUSTED_PROXY_HOPS = 0
    for i in range(small_address_limit):
        log_in(client, f"made-up-{i}@example.com", "nope", forwarded=f"192.0.2.{i}")
    response = log_in(client, student.email, DEFAULT_PASSWORD, forwarded=CLIENT_B)
    assert b"Too many failed attempts from your network" in response.content


def test_an_ipv6_client_is_one_address_across_its_64(
    client, student, settings, small_address_limit
):
    settings.TRUSTED_PROXY_HOPS = 1
    for i in range(small_address_limit):
        log_in(client, f"made-up-{i}@example.com", "nope", via=NGINX, forwarded=f"2001:db8::{i}")
    response = log_in(client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded="2001:db8::ff")
    assert b"from your network" in response.content
    response = log_in(client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded="2001:db9::1")
    assert response.status_code == 302


def test_made_up_emails_from_one_address_lock_no_account_and_pause_it_only_briefly(
    client, student, staff, small_address_limit, monkeypatch
):
    # Issue 10: 50 failed logins with made-up emails locked out everyone, the admin included.
    monkeypatch.setattr(services, "ADDRESS_WINDOW_SECONDS", 1)
    for i in range(50):
        log_in(client, f"made-up-{i}@example.com", "nope")
    assert b"from your network" in log_in(client, student.email, DEFAULT_PASSWORD).content

    # No account is locked: from elsewhere, everyone logs in at once.
    assert log_in(client, staff.email, DEFAULT_PASSWORD, via="192.0.2.50").status_code == 302
    client.post(reverse("accounts:logout"))

    # And the address itself waits only for the end of its window.
    def let_in():
        return log_in(client, student.email, DEFAULT_PASSWORD).status_code == 302

    wait_for(let_in, timeout=10, message="the address's window to end")
    assert logged_in(client)


def test_an_account_is_locked_by_its_own_failures_from_any_address(client, student, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for i in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, student.email, "nope", via=NGINX, forwarded=f"192.0.2.{i}")
    response = log_in(client, student.email, DEFAULT_PASSWORD, via=NGINX, forwarded=CLIENT_B)
    assert b"Too many failed attempts for this account. Wait 15 minutes" in response.content
    assert not logged_in(client)


def test_the_admin_login_is_throttled_like_the_site_login(client, staff, settings):
    admin_login = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 2):
        log_in(client, staff.email, "nope")
    for _ in range(2):
        response = log_in(client, staff.email, "nope", url=admin_login)
        assert b"Please enter the correct email address and password" in response.content

    response = log_in(client, staff.email, DEFAULT_PASSWORD, url=admin_login)
    assert b"Too many failed attempts for this account" in response.content
    assert not logged_in(client)
    assert b"Too many failed attempts" in log_in(client, staff.email, DEFAULT_PASSWORD).content


def test_the_admin_login_counts_towards_the_address_rate(client, staff, small_address_limit):
    admin_login = reverse("admin:login")
    for i in range(small_address_limit):
        log_in(client, f"made-up-{i}@example.com", "nope", url=admin_login)
    response = log_in(client, staff.email, DEFAULT_PASSWORD, url=admin_login)
    assert b"from your network" in response.content and not logged_in(client)


def test_a_student_with_the_right_password_at_the_admin_is_refused_but_not_counted(
    client, student, settings
):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        response = log_in(client, student.email, DEFAULT_PASSWORD, url=reverse("admin:login"))
        assert b"staff account" in response.content
    assert log_in(client, student.email, DEFAULT_PASSWORD).status_code == 302
