from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.bundle import BundleError
from courses.management.commands.import_course import load_bundle_file
from quizzes.bundle import import_test_file


class Command(BaseCommand):
    help = "Creates or updates practice tests from YAML files (one test per file)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options) -> None:
        for path in files:
            try:
                test = import_test_file(load_bundle_file(path))
            except BundleError as error:
                raise CommandError(f"{path}: {error}") from None
            self.stdout.write(f"Imported practice test {test.slug} into {test.lesson}")
