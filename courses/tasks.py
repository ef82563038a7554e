"""Celery couriers: they carry audio lesson and audio-book chapter ids to the services and
nothing else."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from courses import services

TOO_LONG = "Recording took too long; try a shorter one."


# Named explicitly: the services send to these names without importing this module.
@shared_task(name=services.RECORD_AUDIO_LESSON)
def record_audio_lesson(audio_lesson_id: int) -> str:
    try:
        return services.run_recording(audio_lesson_id=audio_lesson_id)
    except SoftTimeLimitExceeded:
        services.fail_recording(audio_lesson_id=audio_lesson_id, error=TOO_LONG)
        return "failed"


@shared_task(name=services.RECORD_AUDIOBOOK_CHAPTER)
def record_audiobook_chapter(chapter_id: int) -> str:
    try:
        return services.run_chapter_recording(chapter_id=chapter_id)
    except SoftTimeLimitExceeded:
        services.fail_chapter_recording(chapter_id=chapter_id, error=TOO_LONG)
        return "failed"
