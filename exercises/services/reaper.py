"""The reaper (a periodic task): gradings whose worker vanished, messages that never left."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from exercises.models import Submission, Verdict
from exercises.services.queue import resend_on_commit, waiting_gradings
from exercises.signals import announce_finished

# A grading claimed this many times without finishing is failed, never retried forever.
MAX_ATTEMPTS = 3
# A queued submission not graded after this long, with no grading waiting in the broker, has
# lost its message (the broker restarted empty, say): it is sent again.
QUEUED_TOO_LONG = timedelta(seconds=30)
# A submission whose first send failed (broker down at submit time) is sent after this long.
NEVER_SENT_AFTER = timedelta(seconds=5)
# Where the last pass's time is kept, to show the reaper keeps its beat during a backlog.
LAST_RUN_KEY = "exercises:reaper:last-run"


def reap_stuck_submissions(*, now: datetime | None = None) -> dict[str, int]:
    """Re-queue gradings whose worker vanished (their lease ran out), resend lost messages,
    fail hopeless ones. Every send is stamped first with a guarded UPDATE on enqueued_at, so
    two passes (or two reapers) never send the same submission twice."""
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
    requeued = _requeue_abandoned(now)
    never_sent = Submission.objects.filter(
        status=Submission.Status.QUEUED,
        enqueued_at=None,
        created_at__lt=now - NEVER_SENT_AFTER,
    )
    waited = Submission.objects.filter(
        status=Submission.Status.QUEUED, enqueued_at__lt=now - QUEUED_TOO_LONG
    )
    # Old queued rows are only resent when no grading waits in the broker: otherwise they
    # are most likely in that backlog, and a second message would be a duplicate.
    candidates = list(never_sent.values_list("pk", "enqueued_at"))
    if waited.exists() and waiting_gradings() == 0:
        candidates += list(waited.values_list("pk", "enqueued_at"))
    resent = sum(_resend(pk, stamped, now) for pk, stamped in candidates)
    with contextlib.suppress(Exception):  # a bookkeeping note; the cache may be down
        cache.set(LAST_RUN_KEY, now.isoformat(), timeout=None)
    return {"failed": failed, "requeued": requeued, "resent": resent}


def _requeue_abandoned(now: datetime) -> int:
    """running -> queued for gradings whose lease ran out, and send each again at once."""
    requeued = 0
    abandoned = Submission.objects.filter(status=Submission.Status.RUNNING, deadline_at__lt=now)
    for pk, attempts in abandoned.values_list("pk", "attempts"):
        with transaction.atomic():
            if Submission.objects.filter(
                pk=pk, status=Submission.Status.RUNNING, attempts=attempts, deadline_at__lt=now
            ).update(status=Submission.Status.QUEUED, deadline_at=None, enqueued_at=now):
                requeued += 1
                resend_on_commit(pk)
    return requeued


def _resend(pk: int, stamped: datetime | None, now: datetime) -> bool:
    with transaction.atomic():
        if not Submission.objects.filter(
            pk=pk, status=Submission.Status.QUEUED, enqueued_at=stamped
        ).update(enqueued_at=now):
            return False  # graded, claimed or resent meanwhile
        resend_on_commit(pk)
    return True


def reaper_last_run() -> datetime | None:
    stamp = cache.get(LAST_RUN_KEY)
    return datetime.fromisoformat(stamp) if stamp else None
