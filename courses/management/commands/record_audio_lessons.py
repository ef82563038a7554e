from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from courses import audio, services
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
        for audio_lesson in dialogues:
            if not audio_lesson.transcript.exists():
                continue
            recording = services.record_audio_lesson(audio_lesson=audio_lesson)
            self._done(audio_lesson.title, recording)
        for chapter in chapters:
            recording = services.record_audiobook_chapter(chapter=chapter)
            self._done(f"chapter {chapter.title}", recording)

    def _done(self, title: str, recording: audio.Recording) -> None:
        kbps = len(recording.opus) * 8 / recording.duration / 1000
        self.stdout.write(
            f"Recorded {title} ({recording.duration:.0f} s, {len(recording.opus):,} bytes "
            f"Opus at {kbps:.0f} kbps, {len(recording.mp3):,} bytes MP3)"
        )
