"""Spaced review: the cards a lesson offers, each student's FSRS state per card, and a log.

Card identity. A lesson's components are replaced wholesale when a course bundle is re-imported
(courses/bundle.py), so a Flashcard's id does not survive a re-import; pointing student state at
it (by FK or by a generic (kind, id) pair) would wipe everyone's schedule at every import. A
ReviewCard is therefore keyed by what survives: its lesson, the kind of source, and a digest of
the front text (the question, or the term). Re-importing the same deck finds the same cards and
refreshes their text; editing only the back keeps the card and its schedule; editing the front
makes a new card (it asks something else) and retires the old one. Retired cards are kept, not
deleted, so a student's history survives a source that comes back.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from courses.models import Lesson


class ReviewCard(models.Model):
    class Kind(models.TextChoices):
        FLASHCARD = "flashcard", "Flashcard"
        CONCEPT = "concept", "Key concept"
        TERM = "term", "Glossary term"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="review_cards")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=64, editable=False)  # sha256 of the normalised front
    front = models.TextField()
    back = models.TextField()
    order = models.PositiveIntegerField(default=0)  # the source's place in its lesson
    is_active = models.BooleanField(default=True)  # false: its source is gone (or unticked)

    class Meta:
        ordering = ["lesson", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "kind", "key"], name="unique_review_card")
        ]

    def __str__(self) -> str:
        return self.front[:60]

    @staticmethod
    def key_for(front: str) -> str:
        return hashlib.sha256(" ".join(front.split()).casefold().encode()).hexdigest()


class CardState(models.Model):
    """One student's FSRS scheduler state for one card: the fields of fsrs.Card, in columns, so
    "what is due" is an indexed query. Created when the student first rates the card."""

    class State(models.IntegerChoices):  # fsrs.State's values
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_states"
    )
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="states")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    # Times a card in Review state was forgotten (rated Again), as Anki counts them.
    lapses = models.PositiveIntegerField(default=0)
    reps = models.PositiveIntegerField(default=0)
    # When the student first met the card: new cards per day are limited by this.
    introduced_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "card"], name="unique_card_state")]
        indexes = [
            models.Index(fields=["user", "due"]),
            models.Index(fields=["user", "introduced_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.card}"


class ReviewLog(models.Model):
    class Rating(models.IntegerChoices):  # fsrs.Rating's values
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs"
    )
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    due_before = models.DateTimeField(null=True, blank=True)  # null: the card was new
    due_after = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["user", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} rated {self.card} {self.get_rating_display()}"
