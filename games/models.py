from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from games import engine


class Level(models.Model):
    """One level of "Be the scheduler": a small threaded program the player makes misbehave.

    `program` and `fixed_program` are YAML (shared, threads, at_exit), checked by the engine
    when saved through the admin or an import (games.levels.check_level)."""

    class Goal(models.TextChoices):
        CRITICAL = engine.CRITICAL, "Two threads in the critical section"
        ASSERTION = engine.ASSERTION, "A failed assert"
        ERROR = engine.ERROR, "An exception"
        DEADLOCK = engine.DEADLOCK, "A thread waits forever (deadlock, lost wakeup)"
        EXIT_CHECK = engine.EXIT_CHECK, "A wrong result at exit (lost update, lost work)"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0, help_text="Levels are played in this order.")
    lesson = models.ForeignKey(
        "courses.Lesson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="game_levels",
        help_text="The lesson this level practises; students of its course may play it. "
        "Without a lesson, every signed-in user may.",
    )
    primitive = models.CharField(max_length=60, help_text="Lock, Condition, Queue, join…")
    goal = models.CharField(max_length=20, choices=Goal.choices)
    goal_text = models.CharField(max_length=300, help_text="What the player must make happen.")
    intro = models.TextField(help_text="Markdown, shown above the board.")
    program = models.TextField(help_text="YAML: shared, threads (2–3, with code), at_exit.")
    explanation = models.TextField(help_text="Markdown, shown after winning: the bug and its fix.")
    fixed_program = models.TextField(help_text="YAML like the program: the corrected version.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("games:level", args=[self.slug])


class LevelProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_progress"
    )
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="progress")
    solved_at = models.DateTimeField()
    moves = models.PositiveIntegerField(help_text="The fewest moves this student won in.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "level"], name="one_progress_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.user} solved {self.level} in {self.moves} moves"


class MemoryBest(models.Model):
    """A student's memory game record for one lesson: the fastest finished game (seconds on
    the server's clock plus the penalties for mistakes), the latest, and how often played."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memory_bests"
    )
    lesson = models.ForeignKey(
        "courses.Lesson", on_delete=models.CASCADE, related_name="memory_bests"
    )
    best_ms = models.PositiveIntegerField("best time (ms)")
    last_ms = models.PositiveIntegerField("latest time (ms)")
    plays = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_memory_best_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.best_ms / 1000:.1f} s on {self.lesson}"
