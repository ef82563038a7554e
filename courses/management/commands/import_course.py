from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from courses.bundle import BundleError, import_bundle


def load_bundle_file(path: Path) -> dict:
    try:
        # JSON is a subset of YAML: one loader reads both formats.
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from None


class Command(BaseCommand):
    help = "Creates or updates a course from a YAML or JSON bundle written by export_course."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options) -> None:
        for path in files:
            try:
                course = import_bundle(load_bundle_file(path))
            except BundleError as error:
                raise CommandError(f"{path}: {error}") from None
            self.stdout.write(f"Imported {course.title} ({course.slug}) from {path}")
