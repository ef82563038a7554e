from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from courses import audio, services
from courses.models import AudioLesson


class Command(BaseCommand):
    help = (
        "Speaks audio lessons' transcripts with espeak-ng (teacher and student voices), here "
        "and now; the admin's Record audio action does the same on a worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--course", help="Only this course (slug)")
        parser.add_argument(
            "--force", action="store_true", help="Record again lessons that have audio"
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
        lessons = AudioLesson.objects.select_related("lesson__course").order_by("pk")
        if course:
            lessons = lessons.filter(lesson__course__slug=course)
        if not force:
            lessons = lessons.filter(audio="")
        for audio_lesson in lessons:
            if not audio_lesson.transcript.exists():
                continue
            recording = services.record_audio_lesson(audio_lesson=audio_lesson)
            self.stdout.write(f"Recorded {audio_lesson.title} ({recording.duration:.0f} s)")
