"""Recovery and backlog: how soon a grading whose worker was killed (SIGKILL, mid-grade) gets
its verdict, and how fast a burst of submissions drains while the reaper keeps its beat.

Prints: seconds from the worker's restart to the verdict (one worker), seconds from the kill to
the verdict with a second worker already running, and gradings per second for a burst of 300
submissions from 300 students, with how often the reaper ran meanwhile.

    .venv/bin/python bench/recovery.py
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import (  # noqa: E402
    django_on_bench_database,
    start_worker,
    stop_worker,
)

SLOW = """\
import time
_until = time.monotonic() + 2
while time.monotonic() < _until:
    pass


def one():
    return 1
"""
TRIVIAL = {
    "slug": "bench-recovery",
    "title": "Trivial",
    "prompt": "Return 1.",
    "starter_code": "def one():\n    return 1\n",
    "visible_tests": "from solution import one\n\n\ndef test_one():\n    assert one() == 1\n",
    "hidden_tests": "def test_again():\n    assert one() == 1\n",
    "reference_solution": "def one():\n    return 1\n",
    "schedules": 1,
    "limits": {"wall_seconds": 40.0},
}
BURST = 300


def kill(worker) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def wait_status(pk: int, status: str, timeout: float = 120) -> float:
    from exercises.models import Submission

    deadline = time.monotonic() + timeout
    while Submission.objects.get(pk=pk).status != status:
        if time.monotonic() > deadline:
            raise SystemExit(f"submission {pk} never became {status}")
        time.sleep(0.02)
    return time.monotonic()


def main() -> None:
    django_on_bench_database()
    from django.conf import settings

    from accounts.models import User
    from courses.bundle import import_bundle
    from courses.services import enroll
    from exercises import services
    from exercises.bundle import save_exercise
    from exercises.models import Submission
    from exercises.services.reaper import reaper_last_run
    from tests.factories import make_bundle

    course = import_bundle(make_bundle(slug="bench-recovery", chapters=1, lessons_per_chapter=1))
    exercise = save_exercise(course.lessons.get(), TRIVIAL)
    students = []
    for i in range(BURST):
        student, _ = User.objects.get_or_create(
            email=f"bench-burst-{i}@example.com", defaults={"name": f"Burst {i}"}
        )
        enroll(user=student, course=course)
        students.append(student)
    Submission.objects.filter(exercise=exercise).delete()

    schedule = Path(tempfile.mkdtemp()) / "celerybeat-schedule"
    maintenance = start_worker(
        1,
        queue=settings.CELERY_MAINTENANCE_QUEUE,
        args=("--beat", "--schedule", str(schedule)),
    )
    worker = start_worker(2)
    second = None
    try:
        # One worker: kill it mid-grade, start it again, time to the verdict.
        submission = services.submit(user=students[0], exercise=exercise, code=SLOW)
        wait_status(submission.pk, "running")
        kill(worker)
        worker = start_worker(2)
        back = time.monotonic()
        after_restart = wait_status(submission.pk, "done") - back

        # Two workers: kill the one grading, the other takes over.
        second = start_worker(2)
        submission = services.submit(user=students[1], exercise=exercise, code=SLOW)
        wait_status(submission.pk, "running")
        time.sleep(0.5)
        kill(worker)  # the first worker, the only one consuming before `second` started
        killed = time.monotonic()
        after_kill = wait_status(submission.pk, "done") - killed
        worker = start_worker(2)
        stop_worker(second)
        second = None

        # A burst: every student submits at once; the reaper must keep its beat meanwhile.
        Submission.objects.filter(exercise=exercise).delete()
        started = time.monotonic()
        ids = [
            services.submit(user=student, exercise=exercise, code=TRIVIAL["reference_solution"]).pk
            for student in students
        ]
        beats = set()
        while Submission.objects.filter(pk__in=ids).exclude(status="done").exists():
            last = reaper_last_run()
            if last is not None:
                beats.add(last)
            time.sleep(0.2)
        drained = time.monotonic() - started
        attempts = set(Submission.objects.filter(pk__in=ids).values_list("attempts", flat=True))
    finally:
        for process in (worker, second, maintenance):
            if process is not None:
                stop_worker(process)

    print(f"lease {settings.GRADING_LEASE_SECONDS} s, reaper every "
          f"{settings.REAPER_INTERVAL_SECONDS} s")  # fmt: skip
    print(f"kill -9 mid-grade, one worker: verdict {after_restart:.1f} s after it is back")
    print(f"kill -9 mid-grade, a second worker running: verdict {after_kill:.1f} s after the kill")
    print(
        f"burst of {BURST} submissions: drained in {drained:.1f} s ({BURST / drained:.1f}"
        f" gradings/s), attempts per submission {sorted(attempts)}, reaper ran {len(beats)}"
        " times meanwhile"
    )


if __name__ == "__main__":
    main()
