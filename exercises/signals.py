"""Signals the exercises app sends (receivers live with the apps that listen)."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from exercises.models import Submission

# Sent (after commit) whenever a submission reaches `done`, with `submission_id`. Practice tests
# listen, to score code answers as their verdicts arrive.
submission_finished = Signal()


def announce_finished(*submission_ids: int) -> None:
    for submission_id in submission_ids:
        transaction.on_commit(
            lambda sid=submission_id: submission_finished.send(sender=Submission, submission_id=sid)
        )
