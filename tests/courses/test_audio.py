"""Audio lessons and audio-book chapters recorded with the real espeak-ng, encoded as Opus with
an MP3 twin, served with Range to enrolled students, followed on the page."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses import audio, narration, services
from courses.bundle import export_course, import_bundle
from courses.media import fallback_name
from courses.models import AudioBookChapter, AudioLesson, Course, TranscriptLine
from courses.services import record_audio_lesson, record_audiobook_chapter
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


# Three minutes of speech in at most 1 MB.
MAX_BYTES_PER_SECOND = 1_000_000 / 180


def assert_small_opus(data: bytes, duration: float) -> None:
    assert data[:4] == b"OggS" and b"OpusHead" in data[:64]
    assert len(data) / duration <= MAX_BYTES_PER_SECOND, f"{len(data) * 8 / duration:.0f} bit/s"


def test_a_dialogue_is_recorded_as_small_opus_with_where_each_line_starts(recorded, media):
    audio_lesson, recording = recorded
    stored = (media / audio_lesson.audio.name).read_bytes()
    assert stored == recording.opus and audio_lesson.audio.name.endswith(".opus")
    assert_small_opus(stored, recording.duration)
    # The encoded file is as long as the spoken lines and their pauses, so the starts hold.
    assert audio.duration_of(stored) == pytest.approx(recording.duration, abs=0.01)
    assert recording.duration > 1
    starts = list(audio_lesson.transcript.order_by("order").values_list("start_seconds", flat=True))
    assert starts[0] == 0 and starts == sorted(starts) and starts[-1] < recording.duration
    twin = (media / fallback_name(audio_lesson.audio.name)).read_bytes()
    assert twin == recording.mp3 and twin[:2] == b"\xff\xf3"  # an MPEG audio frame
    assert len(twin) / recording.duration <= MAX_BYTES_PER_SECOND
    assert audio.duration_of(twin) == pytest.approx(recording.duration, abs=0.15)


def test_recording_again_replaces_the_files_instead_of_piling_up(recorded, media):
    audio_lesson, _ = recorded
    record_audio_lesson(audio_lesson=audio_lesson)
    stem = Path(audio_lesson.audio.name).stem
    assert sorted(p.name for p in (media / "audio" / "lessons").iterdir()) == [
        f"{stem}.mp3",
        f"{stem}.opus",
    ]


def test_an_old_wav_recording_is_replaced_by_opus_and_removed(lesson, media):
    audio_lesson = AudioLesson.objects.filter(lesson=lesson).first()
    old = media / "audio" / "lessons" / "old.wav"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"RIFF")
    AudioLesson.objects.filter(pk=audio_lesson.pk).update(audio="audio/lessons/old.wav")
    call_command("record_audio_lessons", stdout=None)
    audio_lesson.refresh_from_db()
    assert audio_lesson.audio.name.endswith(".opus") and not old.exists()


def test_the_player_offers_opus_then_mp3_and_seeks_by_line_for_enrolled_students(
    client, enrolled_student, recorded
):
    audio_lesson, _ = recorded
    client.force_login(enrolled_student)
    html = client.get(audio_lesson.lesson.get_absolute_url()).content.decode()
    assert 'data-start="0.00"' in html and "Play from here<span" in html
    media_url = reverse("courses:media", args=["lesson-audio", audio_lesson.pk])
    fallback_url = reverse("courses:media-fallback", args=["lesson-audio", audio_lesson.pk])
    opus_source = f'<source src="{media_url}" type="audio/ogg; codecs=opus">'
    mp3_source = f'<source src="{fallback_url}" type="audio/mpeg">'
    assert opus_source in html and html.index(opus_source) < html.index(mp3_source)
    part = client.get(media_url, headers={"Range": "bytes=0-43"})
    assert part.status_code == 206 and part.content[:4] == b"OggS"
    assert part["Content-Type"] == "audio/ogg"
    mp3 = client.get(fallback_url, headers={"Range": "bytes=0-1"})
    assert mp3.status_code == 206 and mp3["Content-Type"] == "audio/mpeg"


def test_a_new_recording_shows_on_a_lesson_page_that_was_cached_before_it(
    client, enrolled_student, lesson, media
):
    client.force_login(enrolled_student)
    before = client.get(lesson.get_absolute_url()).content.decode()  # now in the cache
    assert 'data-start="0.00"' not in before
    record_audio_lesson(audio_lesson=AudioLesson.objects.filter(lesson=lesson).first())
    after = client.get(lesson.get_absolute_url()).content.decode()
    assert 'data-start="0.00"' in after and "Play from here<span" in after


def test_both_files_are_refused_to_visitors_and_students_not_enrolled(client, student, recorded):
    audio_lesson, _ = recorded
    urls = [
        reverse(name, args=["lesson-audio", audio_lesson.pk])
        for name in ("courses:media", "courses:media-fallback")
    ]
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(student)
    assert [client.get(url).status_code for url in urls] == [403, 403]


CHAPTER_MARKDOWN = """Threads share memory. Call `threading.Thread()` to make one.

