"""Redis restarts: how soon gradings resume once Redis is back, and what becomes of the one
that was running.

Starts a Redis of its own (never the shared one) and a worker on it, then stops that Redis for
3 s and for 10 s (the outages of issue 10), once while the worker is idle and once while it
grades a 3-second submission. The moment Redis answers again a trivial submission is sent;
prints the seconds from Redis being back to that submission's verdict (with a trivial
grading's latency on a steady Redis for comparison), the verdict of the grading caught
mid-way, and whether the worker survived every restart.

    .venv/bin/python bench/redis_restart.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import django_on_bench_database, start_worker, stop_worker  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

TRIVIAL = {
    "slug": "bench-redis-trivial",
    "title": "Trivial",
    "prompt": "Return 1.",
    "starter_code": "def one():\n    return 1\n",
    "visible_tests": "from solution import one\n\n\ndef test_one():\n    assert one() == 1\n",
    "hidden_tests": "def test_again():\n    assert one() == 1\n",
    "reference_solution": "def one():\n    return 1\n",
    "schedules": 1,
}
# Twelve tests that each wait 0.25 s on a real select(): about 3 s of grading, progress
# published all along, little CPU.
SLOW_TEST = "\n\ndef test_{i}():\n    select.select([], [], [], 0.25)\n    assert one() == 1\n"
SLOW = {
    **TRIVIAL,
    "slug": "bench-redis-slow",
    "visible_tests": "import select\n\nfrom solution import one\n" + SLOW_TEST.format(i=0),
    "hidden_tests": "".join(SLOW_TEST.format(i=i) for i in range(1, 12)),
    "schedules": 0,
    "limits": {"wall_seconds": 30.0},
}
OUTAGES = (3, 10)


def main() -> None:
    log_dir = Path(tempfile.mkdtemp(prefix="spindle-bench-redis-"))
    redis_server = RedisServer(log_path=log_dir / "redis.log")
    redis_server.start()
    # Everything in this process and the worker talks to that Redis: cache, broker, results.
    os.environ["REDIS_URL"] = redis_server.url()
    django_on_bench_database()
    from accounts.models import User
    from courses.bundle import import_bundle
    from exercises import services
    from exercises.bundle import save_exercise
    from exercises.models import Submission
    from tests.factories import make_bundle

    course = import_bundle(make_bundle(slug="bench-redis", chapters=1, lessons_per_chapter=1))
    lesson = course.lessons.get()
    trivial, slow = save_exercise(lesson, TRIVIAL), save_exercise(lesson, SLOW, order=1)
    sent = 0

    def send(exercise) -> int:
        nonlocal sent  # a student per submission: no grading limit gets in the way
        sent += 1
        email = f"bench-redis-{sent}@example.com"
        student, _ = User.objects.get_or_create(email=email, defaults={"name": "Bench Redis"})
        Submission.objects.filter(user=student).delete()
        grading = services.Grading(exercise, exercise.reference_solution)
        [submission] = services.send_to_grader(user=student, gradings=[grading], kind="submit")
        return submission.pk

    def verdict_at(pk: int, timeout: float = 120) -> tuple[str, float]:
        deadline = time.monotonic() + timeout
        while True:
            row = Submission.objects.values("status", "verdict").get(pk=pk)
            if row["status"] == "done":
                return row["verdict"], time.monotonic()
            if time.monotonic() > deadline:
                raise SystemExit(f"submission {pk} had no verdict after {timeout} s")
            time.sleep(0.01)

    def running(pk: int) -> None:
        while Submission.objects.get(pk=pk).status != "running":
            time.sleep(0.01)

    worker = start_worker(concurrency=2)
    survived = True
    try:
        steady = []
        for _ in range(5):
            start = time.monotonic()
            steady.append(verdict_at(send(trivial))[1] - start)
        print("trivial submission -> verdict with Redis steady: "
              f"{min(steady):.2f} s best, {max(steady):.2f} s worst of {len(steady)}")  # fmt: skip
        print("Redis stopped, then back: seconds from Redis answering to the next verdict")
        for outage in OUTAGES:
            for moment in ("idle", "mid-grade"):
                caught = None
                if moment == "mid-grade":
                    caught = send(slow)
                    running(caught)
                    time.sleep(0.5)  # a few progress events in
                redis_server.stop()
                time.sleep(outage)
                redis_server.start()
                back = time.monotonic()
                verdict, at = verdict_at(send(trivial))
                line = f"  {outage:2d} s outage, {moment:9s}: {at - back:5.2f} s ({verdict})"
                if caught is not None:
                    line += f"; the grading caught mid-way: {verdict_at(caught)[0]}"
                print(line)
                survived = survived and worker.poll() is None
        print(f"worker survived every restart: {'yes' if survived else 'NO'}")
    finally:
        stop_worker(worker)
        redis_server.stop()


if __name__ == "__main__":
    main()
