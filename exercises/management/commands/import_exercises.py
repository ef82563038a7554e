from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.bundle import BundleError
from courses.management.commands.import_course import load_bundle_file
from exercises.bundle import FIELDS, LIMIT_FIELDS, import_exercise_file
from exercises.models import Exercise


def _picture(exercise: Exercise | None) -> dict | None:
    if exercise is None:
        return None
    return {name: getattr(exercise, name) for name in (*FIELDS, *LIMIT_FIELDS, "lesson_id")}


class Command(BaseCommand):
    help = (
        "Creates exercises from YAML files (one exercise per file) that the database lacks; an "
        "exercise that exists (by slug) is left as it is unless --replace. All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite existing exercises with the files'"
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
                before = _picture(Exercise.objects.filter(slug=slug).first() if slug else None)
                if before is not None and not replace:
                    self.stdout.write(f"Kept exercise {slug}: it exists (--replace overwrites it)")
                    continue
                try:
                    exercise = import_exercise_file(data)
                except BundleError as error:
                    raise CommandError(f"{path}: {error}") from None
                if before is None:
                    action = "create" if dry_run else "Created"
                elif before != _picture(exercise):
                    action = "update" if dry_run else "Updated"
                else:
                    action = "leave unchanged" if dry_run else "Unchanged:"
                self.stdout.write(f"{would}{action} exercise {exercise.slug} in {exercise.lesson}")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was written.")
