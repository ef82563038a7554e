"""Test settings: Spindle's settings with the real local services as defaults.

Tests always run against PostgreSQL and Redis, never SQLite or an in-memory broker. The defaults
are set here, before config.settings reads the environment.
"""

import os
import uuid

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spindle")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# A queue and a cache prefix of this run's own, so a developer's worker (or a second test run)
# never takes our tasks and our cache clean-up never touches theirs. Worker processes the tests
# start inherit them through the environment.
os.environ.setdefault("CELERY_QUEUE", f"spindle-test-{uuid.uuid4().hex[:8]}")
os.environ.setdefault("CACHE_KEY_PREFIX", f"spindle-test-{uuid.uuid4().hex[:8]}")
# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: E402, F403  (reads the environment set above)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only

# A test database of this run's own, so two runs on one machine (a developer's and CI's) never
# drop each other's. Worker processes the tests start are given its URL explicitly.
DATABASES["default"]["TEST"] = {"NAME": f"test_spindle_{os.getpid()}"}  # noqa: F405
