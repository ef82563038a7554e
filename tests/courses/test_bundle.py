from __future__ import annotations

import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from courses.bundle import BundleError, export_course, import_bundle
from courses.models import Course, Lesson, LessonCompletion, TranscriptLine
from courses.services import enroll, mark_complete
from tests.conftest import BASE_DIR
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips_every_component(tmp_path, course):
    path = tmp_path / "course.yaml"
    call_command("export_course", course.slug, output=str(path))
    exported = yaml.safe_load(path.read_text())
    expected = make_bundle()
    expected["course"]["cover"] = ""
    for chapter in expected["chapters"]:
        for lesson in chapter["lessons"]:
            lesson["exercises"] = []  # the exercises and quizzes apps add their parts
            lesson["practice_tests"] = []
    assert exported == expected

    Course.objects.all().delete()
    call_command("import_course", str(path))
    again = export_course(Course.objects.get(slug=course.slug))
    assert again == exported


def test_json_bundles_work_too(tmp_path, course):
    path = tmp_path / "course.json"
    call_command("export_course", course.slug, output=str(path), format="json")
    data = json.loads(path.read_text())
    Course.objects.all().delete()
    call_command("import_course", str(path))
    assert export_course(Course.objects.get(slug=course.slug)) == data


def test_reimporting_updates_in_place_and_keeps_student_progress(student, course):
    enroll(user=student, course=course)
    lesson = course.lessons.get(slug="lesson-2-2")
    mark_complete(user=student, lesson=lesson)

    bundle = make_bundle()
    # Swap the two lessons of chapter 2, retitle one, drop chapter 1's second lesson.
    chapter_two = bundle["chapters"][1]["lessons"]
    chapter_two[0]["number"], chapter_two[1]["number"] = 2, 1
    chapter_two[1]["title"] = "Renamed"
    del bundle["chapters"][0]["lessons"][1]
    import_bundle(bundle)

    lesson.refresh_from_db()
    assert (lesson.number, lesson.title) == (1, "Renamed")
    assert LessonCompletion.objects.filter(user=student, lesson=lesson).exists()
    assert not Lesson.objects.filter(slug="lesson-1-2").exists()
    assert Course.objects.count() == 1


def test_a_broken_bundle_writes_nothing(tmp_path):
    bundle = make_bundle()
    bundle["chapters"][1]["lessons"][0]["memory_aids"][0]["kind"] = "interpretive-dance"
    with pytest.raises(BundleError, match="kind"):
        import_bundle(bundle)
    assert not Course.objects.exists()
    assert not TranscriptLine.objects.exists()

    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nprogram: {slug: x}\n")
    with pytest.raises(CommandError, match="broken.yaml: program: .*kind.*cannot be blank"):
        call_command("import_course", str(path))
    assert not Course.objects.exists()


def test_exporting_an_unknown_course_is_a_clear_error():
    with pytest.raises(CommandError, match="No course with slug 'nope'"):
        call_command("export_course", "nope")


def test_the_demo_content_loads_with_every_component_kind_in_the_concurrency_lessons():
    bundles = sorted((BASE_DIR / "content" / "courses").glob("*.yaml"))
    call_command("import_course", *bundles)
    python = Course.objects.get(slug="python-advance")
    assert python.chapters.count() >= 3
    assert {c.program.kind for c in Course.objects.select_related("program")} == {
        "academic",
        "professional",
    }
    for slug in [
        "threads-start-and-join",
        "daemon-threads",
        "thread-safety-locks-events-conditions",
    ]:
        lesson = python.lessons.get(slug=slug)
        assert lesson.overview.quick and lesson.overview.detailed
        for related in ["audio_lessons", "audiobook_chapters", "key_concepts", "examples",
                        "flashcards", "glossary", "links", "videos"]:  # fmt: skip
            assert getattr(lesson, related).exists(), f"{slug} has no {related}"
        assert TranscriptLine.objects.filter(audio_lesson__lesson=lesson).count() >= 8
        assert set(lesson.memory_aids.values_list("kind", flat=True)) == {
            "rhyme", "story", "memory_tool", "acronym"
        }  # fmt: skip


def test_a_bundle_carries_its_lessons_exercises(course):
    from exercises.bundle import save_exercise
    from tests.factories import make_exercise_data

    save_exercise(course.lessons.get(slug="lesson-1-1"), make_exercise_data())
    data = export_course(course)
    Course.objects.all().delete()
    import_bundle(data)
    exercise = Course.objects.get().lessons.get(slug="lesson-1-1").exercises.get()
    assert exercise.slug == "safe-counter" and exercise.wall_seconds == 10.0
    assert export_course(Course.objects.get()) == data
