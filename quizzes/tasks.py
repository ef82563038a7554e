"""Celery couriers for practice tests."""

from celery import shared_task

from quizzes import services


@shared_task
def expire_overdue_attempts() -> int:
    return services.expire_overdue_attempts()
