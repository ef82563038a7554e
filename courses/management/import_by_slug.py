"""The shared shape of the commands that import one item per YAML file, matched by slug
(exercises, practice tests): created where the database lacks it, left as it is unless
--replace (an author may have edited it), --dry-run lists what would change. All or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from courses.bundle import BundleError
from courses.management.commands.import_course import load_bundle_file


class ImportBySlugCommand(BaseCommand):
    noun: str  # "exercise", "practice test": what the command's lines talk about
    model: type[models.Model]

    def import_file(self, data: Any) -> models.Model:
        """Create or overwrite the item a file describes; BundleError when it is invalid."""
        raise NotImplementedError

    def picture(self, item: models.Model) -> dict:
        """What an author can change of an item, to tell an update from no change."""
        raise NotImplementedError

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=f"Overwrite existing {self.noun}s with the files'",
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
                existing = self.model.objects.filter(slug=slug).first() if slug else None
                if existing is not None and not replace:
                    self.stdout.write(
                        f"Kept {self.noun} {slug}: it exists (--replace overwrites it)"
                    )
                    continue
                before = None if existing is None else self.picture(existing)
                try:
                    item = self.import_file(data)
                except BundleError as error:
                    raise CommandError(f"{path}: {error}") from None
                if before is None:
                    action = "create" if dry_run else "Created"
                elif before != self.picture(item):
                    action = "update" if dry_run else "Updated"
                else:
                    action = "leave unchanged" if dry_run else "Unchanged:"
                self.stdout.write(f"{would}{action} {self.noun} {item.slug} in {item.lesson}")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was written.")
