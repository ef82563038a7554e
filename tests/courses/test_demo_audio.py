"""The demo's audio, recorded as seed_demo records it: every dialogue and every audio-book
chapter has a small Opus file (with its MP3 twin) whose timings fit the recording."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from courses import audio, narration
from courses.media import fallback_name
from courses.models import AudioBookChapter, AudioLesson
from tests.conftest import BASE_DIR

pytestmark = pytest.mark.django_db

MAX_BYTES_PER_SECOND = 1_000_000 / 180  # three minutes of speech in at most 1 MB


def test_every_demo_dialogue_and_audio_book_chapter_has_small_opus_audio(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bundles = sorted((BASE_DIR / "content" / "courses").glob("*.yaml"))
    call_command("import_course", *bundles, stdout=io.StringIO())
    # seed_demo's recording step, as it runs it.
    out = io.StringIO()
    call_command("record_audio_lessons", if_available=True, stdout=out)

    chapters = list(AudioBookChapter.objects.select_related("lesson"))
    dialogues = list(AudioLesson.objects.select_related("lesson"))
    assert len(chapters) >= 9 and len(dialogues) >= 5
    threading_lesson = [d.title for d in dialogues if d.lesson.slug == "threads-start-and-join"]
    assert len(threading_lesson) == 3  # overview, daemon threads, thread safety
    report = []
    for item in [*dialogues, *chapters]:
        assert item.audio.name.endswith(".opus"), item
        data = (tmp_path / item.audio.name).read_bytes()
        assert data[:4] == b"OggS" and b"OpusHead" in data[:64], item
        seconds = audio.duration_of(data)
        assert len(data) / seconds <= MAX_BYTES_PER_SECOND, item
        mp3 = (tmp_path / fallback_name(item.audio.name)).read_bytes()
        assert len(mp3) / seconds <= MAX_BYTES_PER_SECOND and audio.duration_of(mp3) > 0, item
        if isinstance(item, AudioBookChapter):
            starts = item.segment_starts
            assert len(starts) == len(narration.chapter_script(item)), item
        else:
            starts = list(item.transcript.values_list("start_seconds", flat=True))
        assert starts[0] == 0 and starts == sorted(starts) and starts[-1] < seconds, item
        report.append(
            f"{type(item).__name__:16} {item.lesson.slug:40} {item.title[:48]:48} "
            f"{seconds:6.1f} s {len(data):9,} B {len(data) * 8 / seconds / 1000:5.1f} kbps "
            f"MP3 {len(mp3):9,} B"
        )
    print("\n".join(report))
