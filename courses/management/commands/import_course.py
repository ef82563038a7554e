from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from courses.bundle import BundleError, load_bundle


def load_bundle_file(path: Path) -> dict:
    try:
        # JSON is a subset of YAML: one loader reads both formats.
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from None


class Command(BaseCommand):
    help = (
        "Adds the courses, chapters and lessons of YAML or JSON bundles (written by "
        "export_course) that the database lacks; what exists is left as it is. --replace makes "
        "each course match its bundle instead; --dry-run lists the changes and writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--replace", action="store_true",
            help="Overwrite existing lessons with the bundle's and delete lessons it lacks",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change; write nothing"
        )

    def handle(self, *args, files: list[Path], replace: bool, dry_run: bool, **options) -> None:
        for path in files:
            try:
                report = load_bundle(load_bundle_file(path), replace=replace, dry_run=dry_run)
            except BundleError as error:
                raise CommandError(f"{path}: {error}") from None
            course = report.course
            verb = "Would change" if dry_run else "Changed"
            if not report.changes:
                nothing = "nothing to change" if replace else "nothing missing, nothing changed"
                self.stdout.write(f"{course.title} ({course.slug}) from {path}: {nothing}")
                continue
            self.stdout.write(f"{verb} {course.title} ({course.slug}) from {path}:")
            for change in report.changes:
                self.stdout.write(f"  {change}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
