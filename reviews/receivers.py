"""Spaced review reacts to exercise verdicts: exercises sends, reviews listens (never the
reverse)."""

import logging

from django.dispatch import receiver

from exercises.signals import submission_finished
from reviews import services

log = logging.getLogger(__name__)


@receiver(submission_finished)
def review_the_lesson_after_a_race_or_deadlock(sender, submission_id: int, **kwargs) -> None:
    # The signal goes out after the verdict's commit, from the grading worker: a fault here
    # must never look like a failed grading (the verdict stands; the cards just stay put).
    try:
        services.review_after_verdict(submission_id=submission_id)
    except Exception:
        log.exception("could not make the cards of submission %s's lesson due", submission_id)