```python
import threading
worker = threading.Thread(target=print, args=("hello",))
worker.start()
```

- `start()` runs it
- `join()` waits for it
"""


@pytest.fixture
def chapter(lesson):
    chapter = AudioBookChapter.objects.filter(lesson=lesson).first()
    chapter.content = CHAPTER_MARKDOWN
    chapter.explanation = "The `__init__` of a thread subclass must call the parent's."
    chapter.analogy = "Like two cooks in one kitchen."
    chapter.save()
    return chapter


def test_a_chapter_is_narrated_with_code_announced_not_spelled_out(chapter):
    script = narration.chapter_script(chapter)
    assert script == [
        f"{chapter.title}.",
        "Threads share memory. Call threading dot Thread to make one.",
        narration.CODE_ANNOUNCEMENT,
        "start runs it. join waits for it.",
        "Detailed explanation.",
        "The dunder init of a thread subclass must call the parent's.",
        "Examples and analogies.",
        "Like two cooks in one kitchen.",
    ]


def test_narration_reads_headings_lists_and_inline_code_as_words_and_announces_tables():
    blocks = narration.blocks(
        "## Why `max_workers` matters\n\n"
        "1. Start with `os.cpu_count()`\n2. Measure, then tune\n\n"
        "| Pool | Use |\n|---|---|\n| threads | I/O |\n\n"
        "---\n\n"
        "Call `Thread.__init__` first!"
    )
    assert [(b.tag, b.speech) for b in blocks] == [
        ("h2", "Why max workers matters."),
        ("ol", "Start with os dot cpu count. Measure, then tune."),
        ("div", narration.TABLE_ANNOUNCEMENT),
        ("hr", ""),  # a rule is not read, and carries no start
        ("p", "Call Thread dot dunder init first!"),
    ]


def test_a_chapter_recording_is_small_opus_with_a_start_per_paragraph(chapter, media):
    recording = record_audiobook_chapter(chapter=chapter)
    chapter.refresh_from_db()
    stored = (media / chapter.audio.name).read_bytes()
    assert chapter.audio.name.startswith("audio/chapters/") and stored == recording.opus
    assert_small_opus(stored, recording.duration)
    assert audio.duration_of(stored) == pytest.approx(recording.duration, abs=0.01)
    starts = chapter.segment_starts
    assert len(starts) == len(narration.chapter_script(chapter)) and starts[0] == 0
    assert starts == sorted(starts) and starts[-1] < recording.duration
    assert (chapter.recording_status, chapter.recording_progress) == ("done", 100)


def test_the_chapter_page_marks_each_narrated_paragraph_with_its_start(
    client, enrolled_student, chapter, media, django_assert_num_queries
):
    record_audiobook_chapter(chapter=chapter)
    chapter.refresh_from_db()
    client.force_login(enrolled_student)
    html = client.get(chapter.lesson.get_absolute_url()).content.decode()
    starts = chapter.segment_starts
    assert f'<p data-start="{starts[1]:.2f}">Threads share memory.' in html
    assert f'<div data-start="{starts[2]:.2f}" class="codehilite">' in html
    assert f'<h4 data-start="{starts[4]:.2f}">Detailed explanation</h4>' in html
    assert reverse("courses:media-fallback", args=["chapter-audio", chapter.pk]) in html
    assert (
        client.get(reverse("courses:media", args=["chapter-audio", chapter.pk])).status_code == 200
    )
    # Words edited since the recording (an author's save): its timings would point at the
    # wrong paragraphs.
    chapter.content = "One new paragraph."
    chapter.save(update_fields=["content"])
    html = client.get(chapter.lesson.get_absolute_url()).content.decode()
    assert "<p>One new paragraph.</p>" in html


def test_timings_travel_in_the_bundle(recorded, course):
    data = export_course(course)
    Course.objects.all().delete()
    import_bundle(data)
    assert TranscriptLine.objects.filter(start_seconds__isnull=False).exists()
    assert export_course(Course.objects.get()) == data


def test_the_command_records_missing_audio_and_skips_without_espeak(lesson, media):
    call_command("record_audio_lessons", stdout=None)
    assert not AudioLesson.objects.filter(lesson=lesson, audio="").exists()
    assert not AudioBookChapter.objects.filter(lesson=lesson, audio="").exists()
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
    name = Path(audio_lesson.audio.name)
    assert sorted(p.name for p in (media / "audio" / "lessons").iterdir()) == [
        name.with_suffix(".mp3").name,
        name.name,
    ]  # no half-written or temporary file beside them
    client.force_login(staff)
    html = client.get(reverse("admin:courses_audiolesson_change", args=[audio_lesson.pk]))
    assert "<strong>Failed</strong>: espeak-ng is not installed" in html.content.decode()


def test_a_chapter_recording_runs_once_and_a_failure_keeps_the_previous_file(
    lesson, media, monkeypatch
):
    chapter = AudioBookChapter.objects.filter(lesson=lesson).first()
    chapters = AudioBookChapter.objects.filter(pk=chapter.pk)
    assert services.queue_recordings(chapters=chapters) == 1
    assert services.queue_recordings(chapters=chapters) == 0  # already queued
    assert services.run_chapter_recording(chapter_id=chapter.pk) == "done"
    assert services.run_chapter_recording(chapter_id=chapter.pk) == "not queued"
    chapter.refresh_from_db()
    before = (media / chapter.audio.name).read_bytes()
    services.queue_recordings(chapters=chapters)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert services.run_chapter_recording(chapter_id=chapter.pk) == "failed"
    chapter.refresh_from_db()
    assert chapter.recording_status == "failed" and "espeak-ng" in chapter.recording_error
    assert (media / chapter.audio.name).read_bytes() == before


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
    html = response.content.decode()
    assert "Recording 1 dialogue(s) on a worker." in html
    assert "Narrating 1 audio-book chapter(s) on a worker." in html
    audio_lesson = AudioLesson.objects.get(lesson=lesson)
    chapter = AudioBookChapter.objects.get(lesson=lesson)

    def recorded():
        audio_lesson.refresh_from_db()
        chapter.refresh_from_db()
        return {audio_lesson.recording_status, chapter.recording_status} <= {"done", "failed"}

    wait_for(recorded, timeout=90, message="the recordings")
    try:
        assert audio_lesson.recording_status == "done", audio_lesson.recording_error
        assert chapter.recording_status == "done", chapter.recording_error
        assert len(chapter.segment_starts) == len(narration.chapter_script(chapter))
        with chapter.audio.open("rb") as opus:
            assert opus.read(4) == b"OggS"
        assert audio_lesson.recording_progress == 100
        with audio_lesson.audio.open("rb") as opus:
            assert opus.read(4) == b"OggS"
        starts = list(audio_lesson.transcript.values_list("start_seconds", flat=True))
        assert starts[0] == 0 and starts[1] > 0
        changelist = client.get(reverse("admin:courses_audiolesson_changelist")).content
        assert b'<td class="field-recording">Recorded</td>' in changelist
    finally:
        for item in (audio_lesson, chapter):
            if item.audio:
                item.audio.storage.delete(fallback_name(item.audio.name))
                item.audio.delete(save=False)
