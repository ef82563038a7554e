"""Values about one signed-in reader kept between their pages until something of theirs changes:
the navigation's count of cards due for review, their practice-test scores.

Each value is stored with the reader's generation at the moment it was read from the database.
`forget(user_id)` moves the generation, at once and again when the change commits; a value read
before the change committed carries an older generation and is never believed, whenever its
store lands. (A delete instead would race the store: a page that counted the old states could
write its count back after the delete.) A value may also say when it stops being true by itself
(the next card falling due).

Nothing here is the only copy of anything: with Redis unreachable every read is a miss and the
page reads the database, as it would without this cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

T = TypeVar("T")

# The longest a value is kept. The generation outlives every value made under it.
MAX_SECONDS = 3600
GENERATION_SECONDS = 2 * MAX_SECONDS


def _key(user_id: int, name: str) -> str:
    return f"reader:{user_id}:{name}"


def remember(
    user_id: int,
    name: str,
    compute: Callable[[], tuple[T, datetime | None]],
    *,
    seconds: int,
) -> T:
    """compute()'s value for this reader, kept for `seconds` at most (up to MAX_SECONDS), until
    the reader's next change, or until the time compute() returned with it (None: no such
    time). One round trip to the cache when kept."""
    assert seconds <= MAX_SECONDS
    value_key, generation_key = _key(user_id, name), _key(user_id, "generation")
    found = cache.get_many([value_key, generation_key])
    generation = found.get(generation_key, 0)
    kept = found.get(value_key)
    if kept is not None:
        value, until, kept_generation = kept
        if kept_generation == generation and (until is None or timezone.now() < until):
            return value
    value, until = compute()
    cache.set(value_key, (value, until, generation), seconds)
    return value


def forget(user_id: int) -> None:
    """Something of this reader's changed: read it afresh on their next page. Now, and again
    after the change commits (a page in between may have read the old rows)."""
    _next_generation(user_id)
    transaction.on_commit(lambda: _next_generation(user_id))


def _next_generation(user_id: int) -> None:
    key = _key(user_id, "generation")
    cache.add(key, 0, timeout=GENERATION_SECONDS)
    # ValueError: gone between add and incr, or the cache is unreachable (then every read is a
    # miss anyway).
    with contextlib.suppress(ValueError):
        cache.incr(key)
