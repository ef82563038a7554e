"""Django's Redis cache, for which a Redis outage is a run of cache misses instead of errors.

Nothing we keep in the cache is the only copy of anything: live progress of a grading (the
verdict is in PostgreSQL), login-failure counts (a cool-down that is briefly not enforced), the
reaper's last beat. So when Redis cannot be reached, every cache call answers as if the key were
absent, and the page or grading goes on. Django's own RedisCache raises instead (a 500 for the
page, an Internal Error for the grading); a subclass, rather than a try/except at each caller,
keeps that promise for every cache call, including the ones Django itself makes.

So that an unreachable Redis does not cost a timeout on every call: connecting and reading
time out after half a second, and after a failure the cache is skipped (every call a miss) for
a short pause before Redis is tried again. The first failure and the recovery are logged once
each, with how many calls were missed in between.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as redis_errors
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

# Redis on the local network answers in well under a millisecond; a server that has not
# answered in this long is treated as down.
SOCKET_TIMEOUT_SECONDS = 0.5
# After a failure, calls are misses without touching Redis for this long.
PAUSE_AFTER_FAILURE_SECONDS = 2.0


class _Outage:
    """A client's view of Redis: since when it has been failing, and what it has missed."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.retry_at = 0.0
        self.missed = 0

    def skipping(self) -> bool:
        if self.since is not None and time.monotonic() < self.retry_at:
            self.missed += 1
            return True
        return False

    def failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        self.missed += 1
        self.retry_at = now + PAUSE_AFTER_FAILURE_SECONDS
        if self.since is None:
            self.since = now
            log.warning(
                "Redis cache unreachable (%s on %s: %s); cache calls are misses until it answers",
                type(error).__name__, operation, error,
            )  # fmt: skip

    def answered(self) -> None:
        if self.since is not None:
            log.warning(
                "Redis cache answers again after %.1f s; %d cache calls were misses",
                time.monotonic() - self.since, self.missed,
            )  # fmt: skip
            self.since, self.missed = None, 0


class TolerantRedisCacheClient(RedisCacheClient):
    """Each cache call, with an unreachable Redis answered as a miss. Django keeps a cache (and
    so a client) per thread: the outage is tracked per process, or per thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outage = _Outage()
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis around the pool on every call, and building one
        # copies its table of ~170 response callbacks: a third of a millisecond per cache call,
        # more than the round trip to Redis. The client is a thin, thread-safe wrapper of its
        # pool, so one per pool serves every call.
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._pools.get(index) or self._pool_class.from_url(
                self._servers[index], **self._pool_options
            )
            self._pools[index] = pool
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    def _call(self, operation: str, miss: Any, *args: Any) -> Any:
        if self._outage.skipping():
            return miss
        try:
            result = getattr(super(), operation)(*args)
        except (redis_errors.ConnectionError, redis_errors.TimeoutError) as error:
            self._outage.failed(operation, error)
            return miss
        self._outage.answered()
        return result

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        value = self._call("incr", None, key, delta)
        if value is None:  # what incr() does for a key that is not there
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def set_many(self, data, timeout):
        self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
        self._options = {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            # One immediate reconnect: after Redis restarts, the first command on a pooled
            # connection meets the closed socket, and should not count as an outage.
            "retry": Retry(NoBackoff(), 1),
            **self._options,
        }
