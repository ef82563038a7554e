"""The cast of users and the real services every test talks to (see tests/settings.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.redis_server import RedisServer

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_cache():
    """Drop this run's cache keys (only ours: Celery's broker shares the Redis database)."""
    yield
    import redis
    from django.conf import settings

    if not settings.configured:  # the Django-free sandbox tests, run with `-p no:django`
        return
    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)


def _user(**fields):
    # Imported here so the Django-free sandbox tests can run with `-p no:django`.
    from tests.factories import UserFactory

    return UserFactory(**fields)


@pytest.fixture
def student(db):
    return _user(name="Stella Student", email="stella@example.com")


@pytest.fixture
def other_student(db):
    return _user(name="Oscar Other", email="oscar@example.com")


@pytest.fixture
def teacher(db):
    return _user(name="Terry Teacher", email="terry@example.com", role="teacher")


@pytest.fixture
def staff(db):
    return _user(
        name="Sam Staff", email="sam@example.com", role="staff", is_staff=True, is_superuser=True
    )


def wait_for(condition, *, timeout: float = 20.0, interval: float = 0.05, message: str = ""):
    """Poll `condition` until it returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message or condition}")
        time.sleep(interval)


def worker_database_url(connection) -> str:
    """The URL of the test database, for worker processes the tests start."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class WorkerProcess:
    """A real `celery worker` process on Redis, consuming this run's queue, on the test database.

    Tests may kill it (as a crash would) and start it again. `env={"REDIS_URL": …}` puts it on a
    Redis of its own (see the `own_redis` fixture).
    """

    def __init__(
        self,
        *,
        database_url: str,
        queue: str,
        log_path: Path,
        env: dict | None = None,
        args: tuple[str, ...] = (),
    ) -> None:
        self.database_url = database_url
        self.queue = queue
        self.log_path = log_path
        self.extra_env = env or {}
        self.args = args  # more `celery worker` options, e.g. --beat
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from config.celery import ping

        env = {**os.environ, "DATABASE_URL": self.database_url, "DATABASE_CONN_MAX_AGE": "0",
               **self.extra_env}  # fmt: skip
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
                 "--concurrency=2", "--queues", self.queue,
                 "--hostname", f"test-{uuid.uuid4().hex[:6]}@%h",
                 "--without-gossip", "--without-mingle", *self.args],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            if "REDIS_URL" in self.extra_env:
                self._ping_on_own_redis(self.extra_env["REDIS_URL"])
            else:
                ping.apply_async(queue=self.queue).get(timeout=60)
        except Exception:
            self.kill()
            pytest.fail(f"the Celery worker did not answer:\n{self.log()[-4000:]}")

    def _ping_on_own_redis(self, url: str) -> None:
        """Send a ping through the worker's broker and find its result in the worker's Redis."""
        import redis

        from config.celery import app, ping

        with app.connection_for_write(url) as connection:
            task_id = ping.apply_async(queue=self.queue, connection=connection).id
        results = redis.Redis.from_url(url)
        deadline = time.monotonic() + 60
        while not results.exists(f"celery-task-meta-{task_id}"):
            if time.monotonic() > deadline or self.poll() is not None:
                raise TimeoutError("no answer to the ping")
            time.sleep(0.05)

    def poll(self) -> int | None:
        return self.process.poll()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once, as a crash or OOM would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of the test's own (see tests/redis_server.py), started; the test may stop it."""
    try:
        server = RedisServer(log_path=tmp_path / "redis.log")
    except FileNotFoundError as missing:
        pytest.skip(str(missing))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.db import connection

    worker = WorkerProcess(
        database_url=worker_database_url(connection),
        queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        log_path=tmp_path_factory.mktemp("celery") / "worker.log",
    )
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def maintenance_process(django_db_setup, tmp_path):
    """The upkeep worker as deployed: beat plus the maintenance queue (the reaper every few
    seconds), on the test database."""
    from django.conf import settings
    from django.db import connection

    worker = WorkerProcess(
        database_url=worker_database_url(connection),
        queue=settings.CELERY_MAINTENANCE_QUEUE,
        log_path=tmp_path / "maintenance.log",
        args=("--beat", "--schedule", str(tmp_path / "celerybeat-schedule")),
    )
    worker.start()
    yield worker
    worker.stop()
