from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User

DEMO_ACCOUNTS = [
    # email, name, role, is_staff, password
    ("admin@spindle.local", "Ada Admin", User.Role.STAFF, True, "spindle-admin"),
    ("teacher@spindle.local", "Tomás Teacher", User.Role.TEACHER, False, "spindle-teacher"),
    ("student@spindle.local", "Sofia Student", User.Role.STUDENT, False, "spindle-student"),
]


class Command(BaseCommand):
    help = (
        "Creates the demo accounts and loads the demo content where missing. Safe to re-run: "
        "what exists (an account's name or password, a course, lesson, exercise or test, and "
        "any edit made to them) is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-audio",
            action="store_true",
            help="Skip recording the dialogues and chapters (make run records them afterwards, "
            "in the background, so the site is up at once).",
        )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for email, name, role, is_staff, password in DEMO_ACCOUNTS:
                if User.objects.filter(email=email).exists():
                    continue  # its owner may have changed the password or name: keep them
                User.objects.create_user(
                    email, password, name=name, role=role, is_staff=is_staff, is_superuser=is_staff
                )
        # Courses first: exercises, practice tests and game levels name their lessons, and tests
        # their exercises. Each import is all-or-nothing on its own, and adds only what is missing.
        content = settings.BASE_DIR / "content"
        for command, folder in [("import_course", "courses"), ("import_exercises", "exercises"),
                                ("import_practice_tests", "practice_tests"),
                                ("import_games", "games")]:  # fmt: skip
            files = sorted((content / folder).glob("*.yaml"))
            if files:
                call_command(command, *files, stdout=self.stdout)
        call_command("seed_demo_class", stdout=self.stdout)
        if not options["no_audio"]:
            # A minute or two of CPU for the demo's ~37 minutes of speech, outside any
            # transaction; optional without espeak-ng.
            call_command("record_audio_lessons", if_available=True, stdout=self.stdout)
        self.stdout.write("Demo accounts (email / password, unless changed since):")
        for email, _, role, _, password in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<8} {email} / {password}")
