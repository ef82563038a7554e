"""Shared set-up for the benchmark scripts: a database of their own and a real worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "spindle_bench"


def django_on_bench_database() -> None:
    """Point Django at a dedicated PostgreSQL database (created and migrated on first use)."""
    import psycopg

    server = os.environ.get("BENCH_POSTGRES", "host=127.0.0.1 port=5432 user=postgres")
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("CELERY_QUEUE", f"spindle-bench-{uuid.uuid4().hex[:6]}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def start_worker(
    concurrency: int = 2, *, queue: str | None = None, args: tuple[str, ...] = ()
) -> subprocess.Popen:
    """A worker on the bench's grading queue (or `queue`), answering a ping before it returns;
    `args`: more `celery worker` options (e.g. --beat)."""
    from config.celery import ping

    queue = queue or os.environ["CELERY_QUEUE"]

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
         f"--concurrency={concurrency}", "--queues", queue, *args,
         "--without-gossip", "--without-mingle", "--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h"],
        cwd=BASE_DIR, env={**os.environ, "DATABASE_CONN_MAX_AGE": "60"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    ping.apply_async(queue=queue).get(timeout=60)
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn, repeat: int = 5) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times
