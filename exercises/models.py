from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from courses.models import Lesson


class Exercise(models.Model):
    """A threading exercise: the student writes `solution.py`, pytest-style tests judge it."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="exercises")
    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    prompt = models.TextField(help_text="Markdown: what to write, and the rules it must follow.")
    starter_code = models.TextField(blank=True)
    visible_tests = models.TextField(
        help_text="pytest-style `def test_…():` functions shown to the student; Run uses them."
    )
    hidden_tests = models.TextField(help_text="Run on Submit, with the visible ones.")
    reference_solution = models.TextField(help_text="Must be Accepted by the grader.")
    # Limits of one grading run (see sandbox.job.Limits).
    cpu_seconds = models.FloatField(default=10)
    wall_seconds = models.FloatField(default=20)
    memory_mb = models.PositiveIntegerField(default=256)
    max_tasks = models.PositiveIntegerField("threads and processes", default=96)
    output_bytes = models.PositiveIntegerField(default=64 * 1024)
    schedules = models.PositiveSmallIntegerField(
        default=20, help_text="How many forced thread interleavings hunt for races on Submit."
    )
    # The last validation of the reference solution through the real grader.
    validation_verdict = models.CharField(max_length=20, blank=True)
    validation_message = models.TextField(blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lesson", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:exercise", args=[self.slug])


# (waited under this many seconds, poll again after this many ms), then POLL_SLOWEST_MS.
POLL_BACKOFF = ((2.0, 100), (10.0, 300), (60.0, 1000))
POLL_SLOWEST_MS = 2000


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    WRONG_ANSWER = "wrong_answer", "Wrong answer"
    RACE_DETECTED = "race_detected", "Race detected"
    DEADLOCK = "deadlock", "Deadlock"
    TIME_LIMIT = "time_limit", "Time limit"
    MEMORY_LIMIT = "memory_limit", "Memory limit"
    OUTPUT_LIMIT = "output_limit", "Output limit"
    RUNTIME_ERROR = "runtime_error", "Runtime error"
    SYNTAX_ERROR = "syntax_error", "Syntax error"
    INTERNAL_ERROR = "internal_error", "Internal error"


class Submission(models.Model):
    class Kind(models.TextChoices):
        RUN = "run", "Run (examples)"
        SUBMIT = "submit", "Submission"
        VALIDATION = "validation", "Reference validation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SUBMIT)
    code = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    message = models.TextField(blank=True)
    # The grader's structured report: tests, race / deadlock / inversion / leak details.
    report = models.JSONField(default=dict, blank=True)
    stdout = models.TextField(blank=True)
    stderr = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # While running: when the reaper may consider the grading lost.
    deadline_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker claimed it (a retry after a lost worker claims again).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["status", "deadline_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exercise} by {self.user} ({self.verdict or self.status})"

    def get_absolute_url(self) -> str:
        return reverse("exercises:submission", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def next_poll_ms(self) -> int:
        """How soon a waiting page asks again for the verdict. Most gradings take 50–150 ms, so
        the page asks often at first; a submission that waits longer is behind a queue, and
        backing off keeps the cost of each waiting student low."""
        waited = (timezone.now() - self.created_at).total_seconds()
        for until_seconds, delay_ms in POLL_BACKOFF:
            if waited < until_seconds:
                return delay_ms
        return POLL_SLOWEST_MS

    @property
    def is_accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED
