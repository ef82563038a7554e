"""Writes: a student's progress through the games."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from games.models import Level, LevelProgress


@transaction.atomic
def record_win(*, user, level: Level, moves: int) -> LevelProgress:
    """Remember that the student solved the level; keep the first solve time and the fewest
    moves."""
    if moves < 1:
        raise ValueError("a win takes at least one move")
    progress, created = LevelProgress.objects.get_or_create(
        user=user, level=level, defaults={"solved_at": timezone.now(), "moves": moves}
    )
    if not created and moves < progress.moves:
        # Conditional UPDATE: a slower concurrent win never overwrites a better one.
        LevelProgress.objects.filter(pk=progress.pk, moves__gt=moves).update(moves=moves)
        progress.refresh_from_db()
    return progress
