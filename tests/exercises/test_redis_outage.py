"""A Redis restart is weather, not death: the worker rides it out and gradings keep their verdict.

Each test runs a real worker on a Redis of its own (the shared one is never stopped) and
restarts that Redis while the worker grades, or while it waits for work.
"""

from __future__ import annotations

import contextlib
import logging

import pytest
import redis
from django.urls import reverse

from config.celery import app as celery_app
from exercises.bundle import save_exercise
from exercises.models import Submission
from exercises.services import worker as grading_worker
from tests.code_samples import COUNTER_SOLUTION
from tests.conftest import WorkerProcess, wait_for, worker_database_url
from tests.factories import make_exercise_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Twelve tests that each wait 0.25 s on a real (unpatched) select(): a grading of about three
# seconds that reports progress four times a second and needs almost no CPU.
SLOW_TEST = """

def test_counts_{i}():
    select.select([], [], [], 0.25)
    counter = Counter()
    counter.increment()
    assert counter.value == 1
"""
SLOW_VISIBLE = "import select\n\nfrom solution import Counter\n" + SLOW_TEST.format(i=0)
SLOW_HIDDEN = "".join(SLOW_TEST.format(i=i) for i in range(1, 12))


@pytest.fixture
def slow_exercise(course):
    data = make_exercise_data(
        slug="slow-counter", visible_tests=SLOW_VISIBLE, hidden_tests=SLOW_HIDDEN, schedules=0,
        limits={"wall_seconds": 30.0},
    )  # fmt: skip
    return save_exercise(course.lessons.get(), data)


@pytest.fixture
def worker_on_own_redis(own_redis, settings, tmp_path):
    from django.db import connection

    worker = WorkerProcess(
        database_url=worker_database_url(connection), queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        log_path=tmp_path / "worker.log", env={"REDIS_URL": own_redis.url()},
    )  # fmt: skip
    worker.start()
    yield worker
    if worker.poll() is None:
        worker.stop()


@contextlib.contextmanager
def enqueueing_to(url: str):
    """Send gradings through `url` (the worker's own Redis) instead of the shared Redis."""
    send_task = celery_app.send_task

    def send_there(name, args=None, **options):
        with celery_app.connection_for_write(url) as connection:
            return send_task(name, args=args, connection=connection, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(celery_app, "send_task", send_there)
        yield


def submit(client, exercise) -> Submission:
    response = client.post(
        reverse("exercises:submit", args=[exercise.slug]),
        {"code": COUNTER_SOLUTION, "kind": "submit"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content
    return Submission.objects.latest("id")


def is_done(submission: Submission) -> bool:
    submission.refresh_from_db()
    return submission.status == "done"


def verdict_of(submission: Submission, *, timeout: float = 60) -> str:
    wait_for(lambda: is_done(submission), timeout=timeout,
             message=f"the verdict of submission {submission.pk}")  # fmt: skip
    return submission.verdict


# What the worker's consumer logs as it loses, retries and regains its broker connection.
LOST = "consumer: Connection to broker lost"
RETRYING = "consumer: Cannot connect to "
CONNECTED = "MainProcess] Connected to "


def said(worker: WorkerProcess, text: str) -> int:
    """How many times the worker's log says `text`."""
    return worker.log().count(text)


def progress_published(own_redis, submission: Submission) -> bool:
    keys = redis.Redis.from_url(own_redis.url()).keys(f"*submission-progress:{submission.pk}")
    return bool(keys)


def test_the_worker_rides_out_redis_restarts_mid_grading_and_idle(
    worker_on_own_redis, own_redis, client, enrolled_student, slow_exercise
):
    worker = worker_on_own_redis
    client.force_login(enrolled_student)
    with enqueueing_to(own_redis.url()):
        grading = submit(client, slow_exercise)
        wait_for(lambda: progress_published(own_redis, grading), message="live progress")

        own_redis.stop()  # mid-grading: the worker holds the message unacknowledged
        # Down until the worker has lost its connection and the grading has tried to publish
        # progress into the outage (or, as before the fix, has ended over it).
        wait_for(lambda: said(worker, LOST) == 1, message="the worker to notice")
        wait_for(lambda: "Redis cache unreachable" in worker.log() or is_done(grading),
                 message="a progress event during the outage")  # fmt: skip
        own_redis.start()

        assert verdict_of(grading) == "accepted", (grading.message, worker.log()[-4000:])
        assert "Unrecoverable error" not in worker.log() and worker.poll() is None
        wait_for(lambda: said(worker, CONNECTED) == 2, message="the worker to reconnect")

        own_redis.stop()  # idle: nothing in flight
        wait_for(lambda: said(worker, LOST) == 2, message="the worker to notice again")
        own_redis.start()

        after = submit(client, slow_exercise)
        assert verdict_of(after) == "accepted", (after.message, worker.log()[-4000:])
        assert worker.poll() is None, worker.log()[-4000:]


def test_a_grading_that_ends_while_redis_is_down_keeps_its_verdict_and_the_worker_goes_on(
    worker_on_own_redis, own_redis, client, enrolled_student, slow_exercise
):
    worker = worker_on_own_redis
    client.force_login(enrolled_student)
    with enqueueing_to(own_redis.url()):
        grading = submit(client, slow_exercise)
        wait_for(lambda: progress_published(own_redis, grading), message="live progress")

        own_redis.stop()  # down until well after the grading ended (verdict, result, ack)
        assert verdict_of(grading) == "accepted", (grading.message, worker.log()[-4000:])
        retries = said(worker, RETRYING)
        wait_for(lambda: said(worker, RETRYING) > retries, message="one more reconnection try")
        own_redis.start()

        wait_for(lambda: said(worker, CONNECTED) == 2, message="the worker to reconnect")
        after = submit(client, slow_exercise)
        assert verdict_of(after) == "accepted", (after.message, worker.log()[-4000:])
        assert "Unrecoverable error" not in worker.log() and worker.poll() is None


def test_a_submission_made_while_redis_is_down_is_kept_queued_and_the_page_answers(
    own_redis, settings, client, enrolled_student, slow_exercise
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": own_redis.url()},
    }
    own_redis.stop()
    client.force_login(enrolled_student)
    with enqueueing_to(own_redis.url()):
        submission = submit(client, slow_exercise)
    # Not sent: the reaper sends it once the broker is back (see test_infrastructure_failures).
    assert submission.status == "queued" and submission.enqueued_at is None
    page = client.get(submission.get_absolute_url(), headers={"HX-Request": "true"})
    assert page.status_code == 200 and b"Queued" in page.content


def test_live_progress_that_cannot_be_published_is_skipped_and_logged_once(monkeypatch, caplog):
    class BrokenCache:  # whatever the cache raises, the grading it reports on goes on
        def set(self, *args, **kwargs):
            raise RuntimeError("the cache is broken")

    monkeypatch.setattr(grading_worker, "cache", BrokenCache())
    monkeypatch.setattr(grading_worker, "PROGRESS_EVERY_SECONDS", 0)
    publish = grading_worker._progress_publisher(1)
    with caplog.at_level(logging.WARNING, logger="exercises.services.worker"):
        for schedule in (1, 2, 3):
            publish({"event": "progress", "phase": "schedules", "test": "test_x",
                     "schedule": schedule, "schedules": 3})  # fmt: skip
    assert [r.getMessage() for r in caplog.records] == [
        "live progress of submission 1 not published"
    ]
