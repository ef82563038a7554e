from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.bundle import BundleError
from courses.management.commands.import_course import load_bundle_file
from quizzes.bundle import export_test, import_test_file
from quizzes.models import PracticeTest


def _picture(test: PracticeTest | None) -> dict | None:
    return None if test is None else {**export_test(test), "lesson": test.lesson_id}


class Command(BaseCommand):
    help = (
        "Creates practice tests from YAML files (one test per file) that the database lacks; a "
        "test that exists (by slug) is left as it is unless --replace. All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite existing tests with the files'"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change; write nothing"
        )

    def handle(self, *args, files: list[Path], replace: bool, dry_run: bool, **options) -> None:
        would = "Would " if dry_run else ""
        with transaction.atomic():
            for path in files:
                data = load_bundle_file(path)
                slug = data.get("slug") if isinstance(data, dict) else None
                before = _picture(PracticeTest.objects.filter(slug=slug).first() if slug else None)
                if before is not None and not replace:
                    self.stdout.write(
                        f"Kept practice test {slug}: it exists (--replace overwrites it)"
                    )
                    continue
                try:
                    test = import_test_file(data)
                except BundleError as error:
                    raise CommandError(f"{path}: {error}") from None
                if before is None:
                    action = "create" if dry_run else "Created"
                elif before != _picture(test):
                    action = "update" if dry_run else "Updated"
                else:
                    action = "leave unchanged" if dry_run else "Unchanged:"
                self.stdout.write(f"{would}{action} practice test {test.slug} in {test.lesson}")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was written.")
