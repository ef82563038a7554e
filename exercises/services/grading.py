"""The bridge from a Submission row to the sandbox's grader (which knows nothing of Django)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from exercises.models import Submission
from sandbox.backends import get_backend
from sandbox.errors import SandboxUnavailable
from sandbox.grader import grade, harness_files
from sandbox.job import Limits

log = logging.getLogger(__name__)

# Run (the visible examples) hunts races too, but briefly: it is for quick feedback.
RUN_SCHEDULES = 5


@dataclass(frozen=True)
class Outcome:
    verdict: str
    message: str
    report: dict
    stdout: str
    stderr: str


@cache
def backend():
    options = settings.SANDBOX_OPTIONS if settings.SANDBOX_BACKEND == "bwrap" else {}
    return get_backend(settings.SANDBOX_BACKEND, **options)


_confinement_verified = False


def ensure_sandbox_ready() -> None:
    """Fail closed: never grade until the confinement self-test has passed in this process."""
    global _confinement_verified
    if _confinement_verified:
        return
    try:
        backend().self_test()
        # Build the precompiled harness now too: at worker start this happens once, before the
        # pool forks, instead of on every pool process's first grading.
        harness_files()
    except SandboxUnavailable:
        log.critical("sandbox self-test FAILED: refusing to grade", exc_info=True)
        raise
    except Exception as error:  # any surprise in the self-test means "not confined"
        log.critical("sandbox self-test crashed: refusing to grade", exc_info=True)
        raise SandboxUnavailable(f"self-test crashed: {error!r}") from error
    _confinement_verified = True
    log.info("sandbox self-test passed (%s backend)", settings.SANDBOX_BACKEND)


def limits_of(exercise) -> Limits:
    return Limits(
        cpu_seconds=exercise.cpu_seconds,
        wall_seconds=exercise.wall_seconds,
        memory_mb=exercise.memory_mb,
        max_tasks=exercise.max_tasks,
        output_bytes=exercise.output_bytes,
    )


def tests_for(submission: Submission) -> str:
    exercise = submission.exercise
    if submission.kind == Submission.Kind.RUN:
        return exercise.visible_tests
    return f"{exercise.visible_tests}\n\n{exercise.hidden_tests}"


def run(submission: Submission, *, on_progress=None) -> Outcome:
    ensure_sandbox_ready()
    exercise = submission.exercise
    schedules = exercise.schedules
    if submission.kind == Submission.Kind.RUN:
        schedules = min(schedules, RUN_SCHEDULES)
    result = grade(
        solution=submission.code,
        tests=tests_for(submission),
        limits=limits_of(exercise),
        schedules=schedules,
        # Seeded by the submission: the same submission always explores the same schedules.
        seed=submission.pk,
        backend=backend(),
        on_progress=on_progress,
    )
    report = result.to_dict()
    return Outcome(
        verdict=result.verdict,
        message=result.message,
        report=report,
        stdout=report.pop("stdout", "") or "",
        stderr=report.pop("stderr", "") or "",
    )
