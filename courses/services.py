"""Course actions: enrollment, progress, recording audio. Every state change of this app goes
through here."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from celery import current_app
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from courses import audio
from courses.models import (
    AudioLesson,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    TranscriptLine,
)

log = logging.getLogger(__name__)

# courses.tasks registers its courier under this name; sending by name keeps the imports one
# way (tasks -> services).
RECORD_AUDIO_LESSON = "courses.tasks.record_audio_lesson"
# A recording reports progress after every line (a second or two each); one silent for this
# long lost its worker, and may be queued again.
RECORDING_STALE_AFTER = timedelta(minutes=3)

PENDING_ENROLLMENT_SESSION_KEY = "pending_enrollment_course_id"


class NotEnrolled(Exception):
    """The student must enroll in the course before doing this."""


def enroll(*, user, course: Course) -> Enrollment:
    try:
        with transaction.atomic():
            enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course)
    except IntegrityError:  # a concurrent request enrolled first: same outcome
        enrollment = Enrollment.objects.get(user=user, course=course)
    return enrollment


@transaction.atomic
def unenroll(*, user, course: Course) -> None:
    # Completions are kept: a student who comes back finds their progress where they left it.
    Enrollment.objects.filter(user=user, course=course).delete()


def remember_enrollment_intent(*, session, course: Course) -> None:
    """An anonymous visitor pressed Enroll: finish the job once they have an account."""
    session[PENDING_ENROLLMENT_SESSION_KEY] = course.pk


def complete_pending_enrollment(*, session, user) -> Course | None:
    course_id = session.pop(PENDING_ENROLLMENT_SESSION_KEY, None)
    if course_id is None:
        return None
    course = Course.objects.visible_to(user).filter(pk=course_id).first()
    if course is None:
        return None
    enroll(user=user, course=course)
    return course


def record_visit(*, user, lesson: Lesson) -> None:
    """Remember the last lesson a student opened, for the Resume link. One UPDATE."""
    Enrollment.objects.filter(user=user, course_id=lesson.course_id).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )


@transaction.atomic
def mark_complete(*, user, lesson: Lesson) -> LessonCompletion:
    if not Enrollment.objects.filter(user=user, course_id=lesson.course_id).exists():
        raise NotEnrolled
    completion, _ = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    Enrollment.objects.filter(user=user, course_id=lesson.course_id).update(
        last_activity_at=timezone.now()
    )
    return completion


@transaction.atomic
def mark_incomplete(*, user, lesson: Lesson) -> None:
    LessonCompletion.objects.filter(user=user, lesson=lesson).delete()


def record_audio_lesson(
    *, audio_lesson: AudioLesson, on_line: Callable[[int, int], None] | None = None
) -> audio.Recording:
    """Speak the transcript (outside any transaction: it takes a second or two per line), then
    store the recording and where each line starts. Raises audio.SpeechUnavailable without
    espeak-ng; a failure leaves the previous recording (if any) as it was."""
    lines = list(audio_lesson.transcript.order_by("order", "id"))
    recording = audio.record_dialogue([(line.role, line.text) for line in lines], on_line=on_line)
    lesson = audio_lesson.lesson
    # A stable name, overwritten on re-recording: re-importing a course must not pile up files.
    name = f"{lesson.course.slug}-{lesson.slug}-{audio_lesson.order}.wav"
    field = audio_lesson.audio
    path = field.field.generate_filename(audio_lesson, name)
    _write_whole(field.storage, path, recording.wav)
    with transaction.atomic():
        AudioLesson.objects.filter(pk=audio_lesson.pk).update(
            audio=path,
            recording_status=AudioLesson.Status.DONE,
            recording_progress=100,
            recording_error="",
        )
        for line, start in zip(lines, recording.starts, strict=True):
            line.start_seconds = round(start, 2)
        TranscriptLine.objects.bulk_update(lines, ["start_seconds"])
    audio_lesson.refresh_from_db()
    return recording


def _write_whole(storage: Storage, name: str, content: bytes) -> None:
    """Replace the file `name` in one step: listeners (and a crash) see the old file or the new
    one, never half of it. On disk: a temporary file beside it, then an atomic rename."""
    try:
        target = Path(storage.path(name))
    except NotImplementedError:
        # Object stores (S3 and the like) have no paths, and write each object whole anyway.
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(content))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it 0600; the web server reads it too
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def name_speakers(*, audio_lesson: AudioLesson) -> None:
    """Each line's speaker is the dialogue's cast member for its role (authors pick a role)."""
    with transaction.atomic():
        for role in TranscriptLine.Role.values:
            audio_lesson.transcript.filter(role=role).exclude(
                speaker=audio_lesson.speaker_for(role)
            ).update(speaker=audio_lesson.speaker_for(role))


def queue_recordings(*, audio_lessons: QuerySet[AudioLesson]) -> int:
    """The admin's "Record audio": queue the dialogues for a worker, which fills in progress,
    timings and the file (or the error). A dialogue already queued or being recorded is left
    to that run, unless it has gone silent (its worker died). Returns how many were queued."""
    now = timezone.now()
    Status = AudioLesson.Status
    with transaction.atomic():
        free = Q(recording_status__in=[Status.NONE, Status.DONE, Status.FAILED]) | Q(
            recording_started_at__lt=now - RECORDING_STALE_AFTER
        )
        ids = list(
            audio_lessons.filter(free)
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", flat=True)
        )
        AudioLesson.objects.filter(pk__in=ids).update(
            recording_status=Status.QUEUED,
            recording_progress=0,
            recording_error="",
            recording_started_at=now,
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _send_recording(pk))
    return len(ids)


def _send_recording(audio_lesson_id: int) -> None:
    try:
        current_app.send_task(RECORD_AUDIO_LESSON, args=[audio_lesson_id])
    except Exception as error:  # the broker is down: say so where the author looks
        log.exception("could not queue the recording of audio lesson %s", audio_lesson_id)
        fail_recording(audio_lesson_id=audio_lesson_id, error=f"Could not queue it: {error}")


def run_recording(*, audio_lesson_id: int) -> str:
    """The worker's half of "Record audio". Claims the queued dialogue with a guarded UPDATE,
    so a redelivered message does nothing while another run is alive."""
    Status = AudioLesson.Status
    now = timezone.now()
    claimable = Q(recording_status=Status.QUEUED) | Q(
        recording_status=Status.RECORDING, recording_started_at__lt=now - RECORDING_STALE_AFTER
    )
    claimed = (
        AudioLesson.objects.filter(claimable, pk=audio_lesson_id)
        .update(recording_status=Status.RECORDING, recording_progress=0, recording_started_at=now)
    )  # fmt: skip
    audio_lesson = (
        AudioLesson.objects.select_related("lesson__course").filter(pk=audio_lesson_id).first()
    )
    if not claimed or audio_lesson is None:
        return "not queued"  # redelivered while another run is alive, or deleted meanwhile

    def on_line(done: int, total: int) -> None:
        # Short of 100 until the file and timings are saved; each report is a heartbeat too.
        AudioLesson.objects.filter(pk=audio_lesson_id, recording_status=Status.RECORDING).update(
            recording_progress=min(99, done * 100 // total), recording_started_at=timezone.now()
        )

    try:
        record_audio_lesson(audio_lesson=audio_lesson, on_line=on_line)
    except (audio.SpeechUnavailable, subprocess.SubprocessError, OSError) as error:
        fail_recording(audio_lesson_id=audio_lesson_id, error=str(error))
        return "failed"
    return "done"


def fail_recording(*, audio_lesson_id: int, error: str) -> None:
    AudioLesson.objects.filter(pk=audio_lesson_id).update(
        recording_status=AudioLesson.Status.FAILED, recording_error=error[:1000]
    )
