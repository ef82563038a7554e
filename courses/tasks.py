"""Celery couriers: they carry audio lesson ids to the services and nothing else."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from courses import services


# Named explicitly: the services send to this name without importing this module.
@shared_task(name=services.RECORD_AUDIO_LESSON)
def record_audio_lesson(audio_lesson_id: int) -> str:
    try:
        return services.run_recording(audio_lesson_id=audio_lesson_id)
    except SoftTimeLimitExceeded:
        services.fail_recording(
            audio_lesson_id=audio_lesson_id, error="Recording took too long; try a shorter one."
        )
        return "failed"
