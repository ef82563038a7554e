"""Audio lessons recorded with the real espeak-ng, served with Range, followed on the page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
import wave
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses import services
from courses.bundle import export_course, import_bundle
from courses.models import AudioLesson, Course, TranscriptLine
from courses.services import record_audio_lesson
from tests.conftest import BASE_DIR, wait_for
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def recorded(lesson, media):
    audio_lesson = AudioLesson.objects.filter(lesson=lesson).first()
    recording = record_audio_lesson(audio_lesson=audio_lesson)
    audio_lesson.refresh_from_db()
    return audio_lesson, recording


def test_a_dialogue_is_recorded_with_where_each_line_starts(recorded):
    audio_lesson, recording = recorded
    with wave.open(io.BytesIO(recording.wav)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds == pytest.approx(recording.duration, abs=0.01) and seconds > 1
    starts = list(audio_lesson.transcript.order_by("order").values_list("start_seconds", flat=True))
    assert starts[0] == 0 and starts == sorted(starts) and starts[-1] < seconds
    assert audio_lesson.audio.name.endswith(".wav")


def test_recording_again_replaces_the_file_instead_of_piling_up(recorded, media):
    audio_lesson, _ = recorded
    record_audio_lesson(audio_lesson=audio_lesson)
    assert len(list((media / "audio" / "lessons").iterdir())) == 1


def test_the_player_seeks_by_line_for_enrolled_students(client, enrolled_student, recorded):
    audio_lesson, _ = recorded
    client.force_login(enrolled_student)
    html = client.get(audio_lesson.lesson.get_absolute_url()).content.decode()
    assert 'data-start="0.00"' in html and "Play from here<span" in html
    media_url = reverse("courses:media", args=["lesson-audio", audio_lesson.pk])
    part = client.get(media_url, headers={"Range": "bytes=0-43"})
    assert part.status_code == 206 and part.content[:4] == b"RIFF"
    assert part["Content-Type"] in ("audio/x-wav", "audio/wav")


def test_timings_travel_in_the_bundle(recorded, course):
    data = export_course(course)
    Course.objects.all().delete()
    import_bundle(data)
    assert TranscriptLine.objects.filter(start_seconds__isnull=False).exists()
    assert export_course(Course.objects.get()) == data


def test_the_command_records_missing_audio_and_skips_without_espeak(lesson, media):
    call_command("record_audio_lessons")
    assert not AudioLesson.objects.filter(lesson=lesson, audio="").exists()
    # Without espeak-ng on PATH, --if-available says so and succeeds: audio is optional.
    done = subprocess.run(
        [sys.executable, "manage.py", "record_audio_lessons", "--if-available"],
        cwd=BASE_DIR, env={**os.environ, "PATH": "/nonexistent"}, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "espeak-ng is not installed" in done.stdout


def test_a_failed_recording_is_reported_and_keeps_the_previous_file(
    client, staff, recorded, media, monkeypatch
):
    audio_lesson, _ = recorded
    before = (media / audio_lesson.audio.name).read_bytes()
    services.queue_recordings(audio_lessons=AudioLesson.objects.filter(pk=audio_lesson.pk))
    monkeypatch.setenv("PATH", "/nonexistent")  # a worker host without espeak-ng

    assert services.run_recording(audio_lesson_id=audio_lesson.pk) == "failed"

    audio_lesson.refresh_from_db()
    assert audio_lesson.recording_status == "failed"
    assert "espeak-ng is not installed" in audio_lesson.recording_error
    assert (media / audio_lesson.audio.name).read_bytes() == before
    assert [p.name for p in (media / "audio" / "lessons").iterdir()] == [
        Path(audio_lesson.audio.name).name
    ]  # no half-written or temporary file beside it
    client.force_login(staff)
    html = client.get(reverse("admin:courses_audiolesson_change", args=[audio_lesson.pk]))
    assert "<strong>Failed</strong>: espeak-ng is not installed" in html.content.decode()


def test_a_recording_runs_once_even_if_its_message_comes_twice(lesson, media):
    audio_lesson = AudioLesson.objects.filter(lesson=lesson).first()
    services.queue_recordings(audio_lessons=AudioLesson.objects.filter(pk=audio_lesson.pk))
    assert services.run_recording(audio_lesson_id=audio_lesson.pk) == "done"
    assert services.run_recording(audio_lesson_id=audio_lesson.pk) == "not queued"
    audio_lesson.refresh_from_db()
    assert (audio_lesson.recording_status, audio_lesson.recording_progress) == ("done", 100)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_record_audio_in_the_admin_runs_on_the_worker_and_fills_the_timings(
    celery_worker_process, client, staff
):
    # The worker writes under the default MEDIA_ROOT: a course slug of this run's own.
    course = import_bundle(make_bundle(slug=f"rec-{uuid.uuid4().hex[:8]}", chapters=1, items=1))
    lesson = course.lessons.first()
    client.force_login(staff)
    response = client.post(
        reverse("admin:courses_lesson_changelist"),
        {"action": "record_audio", "_selected_action": [lesson.pk]},
        follow=True,
    )
    assert "Recording 1 dialogue(s) on a worker." in response.content.decode()
    audio_lesson = AudioLesson.objects.get(lesson=lesson)

    def recorded():
        audio_lesson.refresh_from_db()
        return audio_lesson.recording_status in ("done", "failed")

    wait_for(recorded, timeout=60, message="the recording")
    try:
        assert audio_lesson.recording_status == "done", audio_lesson.recording_error
        assert audio_lesson.recording_progress == 100
        with audio_lesson.audio.open("rb") as wav:
            assert wav.read(4) == b"RIFF"
        starts = list(audio_lesson.transcript.values_list("start_seconds", flat=True))
        assert starts[0] == 0 and starts[1] > 0
        changelist = client.get(reverse("admin:courses_audiolesson_changelist")).content
        assert b'<td class="field-recording">Recorded</td>' in changelist
    finally:
        audio_lesson.audio.delete(save=False)
