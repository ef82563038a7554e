"""Spaced review reacts to exercise verdicts (exercises sends, reviews listens, never the
reverse) and forgets a student's cached due count when their deck or card states change."""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from config import reader_cache
from courses.models import Enrollment
from exercises.signals import submission_finished
from reviews import services
from reviews.models import CardState

log = logging.getLogger(__name__)


@receiver(submission_finished)
def review_the_lesson_after_a_race_or_deadlock(sender, submission_id: int, **kwargs) -> None:
    # The signal goes out after the verdict's commit, from the grading worker: a fault here
    # must never look like a failed grading (the verdict stands; the cards just stay put).
    try:
        services.review_after_verdict(submission_id=submission_id)
    except Exception:
        log.exception("could not make the cards of submission %s's lesson due", submission_id)


# Saves only: a post_delete receiver would make every cascade (a deleted lesson, card or user)
# load its card states one by one instead of deleting them in one statement; a count left over
# by a deletion lasts a minute at most.
@receiver(post_save, sender=CardState)
def forget_the_due_count(sender, instance, **kwargs) -> None:
    reader_cache.forget(instance.user_id)


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def forget_the_deck(sender, instance, **kwargs) -> None:
    # A course joined or left: other cards in the deck (its count is forgotten by courses).
    services.forget_synced_deck(user_id=instance.user_id)
