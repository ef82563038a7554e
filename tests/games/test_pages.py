"""The games pages through the client: who may play what, a game played by POSTs (no
JavaScript), progress, htmx fragments, the course and lesson page panels, and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Lesson
from courses.services import enroll
from games.models import Level, LevelProgress

pytestmark = pytest.mark.django_db

# Level 1 ("The lost update"): A reads, B increments, A adds and writes: count ends at 1.
WINNING = ["expand-1", "step-1", "step-2", "step-1", "step-1"]


def level_url(level: Level) -> str:
    return reverse("games:level", args=[level.slug])


def play(client, level: Level, actions: list[str], *, history: str = "", **headers):
    response = None
    for action in actions:
        response = client.post(level_url(level), {"moves": history, "action": action}, **headers)
        assert response.status_code == 200
        history = response.context["board"].moves
    return response


def test_the_index_lists_every_level_and_anonymous_visitors_may_open_only_the_first(client, levels):
    response = client.get(reverse("games:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Interactive Games" in html and "Be the scheduler" in html
    assert html.count('class="level-item') == len(levels)
    assert f'href="{level_url(levels[0])}"' in html
    assert f'href="{level_url(levels[1])}"' not in html
    assert html.count("Locked</span>") == len(levels) - 1
    assert "Sign up for free" in html


def test_an_anonymous_visitor_plays_level_one_but_finds_level_two_locked(client, levels):
    assert client.get(level_url(levels[0])).status_code == 200
    response = client.get(level_url(levels[1]))
    assert response.status_code == 403
    assert "This level is locked" in response.content.decode()
    assert "Sign up for free" in response.content.decode()
    moves = client.post(level_url(levels[1]), {"moves": "", "action": "step-1"})
    assert moves.status_code == 403


def test_a_signed_in_student_plays_a_lessons_levels_once_enrolled(client, student, levels):
    client.force_login(student)
    lesson_level, free_level = levels[1], levels[-1]
    locked = client.get(level_url(lesson_level))
    assert locked.status_code == 403 and "Enroll for free" in locked.content.decode()
    assert client.get(level_url(free_level)).status_code == 200  # no lesson: open to all
    enroll(user=student, course=lesson_level.lesson.course)
    assert client.get(level_url(lesson_level)).status_code == 200


def test_a_draft_lessons_levels_wait_for_it_except_for_staff(
    client, student, staff, course, levels
):
    Lesson.objects.filter(slug="lesson-1-1").update(is_published=False)
    enroll(user=student, course=course)
    client.force_login(student)
    assert client.get(level_url(levels[0])).status_code == 404
    assert client.get(level_url(levels[1])).status_code == 404
    assert client.get(level_url(levels[-1])).status_code == 200  # no lesson: still open
    course_page = client.get(reverse("courses:course", args=[course.slug])).content.decode()
    assert "/games/scheduler/" not in course_page
    client.force_login(staff)
    assert client.get(level_url(levels[1])).status_code == 200


def test_staff_may_play_every_level(client, staff, levels):
    client.force_login(staff)
    assert all(client.get(level_url(level)).status_code == 200 for level in levels)


def test_an_unknown_level_is_404(client, levels):
    assert client.get(reverse("games:level", args=["nope"])).status_code == 404


def test_the_board_shows_each_thread_its_code_and_the_shared_state(client, levels):
    html = client.get(level_url(levels[0])).content.decode()
    assert "Thread A" in html and "Thread B" in html
    assert html.count('aria-current="step"') == 2  # each thread's next statement
    assert 'id="step-1"' in html and 'id="expand-2"' in html
    assert "Shared state" in html and "<code>count</code>" in html
    assert 'name="moves" value=""' in html
    assert "autofocus" not in html  # a fresh page does not steal focus


def test_winning_without_javascript_shows_the_explanation_and_fix_and_saves_progress(
    client, student, levels
):
    client.force_login(student)
    response = play(client, levels[0], WINNING)
    html = response.content.decode()
    assert "You broke it! Level solved in 5 moves" in html
    assert "What went wrong" in html and "The fix" in html
    assert "with lock:" in html and "lock = Lock()" in html  # the fixed program
    assert 'id="outcome" tabindex="-1" autofocus' in html
    assert f'href="{level_url(levels[1])}">Next level' in html
    assert "count == 2 false" in html and "count is 1" in html
    progress = LevelProgress.objects.get(user=student, level=levels[0])
    assert progress.moves == 5

    # A longer win keeps the best; the index shows it.
    play(client, levels[0], ["step-2", "expand-1", "step-1", "step-1", "undo", "step-1",
                             "step-1"])  # fmt: skip
    assert LevelProgress.objects.get(user=student, level=levels[0]).moves == 5
    index = client.get(reverse("games:index")).content.decode()
    assert "✓ Solved in 5 moves" in index and "1 of 16 levels solved" in index


def test_an_anonymous_win_is_shown_but_not_saved(client, levels):
    response = play(client, levels[0], WINNING)
    assert "You broke it!" in response.content.decode()
    assert not LevelProgress.objects.exists()


def test_a_schedule_that_does_not_break_the_program_says_so(client, levels):
    response = play(client, levels[0], ["step-1", "step-2"])
    html = response.content.decode()
    assert "No bug this time" in html and "The program finished correctly" in html


def test_undo_and_reset_go_back(client, levels):
    response = play(client, levels[0], ["step-1", "step-2", "undo"])
    assert response.context["board"].moves == "1"
    assert response.context["board"].news == "Undid the last move."
    response = play(client, levels[0], ["reset"], history="1 2")
    assert response.context["board"].moves == ""


def test_a_tampered_history_starts_over_and_a_blocked_thread_cannot_move(client, staff, levels):
    response = client.post(level_url(levels[0]), {"moves": "1 1 1 1 9", "action": "step-1"})
    assert response.context["board"].moves == ""
    assert "starts over" in response.context["board"].news
    # Level 3: B takes `b`, then `a`; A now waits for `a` and cannot move.
    client.force_login(staff)
    response = client.post(level_url(levels[2]), {"moves": "2 2", "action": "step-1"})
    board = response.context["board"]
    assert board.moves == "2 2"
    assert board.news == "Not allowed: A cannot move: waiting for a, held by B."
    assert "Blocked: waiting for a, held by B" in response.content.decode()
    response = client.post(level_url(levels[2]), {"moves": "2 2", "action": "step-9"})
    assert response.context["board"].news == "Not allowed: there is no thread 9."


def test_htmx_gets_the_board_fragment_and_the_news_out_of_band(client, levels):
    response = client.post(
        level_url(levels[0]), {"moves": "", "action": "step-1"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<p id="board-news"') and 'hx-swap-oob="true"' in html
    assert '<div id="board"' in html and "<h1>" not in html
    assert 'id="step-1"' in html and "autofocus" in html


def test_the_course_page_lists_its_levels_and_the_lesson_page_links_them(client, course, levels):
    html = client.get(reverse("courses:course", args=[course.slug])).content.decode()
    assert 'id="course-games"' in html
    assert html.count("/games/scheduler/") == len(levels) - 1  # the last belongs to no lesson
    lesson = client.get(reverse("courses:lesson", args=[course.slug, "lesson-1-1"]))
    assert f"Play: {levels[0].title}" in lesson.content.decode()
    other = client.get(reverse("courses:lesson", args=[course.slug, "lesson-1-2"]))
    assert "Play:" not in other.content.decode()


def test_the_top_navigation_links_to_the_games(client, db):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("games:index")}"' in html and "Interactive Games" in html


@pytest.mark.parametrize("who", ["anonymous", "student"])
@pytest.mark.parametrize("count", [1, 16])
def test_the_index_and_board_use_a_constant_number_of_queries(
    client, request, who, count, levels, django_assert_num_queries
):
    Level.objects.exclude(pk__in=[lv.pk for lv in levels[:count]]).delete()
    if who == "student":
        student = request.getfixturevalue("student")
        enroll(user=student, course=levels[0].lesson.course)
        client.force_login(student)
    signed_in = who == "student"
    # Levels; plus session, user, the navigation's due reviews, enrollments and progress when
    # signed in.
    with django_assert_num_queries(6 if signed_in else 1):
        client.get(reverse("games:index"))
    # Levels (for the numbering), the level; plus session, user, enrollments and progress when
    # signed in (the due reviews were counted on the index and are kept).
    with django_assert_num_queries(6 if signed_in else 2):
        client.get(level_url(levels[0]))
    with django_assert_num_queries(6 if signed_in else 2):
        client.post(level_url(levels[0]), {"moves": "1", "action": "step-2"})
