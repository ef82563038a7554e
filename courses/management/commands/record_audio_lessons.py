from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from courses import audio, narration, services
from courses.models import AudioBookChapter, AudioLesson


class Command(BaseCommand):
    help = (
        "Speaks audio lessons' transcripts (teacher and student voices) and narrates audio-book "
        "chapters with espeak-ng, here and now, as Opus with an MP3 twin; the admin's Record "
        "audio action does the same on a worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--course", help="Only this course (slug)")
        parser.add_argument(
            "--force", action="store_true", help="Record again what already has audio"
        )
        parser.add_argument(
            "--if-available", action="store_true",
            help="Without espeak-ng, say so and succeed (audio is optional)",
        )  # fmt: skip

    def handle(self, *args, course: str | None, force: bool, if_available: bool, **options):
        if audio.espeak_path() is None:
            message = "espeak-ng is not installed: audio lessons keep their transcripts only"
            if if_available:
                self.stdout.write(message)
                return
            raise CommandError(message + " (apt-get install espeak-ng)")
        # Recordings made before Opus (WAV, 8 MB for three minutes) count as missing.
        missing = Q(audio="") | Q(audio__endswith=".wav")
        dialogues = AudioLesson.objects.select_related("lesson__course").order_by("pk")
        chapters = AudioBookChapter.objects.select_related("lesson__course").order_by("pk")
        if course:
            dialogues = dialogues.filter(lesson__course__slug=course)
            chapters = chapters.filter(lesson__course__slug=course)
        if not force:
            dialogues = dialogues.filter(missing)
            chapters = chapters.filter(missing)
        jobs = [
            (item, audio.record_dialogue, script)
            for item in dialogues
            if (script := services.dialogue_script(item))
        ] + [(item, audio.record_narration, narration.chapter_script(item)) for item in chapters]
        # Encoding is the slow part (libsndfile's calls let other threads run), so speak and
        # encode several at once; the database work stays in this thread.
        workers = max(1, min(len(jobs), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            spoken = [pool.submit(speak, script) for _, speak, script in jobs]
            for (item, _, _), future in zip(jobs, spoken, strict=True):
                recording = future.result()
                if isinstance(item, AudioLesson):
                    services.record_audio_lesson(audio_lesson=item, recording=recording)
                    self._done(item.title, recording)
                else:
                    services.record_audiobook_chapter(chapter=item, recording=recording)
                    self._done(f"chapter {item.title}", recording)

    def _done(self, title: str, recording: audio.Recording) -> None:
        kbps = len(recording.opus) * 8 / recording.duration / 1000
        self.stdout.write(
            f"Recorded {title} ({recording.duration:.0f} s, {len(recording.opus):,} bytes "
            f"Opus at {kbps:.0f} kbps, {len(recording.mp3):,} bytes MP3)"
        )
