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

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for email, name, role, is_staff, password in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
            user.name, user.role = name, role
            user.is_staff = user.is_superuser = is_staff
            user.set_password(password)
            user.save()
        bundles = sorted((settings.BASE_DIR / "content" / "courses").glob("*.yaml"))
        if bundles:
            call_command("import_course", *bundles, stdout=self.stdout)
        exercises = sorted((settings.BASE_DIR / "content" / "exercises").glob("*.yaml"))
        if exercises:
            call_command("import_exercises", *exercises, stdout=self.stdout)
        tests = sorted((settings.BASE_DIR / "content" / "practice_tests").glob("*.yaml"))
        if tests:
            call_command("import_practice_tests", *tests, stdout=self.stdout)
        call_command("seed_demo_class", stdout=self.stdout)
        self.stdout.write("Demo accounts (email / password):")
        for email, _, role, _, password in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<8} {email} / {password}")
