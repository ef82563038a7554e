"""Spaced review reacts to exercise verdicts: exercises sends, reviews listens (never the
reverse)."""

from django.dispatch import receiver

from exercises.signals import submission_finished
from reviews import services


@receiver(submission_finished)
def review_the_lesson_after_a_race_or_deadlock(sender, submission_id: int, **kwargs) -> None:
    services.review_after_verdict(submission_id=submission_id)
