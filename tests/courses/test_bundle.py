from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from courses.bundle import BundleError, export_course, import_bundle, load_bundle
from courses.models import Course, Lesson, LessonCompletion, Overview, TranscriptLine
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
            lesson["is_published"] = True  # bundles without the flag held live lessons
            lesson["exercises"] = []  # the exercises, quizzes and games apps add their parts
            lesson["practice_tests"] = []
            lesson["game_levels"] = []
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
    import_bundle(bundle, replace=True)

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


def test_a_draft_lesson_and_the_order_survive_the_round_trip(course):
    draft = course.lessons.get(slug="lesson-2-1")
    Lesson.objects.filter(pk=draft.pk).update(is_published=False)
    # Reordered as an author would by drag and drop: lessons of chapter 2, a dialogue's lines.
    Lesson.objects.filter(pk=draft.pk).update(number=3)
    Lesson.objects.filter(course=course, slug="lesson-2-2").update(number=1)
    dialogue = draft.audio_lessons.order_by("order").first()
    first, second = dialogue.transcript.order_by("order")
    TranscriptLine.objects.filter(pk=first.pk).update(order=5)
    data = export_course(course)
    assert [lesson["slug"] for lesson in data["chapters"][1]["lessons"]] == [
        "lesson-2-2",
        "lesson-2-1",
    ]
    transcript = data["chapters"][1]["lessons"][1]["audio_lessons"][0]["transcript"]
    assert [line["text"] for line in transcript] == [second.text, first.text]
    assert data["chapters"][1]["lessons"][1]["is_published"] is False
    Course.objects.all().delete()
    import_bundle(data)
    again = Course.objects.get()
    assert not again.lessons.get(slug="lesson-2-1").is_published
    assert again.lessons.get(slug="lesson-2-1").number == 3
    assert again.lessons.get(slug="lesson-2-2").is_published
    assert export_course(again) == data


def test_the_dry_run_lists_every_change_and_writes_nothing(course):
    bundle = make_bundle()
    bundle["chapters"][0]["lessons"][0]["flashcards"][0]["front"] = "Changed"
    bundle["chapters"][0]["lessons"][0]["title"] = "Retitled"
    del bundle["chapters"][1]["lessons"][1]
    bundle["chapters"][1]["lessons"].append(
        {**bundle["chapters"][1]["lessons"][0], "slug": "brand-new", "number": 3}
    )
    before = export_course(course)

    report = load_bundle(bundle, replace=True, dry_run=True)

    assert [str(change) for change in report.changes] == [
        "update lesson lesson-1-1: title, flashcards",
        "create lesson brand-new",
        "delete lesson lesson-2-2",
    ]
    assert export_course(Course.objects.get()) == before
    assert not Lesson.objects.filter(slug="brand-new").exists()


def test_an_import_without_replace_adds_only_what_is_missing(course):
    bundle = make_bundle()
    bundle["chapters"][0]["lessons"][0]["title"] = "The bundle's title"
    bundle["chapters"][0]["lessons"][0]["flashcards"] = []
    del bundle["chapters"][1]["lessons"][1]  # an import never deletes without --replace
    bundle["chapters"][0]["lessons"].append(
        {**bundle["chapters"][0]["lessons"][0], "slug": "brand-new", "number": 2}
    )
    before = export_course(course)

    report = load_bundle(bundle)

    assert [str(change) for change in report.changes] == ["create lesson brand-new"]
    after = export_course(Course.objects.get())
    assert after["chapters"][0]["lessons"][:2] == before["chapters"][0]["lessons"]
    assert after["chapters"][1] == before["chapters"][1]
    # Its place (number 2) was taken by an existing lesson: the new one goes last.
    assert after["chapters"][0]["lessons"][2]["slug"] == "brand-new"
    assert after["chapters"][0]["lessons"][2]["number"] == 3


def test_the_command_dry_run_prints_the_changes_and_replace_applies_them(tmp_path, course):
    bundle = make_bundle()
    bundle["chapters"][0]["lessons"][0]["overview"]["quick"] = "Rewritten"
    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump(bundle))
    out = io.StringIO()
    call_command("import_course", str(path), replace=True, dry_run=True, stdout=out)
    assert "Would change Concurrency 101" in out.getvalue()
    assert "  update lesson lesson-1-1: overview" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    lesson = course.lessons.get(slug="lesson-1-1")
    assert lesson.overview.quick == "QUICK-c1l1"

    out = io.StringIO()
    call_command("import_course", str(path), stdout=out)
    assert "nothing missing, nothing changed" in out.getvalue()
    call_command("import_course", str(path), replace=True, stdout=out)
    assert Overview.objects.get(lesson=lesson).quick == "Rewritten"
