"""Course actions: enrollment, progress. Every state change of this app goes through here."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
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


def record_audio_lesson(*, audio_lesson: AudioLesson) -> audio.Recording:
    """Speak the transcript (outside any transaction: it takes a second or two), then store
    the recording and where each line starts. Raises audio.SpeechUnavailable without espeak-ng."""
    lines = list(audio_lesson.transcript.order_by("order", "id"))
    recording = audio.record_dialogue([(line.role, line.text) for line in lines])
    lesson = audio_lesson.lesson
    # A stable name, overwritten on re-recording: re-importing a course must not pile up files.
    name = f"{lesson.course.slug}-{lesson.slug}-{audio_lesson.order}.wav"
    field = audio_lesson.audio
    path = field.field.generate_filename(audio_lesson, name)
    if field.storage.exists(path):
        field.storage.delete(path)
    with transaction.atomic():
        field.save(name, ContentFile(recording.wav), save=True)
        for line, start in zip(lines, recording.starts, strict=True):
            line.start_seconds = round(start, 2)
        TranscriptLine.objects.bulk_update(lines, ["start_seconds"])
    return recording
