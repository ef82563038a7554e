"""While Redis is down, pages that need no Redis keep answering, and the cache comes back with it.

The cache points at a Redis of the test's own (the shared one is never stopped).
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from courses.bundle import import_bundle
from courses.services import enroll
from exercises.bundle import save_exercise
from exercises.models import Submission
from tests.conftest import wait_for
from tests.factories import DEFAULT_PASSWORD, make_bundle, make_exercise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on_own_redis(own_redis, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": own_redis.url()},
    }
    return own_redis


@pytest.fixture
def lesson(student):
    course = import_bundle(make_bundle(chapters=1, lessons_per_chapter=1, items=1))
    enroll(user=student, course=course)
    return course.lessons.get()


def test_the_cache_answers_misses_while_redis_is_down_and_works_again_after(
    cache_on_own_redis, caplog
):
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"

    cache_on_own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("greeting", "absent") == "absent"
        assert cache.get_many(["greeting"]) == {}
        assert cache.add("greeting", "again") is False
        cache.set("greeting", "again")  # dropped, and no error
        with pytest.raises(ValueError):  # as for a key that is not there
            cache.incr("counter")
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1  # logged once, not at every call

    def cache_works_again():
        return cache.add("greeting", "back") and cache.get("greeting")

    cache_on_own_redis.start()  # empty: nothing was persisted
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert wait_for(cache_works_again, timeout=10, message="the cache") == "back"
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_login_lesson_and_submission_pages_answer_while_redis_is_down(
    cache_on_own_redis, client, student, lesson
):
    exercise = save_exercise(lesson, make_exercise_data())
    graded = Submission.objects.create(
        exercise=exercise, user=student, code="x = 1", status="done", verdict="accepted"
    )
    running = Submission.objects.create(
        exercise=exercise, user=student, code="x = 2", status="running"
    )
    cache_on_own_redis.stop()

    login = client.post(
        reverse("accounts:login"), {"username": student.email, "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302  # logged in: the session is in PostgreSQL
    assert client.get(lesson.get_absolute_url()).status_code == 200
    assert b"Accepted" in client.get(graded.get_absolute_url()).content
    # Live progress comes from Redis and is simply missing; the status comes from our row.
    polled = client.get(running.get_absolute_url(), headers={"HX-Request": "true"})
    assert polled.status_code == 200 and b"hx-trigger" in polled.content


def test_a_failed_login_is_still_refused_while_redis_is_down(cache_on_own_redis, client, student):
    cache_on_own_redis.stop()
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": "nope"}
    )
    assert response.status_code < 500  # the form again, with its message
    assert b"Please enter a correct email address and password" in response.content
    assert "_auth_user_id" not in client.session
