from __future__ import annotations

from courses.management.import_by_slug import ImportBySlugCommand
from exercises.bundle import FIELDS, LIMIT_FIELDS, import_exercise_file
from exercises.models import Exercise


class Command(ImportBySlugCommand):
    help = (
        "Creates exercises from YAML files (one exercise per file) that the database lacks; an "
        "exercise that exists (by slug) is left as it is unless --replace. All or nothing."
    )
    noun = "exercise"
    model = Exercise

    def import_file(self, data) -> Exercise:
        return import_exercise_file(data)

    def picture(self, item: Exercise) -> dict:
        return {name: getattr(item, name) for name in (*FIELDS, *LIMIT_FIELDS, "lesson_id")}
