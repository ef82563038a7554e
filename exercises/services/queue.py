"""Handing a submission to a grading worker.

The services send by task name through the Celery app and never import exercises.tasks: the
tasks (couriers) import the services, so the imports point one way (tasks -> services) with no
function-local import to break a cycle. exercises.tasks registers its task under this name,
which is the name it has always had, so messages already in the broker still find it.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import ChannelError

from exercises.models import Submission

log = logging.getLogger(__name__)

GRADE_SUBMISSION = "exercises.tasks.grade_submission"


def waiting_gradings() -> int | None:
    """How many grading messages wait in the broker for a worker; None if it cannot tell (it
    is down). Messages a worker has already taken are not counted."""
    try:
        with current_app.connection_for_read() as connection:
            declared = connection.default_channel.queue_declare(
                queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True
            )
    except ChannelError:  # "no such queue": Redis keeps no key for an empty one
        return 0
    except Exception:  # the broker is down or does not say: unknown
        log.warning("could not count the waiting gradings", exc_info=True)
        return None
    return declared.message_count


def resend_on_commit(submission_id: int) -> None:
    """Send a grading again; the caller has already stamped enqueued_at for this send."""

    def send() -> None:
        try:
            current_app.send_task(GRADE_SUBMISSION, args=[submission_id])
        except Exception:  # broker down: the reaper's next pass tries again
            log.exception("could not resend submission %s", submission_id)

    transaction.on_commit(send)


def enqueue_on_commit(submission_id: int) -> None:
    def send() -> None:
        try:
            current_app.send_task(GRADE_SUBMISSION, args=[submission_id])
        except Exception:  # broker down: the row stays queued and the reaper sends it again
            log.exception("could not enqueue submission %s; the reaper will retry", submission_id)
        else:
            Submission.objects.filter(pk=submission_id, enqueued_at=None).update(
                enqueued_at=timezone.now()
            )

    transaction.on_commit(send)
