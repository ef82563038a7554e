"""The memory game: match a lesson's glossary terms to their definitions against the clock.

The clock that counts is the server's: the page carries a signed start time, and a finished
game is timed from it, plus a penalty per mistake. The student's own timer is only a display,
so a personal best cannot be typed in.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Least
from django.urls import reverse

from courses.extensions import Panel
from courses.models import GlossaryTerm, Lesson
from games.models import MemoryBest

MIN_PAIRS = 3
MAX_PAIRS = 6
PENALTY_MS = 5_000
# A game is over in minutes; a start older than this is a page left open, not a game.
MAX_GAME_SECONDS = 60 * 60
_SALT = "games.memory.start"


class GameRejected(Exception):
    """The finished game does not add up (tampered, expired or impossible)."""


@dataclass(frozen=True)
class Pair:
    key: str  # opaque, per game: which term goes with which definition
    term: str
    definition: str


@dataclass(frozen=True)
class Board:
    lesson: Lesson
    terms: list[Pair]  # shuffled
    definitions: list[Pair]  # shuffled differently
    token: str  # signed: the lesson and when the board was dealt
    best: MemoryBest | None

    @property
    def best_seconds(self) -> float | None:
        return self.best.best_ms / 1000 if self.best else None


@dataclass(frozen=True)
class Result:
    time_ms: int
    best_ms: int | None  # None for a visitor: nothing is kept
    new_best: bool


def new_board(*, user, lesson: Lesson, rng: random.Random | None = None) -> Board | None:
    """A fresh game of up to MAX_PAIRS glossary terms, or None if the lesson has too few."""
    rng = rng or random.Random()
    terms = list(GlossaryTerm.objects.filter(lesson=lesson).order_by("order", "id"))
    if len(terms) < MIN_PAIRS:
        return None
    chosen = rng.sample(terms, min(MAX_PAIRS, len(terms)))
    pairs = [Pair(key=f"p{i}", term=t.term, definition=t.definition) for i, t in enumerate(chosen)]
    definitions = pairs[:]
    rng.shuffle(definitions)
    token = signing.dumps({"lesson": lesson.pk, "start_ms": _now_ms()}, salt=_SALT)
    best = (
        MemoryBest.objects.filter(user=user, lesson=lesson).first()
        if user.is_authenticated
        else None
    )
    return Board(lesson=lesson, terms=pairs, definitions=definitions, token=token, best=best)


def finish_game(*, user, lesson: Lesson, token: str, mistakes: int) -> Result:
    """Time the game from its signed start, add the penalties, and keep the best for a student.
    Raises GameRejected for a token that is forged, expired or for another lesson."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_GAME_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired is one too
        raise GameRejected("This game expired or was changed; start a new one.") from error
    if data.get("lesson") != lesson.pk:
        raise GameRejected("This game belongs to another lesson.")
    if not 0 <= mistakes <= 1000:
        raise GameRejected("Impossible number of mistakes.")
    elapsed_ms = max(0, _now_ms() - data["start_ms"])
    time_ms = elapsed_ms + PENALTY_MS * mistakes
    if not user.is_authenticated:
        return Result(time_ms=time_ms, best_ms=None, new_best=False)
    return _keep_best(user=user, lesson=lesson, time_ms=time_ms)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _keep_best(*, user, lesson: Lesson, time_ms: int) -> Result:
    with transaction.atomic():
        previous = MemoryBest.objects.select_for_update().filter(user=user, lesson=lesson).first()
        if previous is None:
            try:
                with transaction.atomic():
                    MemoryBest.objects.create(
                        user=user, lesson=lesson, best_ms=time_ms, last_ms=time_ms
                    )
                return Result(time_ms=time_ms, best_ms=time_ms, new_best=True)
            except IntegrityError:  # a game finished in another tab at the same moment
                previous = MemoryBest.objects.select_for_update().get(user=user, lesson=lesson)
        MemoryBest.objects.filter(pk=previous.pk).update(
            best_ms=Least(F("best_ms"), time_ms), last_ms=time_ms, plays=F("plays") + 1
        )
    return Result(
        time_ms=time_ms, best_ms=min(previous.best_ms, time_ms), new_best=time_ms < previous.best_ms
    )


def glossary_panel(*, user, lesson: Lesson) -> Panel | None:
    """The "Play the memory game" link under a lesson's glossary (no query: the page has the
    glossary prefetched)."""
    if len(lesson.glossary.all()) < MIN_PAIRS:
        return None
    url = reverse("games:memory", args=[lesson.course.slug, lesson.slug])
    return Panel(template="games/_memory_link.html", context={"url": url})
