"""The version of the course content, for the caches of what every reader of a page shares.

A lesson's text is the same for every reader and changes only when an author saves, so the page
caches its rendered content (courses/templates/courses/lesson.html, `{% cache %}`) under a key
that holds this version. Any save or delete of course content (courses/signals.py), every bundle
import (courses/bundle.py) and every bulk write that sends no signal (publishing in the admin, a
finished recording) replaces the version: the old entries are never read again and expire. One
version for all lessons: authors save rarely, and a lesson's components need not be traced back
to their lesson.

Besides rendered fragments, `remember` keeps reader-independent data under the same version (a
lesson's place in its course, its practice tests, its game levels; the catalog's courses), so a
visitor's lesson page needs no SQL at all and a student's only the queries about them.

Two tiers: the version lives in the shared cache (Redis), read once per page; what is kept under
a version never changes, so each process keeps it in its own memory (the "content" cache,
config/settings.py) and a page reads it without another round trip. A version change lost to a
Redis outage shows when the entries expire, after FRAGMENT_SECONDS at most. Without REDIS_URL
the version is per process too (LocMemCache): fine for runserver, but several processes would
each keep their own version.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches
from django.db import transaction

KEY = "courses:content-version"
FRAGMENT_SECONDS = 300
# Where what is kept under a version lives (the templates' {% cache … using="content" %} too):
# per process (config/settings.py), since nothing under a version ever changes.
CACHE_ALIAS = "content"

T = TypeVar("T")
_MISSING = object()


def current() -> str | None:
    """The version, or None when the cache cannot be reached (then nothing is cached)."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, secrets.token_hex(8), timeout=None)  # add: concurrent first readers agree
        version = cache.get(KEY)
    return version


def _replace() -> None:
    cache.set(KEY, secrets.token_hex(8), timeout=None)


def bump() -> None:
    """A new version now, so the change's own transaction reads it fresh, and again once that
    transaction has committed: a reader in between may have cached the old content under the
    first new version."""
    _replace()
    transaction.on_commit(_replace)


def remember(name: str, compute: Callable[[], T], *, version: str | None) -> T:
    """compute()'s value, kept under `name` for this content version: only for values that are
    the same for every reader who may see them. None is never kept (a 404 for a made-up slug
    must not fill the cache), nor is anything without a version (Redis unreachable)."""
    if version is None:
        return compute()
    kept = caches[CACHE_ALIAS]
    key = f"courses:content:{version}:{name}"
    value = kept.get(key, _MISSING)  # a fresh copy (unpickled): callers may annotate it
    if value is _MISSING:
        value = compute()
        if value is not None:
            kept.set(key, value, FRAGMENT_SECONDS)
    return value
