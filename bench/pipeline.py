"""Submit -> verdict latency through web + Redis + worker + sandbox, and throughput.

Prints p50/p95 latency of a trivial exercise submitted through the web view, and how many
trivial gradings per second per core a worker (one process per core) sustains with 100 queued.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import (  # noqa: E402
    django_on_bench_database,
    percentile,
    start_worker,
    stop_worker,
)

TRIVIAL = {
    "slug": "bench-trivial",
    "title": "Trivial",
    "prompt": "Return 1.",
    "starter_code": "def one():\n    return 1\n",
    "visible_tests": "from solution import one\n\n\ndef test_one():\n    assert one() == 1\n",
    "hidden_tests": "def test_twice():\n    assert one() + one() == 2\n",
    "reference_solution": "def one():\n    return 1\n",
    "schedules": 1,
}
LATENCY_SAMPLES = 40
THROUGHPUT_SUBMISSIONS = 100


def wait_done(submission_ids: list[int], *, poll: float, timeout: float = 300) -> None:
    from exercises.models import Submission

    deadline = time.monotonic() + timeout
    while Submission.objects.filter(pk__in=submission_ids).exclude(status="done").exists():
        if time.monotonic() > deadline:
            raise SystemExit("gradings did not finish in time")
        time.sleep(poll)


def main() -> None:
    django_on_bench_database()
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from courses.bundle import import_bundle
    from courses.services import enroll
    from exercises import services
    from exercises.bundle import save_exercise
    from exercises.models import Submission
    from tests.factories import make_bundle

    course = import_bundle(make_bundle(slug="bench-pipeline", chapters=1, lessons_per_chapter=1))
    exercise = save_exercise(course.lessons.get(), TRIVIAL)
    student, _ = User.objects.get_or_create(email="bench-student@example.com",
                                            defaults={"name": "Bench Student"})  # fmt: skip
    enroll(user=student, course=course)
    client = Client()
    client.force_login(student)
    worker = start_worker(concurrency=os.cpu_count() or 2)
    try:
        url = reverse("exercises:submit", args=[exercise.slug])
        latencies = []
        for i in range(LATENCY_SAMPLES + 3):
            Submission.objects.filter(user=student).delete()  # keep clear of the rate limit
            start = time.perf_counter()
            client.post(url, {"code": TRIVIAL["reference_solution"], "kind": "submit"})
            submission = Submission.objects.get(user=student)
            wait_done([submission.pk], poll=0.002)  # fine-grained: we time one grading
            if i >= 3:  # the first few warm up the worker's processes
                latencies.append((time.perf_counter() - start) * 1000)
            submission.refresh_from_db()
            assert submission.verdict == "accepted", submission.message
        print(f"submit -> verdict latency ({LATENCY_SAMPLES} trivial submissions via the web view)")
        print(f"  p50 {percentile(latencies, 50):6.1f} ms   p95 {percentile(latencies, 95):6.1f} ms"
              f"   mean {statistics.mean(latencies):6.1f} ms")  # fmt: skip

        users = [
            User.objects.get_or_create(email=f"bench-t{i}@example.com", defaults={"name": f"T{i}"})[
                0
            ]
            for i in range(THROUGHPUT_SUBMISSIONS)
        ]
        Submission.objects.filter(user__in=users).delete()
        start = time.perf_counter()
        with transaction.atomic():  # all 100 rows commit together, then 100 messages go out
            ids = [
                submission.pk
                for u in users
                for submission in services.send_to_grader(
                    user=u, gradings=[services.Grading(exercise, TRIVIAL["reference_solution"])],
                    kind="submit",
                )
            ]  # fmt: skip
        wait_done(ids, poll=0.1)  # coarse: leave the CPUs to the workers
        elapsed = time.perf_counter() - start
        cores = os.cpu_count() or 1
        rate = THROUGHPUT_SUBMISSIONS / elapsed
        print(f"throughput: {THROUGHPUT_SUBMISSIONS} trivial submissions queued at once")
        print(f"  {elapsed:.2f} s in all, {rate:.1f} gradings/s, {rate / cores:.1f} per core "
              f"({cores} cores, {cores} worker processes)")  # fmt: skip
        verdicts = set(Submission.objects.filter(pk__in=ids).values_list("verdict", flat=True))
        print(f"  verdicts: {sorted(verdicts)}")
    finally:
        stop_worker(worker)


if __name__ == "__main__":
    main()
