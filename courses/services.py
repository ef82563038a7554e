"""Course actions: enrollment, progress, recording audio (dialogues and audio-book chapters).
Every state change of this app goes through here."""

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

from config import reader_cache
from courses import audio, content_cache, narration
from courses.media import fallback_name
from courses.models import (
    AudioBookChapter,
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
RECORD_AUDIOBOOK_CHAPTER = "courses.tasks.record_audiobook_chapter"
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


# How stale a student's last_activity_at may be (teachers see activity by the day).
ACTIVITY_PRECISION = timedelta(minutes=10)


def record_visit(*, user, lesson: Lesson, enrollment: Enrollment | None = None) -> None:
    """Remember the last lesson a student opened, for the Resume link. One UPDATE, or none when
    the caller has the enrollment at hand and it already names this lesson with an activity
    time fresher than ACTIVITY_PRECISION: rereading a lesson is not a write on every GET, and
    the Resume link is still right at once."""
    now = timezone.now()
    if (
        enrollment is not None
        and enrollment.last_lesson_id == lesson.pk
        and enrollment.last_activity_at is not None
        and now - enrollment.last_activity_at < ACTIVITY_PRECISION
    ):
        return
    Enrollment.objects.filter(user=user, course_id=lesson.course_id).update(
        last_lesson=lesson, last_activity_at=now
    )
    reader_cache.forget(user.pk)  # the kept standing names the old last lesson


@transaction.atomic
def mark_complete(*, user, lesson: Lesson) -> LessonCompletion:
    if not Enrollment.objects.filter(user=user, course_id=lesson.course_id).exists():
        raise NotEnrolled
    completion, _ = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    Enrollment.objects.filter(user=user, course_id=lesson.course_id).update(
        last_activity_at=timezone.now()
    )
    reader_cache.forget(user.pk)
    return completion


@transaction.atomic
def mark_incomplete(*, user, lesson: Lesson) -> None:
    LessonCompletion.objects.filter(user=user, lesson=lesson).delete()
    reader_cache.forget(user.pk)


def dialogue_script(audio_lesson: AudioLesson) -> list[tuple[str, str]]:
    """What a dialogue's recording says: (role, text) per transcript line, in order."""
    return [(line.role, line.text) for line in audio_lesson.transcript.order_by("order", "id")]


def record_audio_lesson(
    *,
    audio_lesson: AudioLesson,
    on_line: Callable[[int, int], None] | None = None,
    recording: audio.Recording | None = None,
) -> audio.Recording:
    """Speak the transcript (outside any transaction: it takes a second or two per line), then
    store the recording and where each line starts. Raises audio.SpeechUnavailable without
    espeak-ng; a failure leaves the previous recording (if any) as it was. `recording` is one
    already spoken from dialogue_script() (record_audio_lessons speaks several at once)."""
    lines = list(audio_lesson.transcript.order_by("order", "id"))
    if recording is None:
        script = [(line.role, line.text) for line in lines]
        recording = audio.record_dialogue(script, on_line=on_line)
    path = _store_recording(audio_lesson, recording)
    with transaction.atomic():
        AudioLesson.objects.filter(pk=audio_lesson.pk).update(audio=path, **_DONE)
        for line, start in zip(lines, recording.starts, strict=True):
            line.start_seconds = round(start, 2)
        TranscriptLine.objects.bulk_update(lines, ["start_seconds"])
        content_cache.bump()  # update() and bulk_update() send no save signal
    audio_lesson.refresh_from_db()
    return recording


def record_audiobook_chapter(
    *,
    chapter: AudioBookChapter,
    on_line: Callable[[int, int], None] | None = None,
    recording: audio.Recording | None = None,
) -> audio.Recording:
    """Narrate the chapter (title, content, explanation, analogy; code announced, not read)
    and store the recording and where each paragraph starts, as for a dialogue. `recording`
    is one already spoken from narration.chapter_script()."""
    if recording is None:
        recording = audio.record_narration(narration.chapter_script(chapter), on_line=on_line)
    path = _store_recording(chapter, recording)
    AudioBookChapter.objects.filter(pk=chapter.pk).update(
        audio=path, segment_starts=[round(start, 2) for start in recording.starts], **_DONE
    )
    content_cache.bump()  # update() sends no save signal
    chapter.refresh_from_db()
    return recording


_DONE = {
    "recording_status": AudioLesson.Status.DONE,
    "recording_progress": 100,
    "recording_error": "",
}


def _store_recording(item: AudioLesson | AudioBookChapter, recording: audio.Recording) -> str:
    """Write the Opus file and its MP3 twin (same name, .mp3) and return the Opus file's name.
    A stable name, overwritten on re-recording: re-importing a course must not pile up files;
    a recording of another name (an older WAV) is removed once the new one is in place."""
    lesson = item.lesson
    field = item.audio
    path = field.field.generate_filename(
        item, f"{lesson.course.slug}-{lesson.slug}-{item.order}.opus"
    )
    # The fallback first: the moment the Opus file is in place, its twin is too.
    _write_whole(field.storage, fallback_name(path), recording.mp3)
    _write_whole(field.storage, path, recording.opus)
    if field.name and field.name != path:
        for name in (field.name, fallback_name(field.name)):
            with contextlib.suppress(FileNotFoundError, NotImplementedError):
                field.storage.delete(name)
    return path


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
        content_cache.bump()  # update() sends no save signal


def queue_recordings(
    *,
    audio_lessons: QuerySet[AudioLesson] | None = None,
    chapters: QuerySet[AudioBookChapter] | None = None,
) -> int:
    """The admin's "Record audio": queue dialogues and audio-book chapters for a worker, which
    fills in progress, timings and the file (or the error). One already queued or being
    recorded is left to that run, unless it has gone silent (its worker died). Returns how many
    were queued."""
    queued = 0
    for items in (audio_lessons, chapters):
        if items is not None:
            queued += _queue(items)
    return queued


def _queue(items: QuerySet[AudioLesson] | QuerySet[AudioBookChapter]) -> int:
    now = timezone.now()
    model = items.model
    Status = model.Status
    with transaction.atomic():
        free = Q(recording_status__in=[Status.NONE, Status.DONE, Status.FAILED]) | Q(
            recording_started_at__lt=now - RECORDING_STALE_AFTER
        )
        ids = list(
            items.filter(free)
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=ids).update(
            recording_status=Status.QUEUED,
            recording_progress=0,
            recording_error="",
            recording_started_at=now,
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _send_recording(model, pk))
    return len(ids)


def _send_recording(model: type[AudioLesson | AudioBookChapter], pk: int) -> None:
    task = RECORD_AUDIO_LESSON if model is AudioLesson else RECORD_AUDIOBOOK_CHAPTER
    try:
        current_app.send_task(task, args=[pk])
    except Exception as error:  # the broker is down: say so where the author looks
        log.exception("could not queue the recording of %s %s", model._meta.verbose_name, pk)
        _fail(model, pk, f"Could not queue it: {error}")


def run_recording(*, audio_lesson_id: int) -> str:
    """The worker's half of "Record audio" for a dialogue."""
    return _run(AudioLesson, audio_lesson_id)


def run_chapter_recording(*, chapter_id: int) -> str:
    """The worker's half of "Record audio" for an audio-book chapter."""
    return _run(AudioBookChapter, chapter_id)


def _run(model: type[AudioLesson | AudioBookChapter], pk: int) -> str:
    """Claims the queued item with a guarded UPDATE, so a redelivered message does nothing
    while another run is alive."""
    Status = model.Status
    now = timezone.now()
    claimable = Q(recording_status=Status.QUEUED) | Q(
        recording_status=Status.RECORDING, recording_started_at__lt=now - RECORDING_STALE_AFTER
    )
    claimed = (
        model.objects.filter(claimable, pk=pk)
        .update(recording_status=Status.RECORDING, recording_progress=0, recording_started_at=now)
    )  # fmt: skip
    item = model.objects.select_related("lesson__course").filter(pk=pk).first()
    if not claimed or item is None:
        return "not queued"  # redelivered while another run is alive, or deleted meanwhile

    def on_line(done: int, total: int) -> None:
        # Short of 100 until the file and timings are saved; each report is a heartbeat too.
        model.objects.filter(pk=pk, recording_status=Status.RECORDING).update(
            recording_progress=min(99, done * 100 // total), recording_started_at=timezone.now()
        )

    try:
        if model is AudioLesson:
            record_audio_lesson(audio_lesson=item, on_line=on_line)
        else:
            record_audiobook_chapter(chapter=item, on_line=on_line)
    except (audio.SpeechUnavailable, subprocess.SubprocessError, OSError) as error:
        _fail(model, pk, str(error))
        return "failed"
    return "done"


def fail_recording(*, audio_lesson_id: int, error: str) -> None:
    _fail(AudioLesson, audio_lesson_id, error)


def fail_chapter_recording(*, chapter_id: int, error: str) -> None:
    _fail(AudioBookChapter, chapter_id, error)


def _fail(model: type[AudioLesson | AudioBookChapter], pk: int, error: str) -> None:
    model.objects.filter(pk=pk).update(
        recording_status=model.Status.FAILED, recording_error=error[:1000]
    )
