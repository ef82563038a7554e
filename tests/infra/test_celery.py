from __future__ import annotations

import pytest

from config.celery import ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_round_trips_through_a_real_worker_on_redis(celery_worker_process, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = ping.apply_async()
    assert result.get(timeout=20) == "pong"
    assert celery_worker_process.poll() is None  # the worker is a live, separate process
