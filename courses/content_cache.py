"""The version of the lesson content, for the lesson page's fragment cache.

A lesson's text is the same for every reader and changes only when an author saves, so the page
caches its rendered content (courses/templates/courses/lesson.html, `{% cache %}`) under a key
that holds this version. Any save or delete of course content (courses/signals.py) and every
bundle import (courses/bundle.py) replaces the version: the old fragments are never read again
and expire. One version for all lessons: authors save rarely, and a lesson's components need not
be traced back to their lesson.

Writes that bypass the ORM's signals (queryset.update(), e.g. a finished audio recording) show
up when the fragments expire, after FRAGMENT_SECONDS at most; so does a version change lost to a
Redis outage. Without REDIS_URL the cache is per process (LocMemCache): fine for runserver, but
several processes would each keep their own version.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

KEY = "courses:content-version"
FRAGMENT_SECONDS = 300


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
