"""The memory game: a lesson's glossary dealt as terms and shuffled definitions, a finished
game timed on the server's clock plus penalties, and a personal best per lesson and student."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from courses.bundle import import_bundle
from courses.models import Lesson
from games.memory import PENALTY_MS
from games.models import MemoryBest
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

GLOSSARY = [
    {"term": "Lock", "definition": "Lets one thread at a time into a critical section."},
    {"term": "Event", "definition": "A flag threads can wait on until another sets it."},
    {"term": "`join()`", "definition": "Blocks the caller until the thread has finished."},
    {"term": "Daemon thread", "definition": "Killed when the interpreter exits."},
]


@pytest.fixture
def lesson(db):
    data = make_bundle(chapters=1, lessons_per_chapter=2, items=1)
    data["chapters"][0]["lessons"][0]["glossary"] = GLOSSARY
    course = import_bundle(data)
    return course.lessons.get(slug="lesson-1-1")


def play_url(lesson: Lesson) -> str:
    return reverse("games:memory", args=[lesson.course.slug, lesson.slug])


def finish_url(lesson: Lesson) -> str:
    return reverse("games:memory-finish", args=[lesson.course.slug, lesson.slug])


def deal(client, lesson) -> tuple[str, str]:
    html = client.get(play_url(lesson)).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    return html, token


def finish(client, lesson, token, mistakes=0):
    return client.post(finish_url(lesson), {"token": token, "mistakes": mistakes})


def test_the_lesson_glossary_links_to_the_memory_game_when_it_has_three_terms(client, lesson):
    html = client.get(lesson.get_absolute_url()).content.decode()
    glossary = html.split('<h2 id="glossary">')[1].split("</section>")[0]
    assert f'href="{play_url(lesson)}">Play the memory game</a>' in glossary
    short = lesson.course.lessons.get(slug="lesson-1-2")  # one glossary term: no game
    assert "Play the memory game" not in client.get(short.get_absolute_url()).content.decode()
    assert client.get(play_url(short)).status_code == 404


def test_the_board_deals_every_term_and_definition_once_as_buttons(client, lesson):
    html, _ = deal(client, lesson)
    terms = html.split('data-column="terms"')[1].split("</ul>")[0]
    definitions = html.split('data-column="definitions"')[1].split("</ul>")[0]
    assert terms.count('aria-pressed="false"') == definitions.count('aria-pressed="false"') == 4
    assert "<code>join()</code>" in terms and "`" not in terms  # Markdown rendered, not raw
    for item in GLOSSARY:
        assert item["definition"] in definitions and item["definition"] not in terms
    # Each term's key is the key of its own definition, and no other.
    term_keys = re.findall(r'data-key="(p\d)"[^>]*>Lock<', terms)
    definition_keys = re.findall(r'data-key="(p\d)"[^>]*>Lets one thread', definitions)
    assert term_keys == definition_keys and len(term_keys) == 1
    assert "Log in</a> to keep your personal best" in html


def test_a_finished_game_is_timed_on_the_server_clock_plus_penalties(client, student, lesson):
    client.force_login(student)
    _, token = deal(client, lesson)
    answer = finish(client, lesson, token, mistakes=2).json()
    assert 2 * PENALTY_MS <= answer["time_ms"] < 2 * PENALTY_MS + 10_000
    assert answer == {"time_ms": answer["time_ms"], "best_ms": answer["time_ms"], "new_best": True}
    best = MemoryBest.objects.get(user=student, lesson=lesson)
    assert (best.best_ms, best.last_ms, best.plays) == (answer["time_ms"], answer["time_ms"], 1)


def test_a_slower_game_keeps_the_personal_best_and_the_board_shows_it(client, student, lesson):
    client.force_login(student)
    fast = finish(client, lesson, deal(client, lesson)[1]).json()
    slow = finish(client, lesson, deal(client, lesson)[1], mistakes=3).json()
    assert slow["time_ms"] >= 3 * PENALTY_MS > fast["time_ms"]
    assert slow["best_ms"] == fast["time_ms"] and slow["new_best"] is False
    best = MemoryBest.objects.get(user=student, lesson=lesson)
    assert (best.best_ms, best.last_ms, best.plays) == (fast["time_ms"], slow["time_ms"], 2)
    html, _ = deal(client, lesson)
    assert f"Your best for this lesson: {fast['time_ms'] / 1000:.1f} s." in html


def test_a_forged_or_another_lessons_game_is_refused_and_saves_nothing(client, student, lesson):
    client.force_login(student)
    other = import_bundle(make_bundle(slug="other", items=3)).lessons.get(slug="lesson-1-1")
    _, token = deal(client, other)
    refused = finish(client, lesson, token)
    assert refused.status_code == 400 and "another lesson" in refused.json()["error"]
    forged = finish(client, lesson, token[:-2] + "xx")
    assert forged.status_code == 400 and "expired or was changed" in forged.json()["error"]
    assert finish(client, lesson, deal(client, lesson)[1], mistakes=-1).status_code == 400
    assert not MemoryBest.objects.exists()


def test_a_visitor_plays_but_no_best_is_kept(client, lesson):
    answer = finish(client, lesson, deal(client, lesson)[1]).json()
    assert answer["best_ms"] is None and answer["new_best"] is False
    assert not MemoryBest.objects.exists()


def test_a_draft_lessons_game_is_hidden_from_students(client, student, lesson):
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    client.force_login(student)
    assert client.get(play_url(lesson)).status_code == 404
    assert client.post(finish_url(lesson), {"token": "x", "mistakes": 0}).status_code == 404


def test_the_games_page_tells_where_the_memory_game_starts(client):
    html = client.get(reverse("games:index")).content.decode()
    assert '<h2 id="memory-heading">Memory</h2>' in html
    assert json.dumps("Play the memory game")[1:-1] in html
