from __future__ import annotations

import json
import sys

import yaml
from django.core.management.base import BaseCommand, CommandError

from courses.bundle import export_course
from courses.models import Course


class Command(BaseCommand):
    help = "Writes a course, with all its components and media references, as one bundle."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, slug: str, output: str | None, format: str, **options) -> None:
        course = Course.objects.select_related("program").filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with slug {slug!r}")
        data = export_course(course)
        if format == "json":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {course.title} to {output}")
        else:
            sys.stdout.write(text)
