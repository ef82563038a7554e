"""Exercise actions: submitting, claiming, grading, finishing, reaping.

Our table is the source of truth. A submission moves queued -> running -> done, and each move is
a guarded UPDATE (`filter(id=…, status=…)`) so a duplicated or redelivered task, or a reaper
racing a slow worker, changes nothing it should not. Untrusted code runs outside any transaction.

By sub-domain: `submitting` (the student's side), `queue` (handing a submission to a worker),
`worker` (claim, grade, record the verdict, live progress), `grading` (the one bridge to
sandbox.grader) and `reaper`. Imports point one way: exercises.tasks -> services -> grading ->
sandbox; the modules here import one another, never this `__init__`.
"""

from exercises.services.reaper import MAX_ATTEMPTS, reap_stuck_submissions
from exercises.services.submitting import (
    MAX_CODE_BYTES,
    CodeTooLarge,
    Grading,
    NotEnrolled,
    RateLimited,
    SubmissionInFlight,
    SubmissionRefused,
    send_to_grader,
    submit,
    validate_exercises,
)
from exercises.services.worker import (
    Claim,
    claim,
    clear_progress,
    fail_unavailable,
    finish,
    grade,
    progress_of,
    release,
)

# What callers use as `services.<name>`: the actions, their refusals, and the limits they show.
__all__ = [
    "MAX_ATTEMPTS",
    "MAX_CODE_BYTES",
    "Claim",
    "CodeTooLarge",
    "Grading",
    "NotEnrolled",
    "RateLimited",
    "SubmissionInFlight",
    "SubmissionRefused",
    "claim",
    "clear_progress",
    "fail_unavailable",
    "finish",
    "grade",
    "progress_of",
    "reap_stuck_submissions",
    "release",
    "send_to_grader",
    "submit",
    "validate_exercises",
]
