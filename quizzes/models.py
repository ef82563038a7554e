from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from courses.models import Lesson
from exercises.models import Exercise, Submission


class PracticeTest(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="practice_tests")
    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True, help_text="Markdown.")
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text="Percent needed to pass.")
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for unlimited attempts."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for no time limit."
    )
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=False)
    show_answers = models.BooleanField(
        default=True, help_text="Show the correct answers after the attempt is submitted."
    )

    class Meta:
        ordering = ["lesson", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:test", args=[self.slug])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TRUE_FALSE = "true_false", "True or false"
        SHORT = "short", "Short answer"
        CODE = "code", "Code"

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE)

    test = models.ForeignKey(PracticeTest, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    prompt = models.TextField(help_text="Markdown.")
    explanation = models.TextField(help_text="Markdown, shown after submitting.")
    points = models.PositiveSmallIntegerField(default=1)
    partial_credit = models.BooleanField(
        default=False, help_text="Multiple choice: proportional credit instead of all-or-nothing."
    )
    accepted_answers = models.TextField(
        blank=True, help_text="Short answer: one accepted answer per line."
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.prompt[:60]}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    GRADING = "grading", "Waiting for code verdicts"
    SUBMITTED = "submitted", "Submitted"


class Attempt(models.Model):
    Status = AttemptStatus

    test = models.ForeignKey(PracticeTest, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    # Seeds the per-attempt shuffle, so the order is stable across reloads.
    seed = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    expired = models.BooleanField(default=False, help_text="Submitted by the time limit.")
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "user"],
                condition=models.Q(status=AttemptStatus.IN_PROGRESS),
                name="one_open_attempt_per_test",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.test} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def time_is_up(self) -> bool:
        """Still open past its deadline: the clock has ended it, but nothing has scored it yet.

        Reading never writes: the periodic task (every few seconds) or the student's next POST
        submits it; until then pages show it as ended, never as open.
        """
        return (
            self.status == self.Status.IN_PROGRESS
            and self.deadline_at is not None
            and timezone.now() >= self.deadline_at
        )

    @property
    def is_open(self) -> bool:
        """Answers may still change: in progress and within its time."""
        return self.status == self.Status.IN_PROGRESS and not self.time_is_up

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score)


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True)
    text = models.TextField(blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    points = models.FloatField(null=True, blank=True)
    is_correct = models.BooleanField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id} in attempt {self.attempt_id}"
