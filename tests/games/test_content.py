"""Levels as content: the import command, course bundles, and the admin's checked form."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse

from courses.bundle import export_course, import_bundle
from games.bundle import export_level
from games.models import Level, LevelProgress
from games.services import record_win
from tests.games.conftest import shipped_levels

pytestmark = pytest.mark.django_db


def levels_file(tmp_path, levels: list[dict], course) -> str:
    for level in levels:
        level["course"], level["lesson"] = course.slug, "lesson-1-1"
    path = tmp_path / "levels.yaml"
    path.write_text(yaml.safe_dump({"levels": levels}))
    return str(path)


def test_import_games_adds_missing_levels_and_leaves_edited_ones_alone(tmp_path, course):
    path = levels_file(tmp_path, shipped_levels(), course)
    out = StringIO()
    call_command("import_games", path, stdout=out)
    assert "16 created, 0 replaced, 0 left" in out.getvalue()
    level = Level.objects.get(slug="lost-update")
    assert level.lesson.slug == "lesson-1-1" and level.order == 1
    assert "count += 1" in level.program

    Level.objects.filter(slug="lost-update").update(title="Edited by an author")
    Level.objects.filter(slug="home-made-lock").delete()
    out = StringIO()
    call_command("import_games", path, stdout=out)
    assert "1 created, 0 replaced, 15 left" in out.getvalue()
    assert Level.objects.get(slug="lost-update").title == "Edited by an author"

    call_command("import_games", path, "--replace", stdout=StringIO())
    assert Level.objects.get(slug="lost-update").title == "The lost update"


def test_replacing_a_level_keeps_students_progress(tmp_path, course, student):
    path = levels_file(tmp_path, shipped_levels()[:1], course)
    call_command("import_games", path, stdout=StringIO())
    record_win(user=student, level=Level.objects.get(), moves=7)
    call_command("import_games", path, "--replace", stdout=StringIO())
    assert LevelProgress.objects.get().moves == 7


def test_import_games_refuses_a_level_whose_fix_still_breaks_and_writes_nothing(tmp_path, course):
    levels = shipped_levels()[:2]
    levels[1]["fixed_program"] = copy.deepcopy(levels[1]["program"])  # the "fix" is the bug
    path = levels_file(tmp_path, levels, course)
    with pytest.raises(CommandError, match="home-made-lock: fixed program: still breaks"):
        call_command("import_games", path, stdout=StringIO())
    assert not Level.objects.exists()


def test_import_games_refuses_an_unknown_lesson(tmp_path, course):
    levels = shipped_levels()[:1]
    path = levels_file(tmp_path, levels, course)
    path_obj = tmp_path / "levels.yaml"
    path_obj.write_text(path_obj.read_text().replace("lesson-1-1", "no-such-lesson"))
    with pytest.raises(CommandError, match="lesson 'no-such-lesson' not found"):
        call_command("import_games", path, stdout=StringIO())


def test_a_course_bundle_carries_its_lessons_levels(levels, course):
    bundle = export_course(course)
    carried = bundle["chapters"][0]["lessons"][0]["game_levels"]
    assert [item["slug"] for item in carried] == [lv.slug for lv in levels[:-1]]
    assert carried[0] == export_level(levels[0])
    assert carried[0]["program"]["threads"][0]["code"] == "count += 1\n"

    Level.objects.all().delete()
    bundle["course"]["slug"] = "copy"
    copied = import_bundle(bundle)
    assert Level.objects.filter(lesson__course=copied).count() == len(levels) - 1
    assert export_course(copied)["chapters"] == bundle["chapters"]


def test_staff_edit_a_level_in_the_admin_and_a_broken_one_is_refused(client, staff, levels):
    client.force_login(staff)
    assert client.get(reverse("admin:games_level_changelist")).status_code == 200
    assert client.get(reverse("admin:games_levelprogress_changelist")).status_code == 200
    level = levels[0]
    url = reverse("admin:games_level_change", args=[level.pk])
    assert client.get(url).status_code == 200
    form = {
        "title": "Renamed", "slug": level.slug, "order": level.order, "lesson": level.lesson_id,
        "primitive": level.primitive, "goal": level.goal, "goal_text": level.goal_text,
        "intro": level.intro, "program": level.program, "explanation": level.explanation,
        "fixed_program": level.fixed_program,
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    assert Level.objects.get(pk=level.pk).title == "Renamed"

    broken = form | {"title": "Broken", "fixed_program": level.program}
    response = client.post(url, broken)
    assert response.status_code == 200
    assert "fixed program: still breaks (exit_check)" in response.content.decode()
    unrunnable = form | {"title": "Broken", "program": "threads: [{name: A, code: 'import os'}]"}
    response = client.post(url, unrunnable)
    assert "a program needs 2 to 3 threads" in response.content.decode()
    wrong_goal = form | {"title": "Broken", "goal": "deadlock"}
    response = client.post(url, wrong_goal)
    assert "no schedule reaches the goal (deadlock)" in response.content.decode()
    assert Level.objects.get(pk=level.pk).title == "Renamed"


def test_record_win_keeps_the_first_solve_and_the_fewest_moves(student, levels):
    first = record_win(user=student, level=levels[0], moves=9)
    better = record_win(user=student, level=levels[0], moves=5)
    worse = record_win(user=student, level=levels[0], moves=12)
    assert better.solved_at == first.solved_at
    assert better.moves == worse.moves == 5
    with pytest.raises(ValueError):
        record_win(user=student, level=levels[1], moves=0)
    assert LevelProgress.objects.count() == 1


def test_the_shipped_levels_import_into_the_demo_course(settings):
    content = settings.BASE_DIR / "content"
    call_command("import_course", content / "courses" / "python-advance.yaml", stdout=StringIO())
    call_command("import_games", *sorted((content / "games").glob("*.yaml")), stdout=StringIO())
    levels = Level.objects.select_related("lesson__course")
    assert levels.count() == len(shipped_levels())
    assert {level.lesson.course.slug for level in levels} == {"python-advance"}
    assert levels.get(slug="daemon-lost-work").lesson.slug == "daemon-threads"
