from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.bundle import BundleError
from courses.management.commands.import_course import load_bundle_file
from games.bundle import import_level
from games.models import Level


class Command(BaseCommand):
    help = (
        "Creates the game levels of YAML files (a `levels:` list per file) that the database "
        "lacks; a level that exists (by slug) is left as it is, an author may have edited it in "
        "the admin, unless --replace. Every level is checked by exhaustive search first: "
        "winnable, and its fixed program safe. All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite existing levels with the files'"
        )

    def handle(self, *args, files: list[Path], replace: bool, **options) -> None:
        created = replaced = kept = 0
        with transaction.atomic():
            for path in files:
                data = load_bundle_file(path)
                levels = data.get("levels") if isinstance(data, dict) else None
                if not isinstance(levels, list):
                    raise CommandError(f"{path}: expected a `levels:` list")
                existing = set(Level.objects.values_list("slug", flat=True))
                for item in levels:
                    slug = item.get("slug") if isinstance(item, dict) else None
                    if slug in existing and not replace:
                        kept += 1
                        continue
                    try:
                        import_level(item)
                    except BundleError as error:
                        raise CommandError(f"{path}: {error}") from None
                    if slug in existing:
                        replaced += 1
                    else:
                        created += 1
        self.stdout.write(
            f"Game levels: {created} created, {replaced} replaced, {kept} left as they were."
        )
