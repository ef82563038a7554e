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
    help = "Creates (or resets) the demo accounts and loads the demo content. Safe to re-run."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for email, name, role, is_staff, password in DEMO_ACCOUNTS:
                user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
                user.name, user.role = name, role
                user.is_staff = user.is_superuser = is_staff
                user.set_password(password)
                user.save()
        # Courses first: exercises and practice tests name their lessons, and tests their
        # exercises. Each import is all-or-nothing on its own.
        content = settings.BASE_DIR / "content"
        for command, folder in [("import_course", "courses"), ("import_exercises", "exercises"),
                                ("import_practice_tests", "practice_tests")]:  # fmt: skip
            files = sorted((content / folder).glob("*.yaml"))
            if files:
                call_command(command, *files, stdout=self.stdout)
        call_command("seed_demo_class", stdout=self.stdout)
        # Recording takes a few seconds, outside any transaction; optional without espeak-ng.
        call_command("record_audio_lessons", if_available=True, stdout=self.stdout)
        self.stdout.write("Demo accounts (email / password):")
        for email, _, role, _, password in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<8} {email} / {password}")
