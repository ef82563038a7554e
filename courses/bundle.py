"""A course as one YAML/JSON document: `export_course` writes it, `import_bundle` reads it back.

Importing creates the course or updates it in place, matched by slug: chapters are matched by
number and lessons by slug, so students' enrollments and completions survive a re-import. The
components of each lesson are replaced wholesale (nothing outside a lesson points at them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from courses.models import (
    AudioBookChapter,
    AudioLesson,
    Chapter,
    Course,
    Example,
    Flashcard,
    GlossaryTerm,
    KeyConcept,
    Lesson,
    MemoryAid,
    Overview,
    Program,
    ReferenceLink,
    TranscriptLine,
    Video,
)

BUNDLE_VERSION = 1

# Bundle key -> (model, fields) for the simple, ordered lesson components.
SIMPLE_COMPONENTS: dict[str, tuple[type, tuple[str, ...]]] = {
    "key_concepts": (KeyConcept, ("term", "meaning")),
    "examples": (Example, ("title", "body")),
    "memory_aids": (MemoryAid, ("kind", "title", "body")),
    "flashcards": (Flashcard, ("front", "back")),
    "glossary": (GlossaryTerm, ("term", "definition")),
    "links": (ReferenceLink, ("title", "url", "description")),
    "videos": (Video, ("title", "youtube_id", "url")),
}
# Extra exporters/importers of lesson content owned by other apps (exercises, practice tests)
# register here, so a course bundle carries everything a lesson holds.
LESSON_EXTENSIONS: list[Any] = []


class BundleError(Exception):
    pass


def _pick(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def export_course(course: Course) -> dict[str, Any]:
    program = course.program
    chapters = (
        Chapter.objects.filter(course=course)
        .order_by("number")
        .prefetch_related(
            "lessons__audio_lessons__transcript",
            "lessons__audiobook_chapters",
            *(f"lessons__{key}" for key in SIMPLE_COMPONENTS),
        )
    )
    return {
        "version": BUNDLE_VERSION,
        "program": _pick(program, ("kind", "title", "slug", "field", "grade_band", "description")),
        "course": {
            **_pick(course, ("title", "slug", "summary", "description", "level", "is_published")),
            "cover": course.cover.name or "",
        },
        "chapters": [
            {
                "number": chapter.number,
                "title": chapter.title,
                "lessons": [_export_lesson(lesson) for lesson in chapter.lessons.all()],
            }
            for chapter in chapters
        ],
    }


def _export_lesson(lesson: Lesson) -> dict[str, Any]:
    try:
        overview = _pick(lesson.overview, Overview.DEPTHS)
    except Overview.DoesNotExist:
        overview = None
    data = {
        "number": lesson.number,
        "title": lesson.title,
        "slug": lesson.slug,
        "audio_lessons": [
            {
                "title": audio.title,
                "audio": audio.audio.name or "",
                "transcript": [_export_line(line) for line in audio.transcript.all()],
            }
            for audio in lesson.audio_lessons.all()
        ],
        "overview": overview,
        "audiobook_chapters": [
            {
                **_pick(chapter, ("title", "content", "explanation", "analogy")),
                "audio": chapter.audio.name or "",
            }
            for chapter in lesson.audiobook_chapters.all()
        ],
    }
    for key, (_, fields) in SIMPLE_COMPONENTS.items():
        data[key] = [_pick(item, fields) for item in getattr(lesson, key).all()]
    for extension in LESSON_EXTENSIONS:
        data.update(extension.export_lesson(lesson))
    return data


def _export_line(line: TranscriptLine) -> dict[str, Any]:
    data = _pick(line, ("speaker", "role", "text"))
    if line.start_seconds is not None:  # only recorded lessons have timings
        data["start"] = line.start_seconds
    return data


def _require(data: dict, key: str, where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise BundleError(f"{where}: missing '{key}'")
    return data[key]


def _validated(instance, where: str):
    try:
        instance.full_clean(exclude=["lesson", "audio_lesson", "course", "chapter", "program"])
    except ValidationError as error:
        raise BundleError(f"{where}: {error.message_dict}") from None
    return instance


@transaction.atomic
def import_bundle(data: dict[str, Any]) -> Course:
    """Create or update the course the bundle describes. All or nothing."""
    if _require(data, "version", "bundle") != BUNDLE_VERSION:
        raise BundleError(f"bundle: version {data['version']!r} is not {BUNDLE_VERSION}")
    program_data = _require(data, "program", "bundle")
    program, _ = Program.objects.update_or_create(
        slug=_require(program_data, "slug", "program"),
        defaults={k: program_data.get(k, "") for k in ("kind", "title", "field", "grade_band")}
        | {"description": program_data.get("description", "")},
    )
    _validated(program, "program")

    course_data = _require(data, "course", "bundle")
    fields = ("title", "summary", "description", "level", "is_published")
    course, _ = Course.objects.update_or_create(
        slug=_require(course_data, "slug", "course"),
        defaults={k: course_data[k] for k in fields if k in course_data}
        | {"program": program, "cover": course_data.get("cover", "")},
    )
    _validated(course, f"course {course.slug}")

    # Park existing lessons on numbers no bundle uses, so lessons that swap places or chapters
    # never trip the unique (chapter, number) constraint half-way through the import.
    Lesson.objects.filter(course=course).update(number=F("number") + 10_000)
    seen_lessons: list[int] = []
    chapter_numbers = []
    for chapter_data in _require(data, "chapters", "bundle"):
        number = _require(chapter_data, "number", "chapter")
        chapter_numbers.append(number)
        chapter, _ = Chapter.objects.update_or_create(
            course=course, number=number, defaults={"title": chapter_data["title"]}
        )
        for lesson_data in chapter_data.get("lessons", []):
            lesson = _import_lesson(course, chapter, lesson_data)
            seen_lessons.append(lesson.pk)
    Lesson.objects.filter(course=course).exclude(pk__in=seen_lessons).delete()
    Chapter.objects.filter(course=course).exclude(number__in=chapter_numbers).delete()
    return course


def _import_lesson(course: Course, chapter: Chapter, data: dict[str, Any]) -> Lesson:
    slug = _require(data, "slug", f"chapter {chapter.number} lesson")
    where = f"lesson {slug}"
    lesson = Lesson.objects.filter(course=course, slug=slug).first() or Lesson(
        course=course, slug=slug
    )
    lesson.chapter = chapter
    lesson.title = _require(data, "title", where)
    lesson.number = _require(data, "number", where)
    lesson.save()

    lesson.audio_lessons.all().delete()
    for order, audio_data in enumerate(data.get("audio_lessons") or []):
        audio = AudioLesson.objects.create(
            lesson=lesson,
            order=order,
            title=_require(audio_data, "title", where),
            audio=audio_data.get("audio") or "",
        )
        TranscriptLine.objects.bulk_create(
            _validated(TranscriptLine(audio_lesson=audio, order=i, **_line(line, where)), where)
            for i, line in enumerate(audio_data.get("transcript") or [])
        )

    Overview.objects.filter(lesson=lesson).delete()
    if data.get("overview"):
        overview = Overview(
            lesson=lesson, **{d: data["overview"].get(d, "") for d in Overview.DEPTHS}
        )
        _validated(overview, f"{where} overview").save()

    lesson.audiobook_chapters.all().delete()
    for order, chapter_data in enumerate(data.get("audiobook_chapters") or []):
        item = AudioBookChapter(
            lesson=lesson,
            order=order,
            audio=chapter_data.get("audio") or "",
            **{k: chapter_data.get(k, "") for k in ("title", "content", "explanation", "analogy")},
        )
        _validated(item, f"{where} audio-book chapter").save()

    for key, (model, fields) in SIMPLE_COMPONENTS.items():
        model.objects.filter(lesson=lesson).delete()
        model.objects.bulk_create(
            _validated(
                model(lesson=lesson, order=order, **{f: item.get(f, "") for f in fields}),
                f"{where} {key}",
            )
            for order, item in enumerate(data.get(key) or [])
        )
    for extension in LESSON_EXTENSIONS:
        extension.import_lesson(lesson, data)
    return lesson


def lesson_named_in(data: dict[str, Any], *, what: str) -> Lesson:
    """The lesson a standalone file (an exercise, a practice test) names with `lesson` and,
    where the slug alone is ambiguous, `course`."""
    lessons = Lesson.objects.filter(slug=data.get("lesson", ""))
    if data.get("course"):
        lessons = lessons.filter(course__slug=data["course"])
    found = list(lessons[:2])
    if len(found) != 1:
        problem = "not found" if not found else "is ambiguous: add a 'course' key"
        raise BundleError(f"{what} {data.get('slug')}: lesson {data.get('lesson')!r} {problem}")
    return found[0]


def _line(line: dict[str, Any], where: str) -> dict[str, Any]:
    fields = {k: _require(line, k, f"{where} transcript") for k in ("speaker", "role", "text")}
    return fields | {"start_seconds": line.get("start")}
