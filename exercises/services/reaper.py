"""The reaper (a periodic task): gradings whose worker vanished, messages that never left."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exercises.models import Submission, Verdict
from exercises.services.queue import enqueue_on_commit
from exercises.signals import announce_finished

# A grading claimed this many times without finishing is failed, never retried forever.
MAX_ATTEMPTS = 3
# A queued submission whose message may have been lost (broker down at submit time).
QUEUED_TOO_LONG = timedelta(minutes=2)


def reap_stuck_submissions(*, now: datetime | None = None) -> dict[str, int]:
    """Re-queue gradings whose worker vanished, resend lost messages, fail hopeless ones."""
    now = now or timezone.now()
    stuck = Submission.objects.filter(status=Submission.Status.RUNNING, deadline_at__lt=now)
    with transaction.atomic():  # the announcement goes out once the failures are committed
        hopeless = stuck.filter(attempts__gte=MAX_ATTEMPTS)
        announce_finished(*hopeless.values_list("pk", flat=True))
        failed = hopeless.update(
            status=Submission.Status.DONE,
            verdict=Verdict.INTERNAL_ERROR,
            message="Grading was interrupted several times on our side. It does not count "
            "against you: run it again.",
            finished_at=now,
            deadline_at=None,
        )
    requeue_ids = list(stuck.values_list("pk", flat=True))
    requeued = Submission.objects.filter(
        pk__in=requeue_ids, status=Submission.Status.RUNNING, deadline_at__lt=now
    ).update(status=Submission.Status.QUEUED, deadline_at=None, enqueued_at=None)
    lost = list(
        Submission.objects.filter(status=Submission.Status.QUEUED)
        .filter(
            Q(enqueued_at=None, created_at__lt=now - timedelta(seconds=5))
            | Q(enqueued_at__lt=now - QUEUED_TOO_LONG)
        )
        .values_list("pk", flat=True)
    )
    for submission_id in lost:
        enqueue_on_commit(submission_id)
    return {"failed": failed, "requeued": requeued, "resent": len(lost)}
