from __future__ import annotations

from courses.management.import_by_slug import ImportBySlugCommand
from quizzes.bundle import export_test, import_test_file
from quizzes.models import PracticeTest


class Command(ImportBySlugCommand):
    help = (
        "Creates practice tests from YAML files (one test per file) that the database lacks; a "
        "test that exists (by slug) is left as it is unless --replace. All or nothing."
    )
    noun = "practice test"
    model = PracticeTest

    def import_file(self, data) -> PracticeTest:
        return import_test_file(data)

    def picture(self, item: PracticeTest) -> dict:
        return {**export_test(item), "lesson": item.lesson_id}
