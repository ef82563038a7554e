"""A course as one YAML/JSON document: `export_course` writes it, `import_bundle` reads it back.

Importing never changes what exists unless asked to. By default it only adds what is missing:
a course, chapter or lesson that exists is left exactly as it is (an author may have edited it
in the admin), and only lessons the database does not have yet are created, with their
components. With `replace=True` the course is made to match the bundle: matched by slug,
chapters by number and lessons by slug (so students' enrollments and completions survive),
lessons missing from the bundle deleted and the components of each lesson replaced wholesale
(nothing outside a lesson points at them). `load_bundle` runs either kind of import and reports
what changed, lesson by lesson and component by component; with `dry_run=True` it rolls the
import back, so it writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from courses import content_cache
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
        "is_published": lesson.is_published,
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


@dataclass(frozen=True)
class Change:
    action: str  # "create", "update" or "delete"
    what: str  # "lesson daemon-threads: flashcards, overview"

    def __str__(self) -> str:
        return f"{self.action} {self.what}"


@dataclass(frozen=True)
class ImportReport:
    course: Course  # after a dry run, an unsaved picture of it: only its title and slug count
    changes: list[Change]
    dry_run: bool


def load_bundle(
    data: dict[str, Any], *, replace: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import a bundle (see the module's docstring) and say what changed. All or nothing."""
    with transaction.atomic():
        slug = (data.get("course") or {}).get("slug") if isinstance(data, dict) else None
        existing = Course.objects.select_related("program").filter(slug=slug).first()
        before = export_course(existing) if existing else None
        course = import_bundle(data, replace=replace)
        changes = _changes(before, export_course(course))
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(course=course, changes=changes, dry_run=dry_run)


@transaction.atomic
def import_bundle(data: dict[str, Any], *, replace: bool = False) -> Course:
    """Add what the database lacks of the bundle's course, or with `replace` make the course
    match the bundle. All or nothing."""
    if _require(data, "version", "bundle") != BUNDLE_VERSION:
        raise BundleError(f"bundle: version {data['version']!r} is not {BUNDLE_VERSION}")
    program_data = _require(data, "program", "bundle")
    program_slug = _require(program_data, "slug", "program")
    program_fields = {
        k: program_data.get(k, "") for k in ("kind", "title", "field", "grade_band", "description")
    }
    if replace:
        program, created = Program.objects.update_or_create(
            slug=program_slug, defaults=program_fields
        )
    else:
        program, created = Program.objects.get_or_create(slug=program_slug, defaults=program_fields)
    if replace or created:
        _validated(program, "program")

    course_data = _require(data, "course", "bundle")
    fields = ("title", "summary", "description", "level", "is_published")
    course_fields = {k: course_data[k] for k in fields if k in course_data} | {
        "program": program,
        "cover": course_data.get("cover", ""),
    }
    course_slug = _require(course_data, "slug", "course")
    if replace:
        course, created = Course.objects.update_or_create(slug=course_slug, defaults=course_fields)
    else:
        course, created = Course.objects.get_or_create(slug=course_slug, defaults=course_fields)
    if replace or created:
        _validated(course, f"course {course.slug}")

    if replace:
        _replace_lessons(course, data)
    else:
        _add_missing_lessons(course, data)
    # Signals cover the rows saved one by one, not the bulk updates (renumbering); on commit.
    content_cache.bump()
    return course


def _replace_lessons(course: Course, data: dict[str, Any]) -> None:
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
            lesson = Lesson.objects.filter(course=course, slug=_lesson_slug(number, lesson_data))
            lesson = lesson.first() or Lesson(course=course)
            _import_lesson(lesson, chapter, lesson_data)
            seen_lessons.append(lesson.pk)
    Lesson.objects.filter(course=course).exclude(pk__in=seen_lessons).delete()
    Chapter.objects.filter(course=course).exclude(number__in=chapter_numbers).delete()


def _add_missing_lessons(course: Course, data: dict[str, Any]) -> None:
    """Create the chapters and lessons the course lacks; touch nothing that exists."""
    existing = set(Lesson.objects.filter(course=course).values_list("slug", flat=True))
    for chapter_data in _require(data, "chapters", "bundle"):
        number = _require(chapter_data, "number", "chapter")
        chapter = Chapter.objects.filter(course=course, number=number).first()
        for lesson_data in chapter_data.get("lessons", []):
            if _lesson_slug(number, lesson_data) in existing:
                continue
            if chapter is None:
                chapter = Chapter.objects.create(
                    course=course, number=number, title=_require(chapter_data, "title", "chapter")
                )
            lesson = Lesson(course=course)
            _import_lesson(lesson, chapter, lesson_data, append_if_taken=True)
        if chapter is None and not chapter_data.get("lessons"):
            Chapter.objects.create(
                course=course, number=number, title=_require(chapter_data, "title", "chapter")
            )


def _lesson_slug(chapter_number: int, data: dict[str, Any]) -> str:
    return _require(data, "slug", f"chapter {chapter_number} lesson")


def _changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Change]:
    """What an import changed, from the course's export before and after it."""
    course = after["course"]["slug"]
    after_lessons = _lessons_by_slug(after)
    if before is None:
        return [Change("create", f"course {course}")] + [
            Change("create", f"lesson {slug}") for slug in after_lessons
        ]
    changes = []
    for part in ("program", "course"):
        fields = _changed_keys(before[part], after[part])
        if fields:
            changes.append(Change("update", f"{part} {after[part]['slug']}: {fields}"))
    chapters_before = {c["number"]: c["title"] for c in before["chapters"]}
    chapters_after = {c["number"]: c["title"] for c in after["chapters"]}
    for number, title in chapters_after.items():
        if number not in chapters_before:
            changes.append(Change("create", f"chapter {number}. {title}"))
        elif chapters_before[number] != title:
            changes.append(Change("update", f"chapter {number}: title"))
    before_lessons = _lessons_by_slug(before)
    for slug, lesson in after_lessons.items():
        if slug not in before_lessons:
            changes.append(Change("create", f"lesson {slug}"))
        elif fields := _changed_keys(before_lessons[slug], lesson):
            changes.append(Change("update", f"lesson {slug}: {fields}"))
    changes += [
        Change("delete", f"lesson {slug}") for slug in before_lessons if slug not in after_lessons
    ]
    changes += [
        Change("delete", f"chapter {number}. {title}")
        for number, title in chapters_before.items()
        if number not in chapters_after
    ]
    return changes


def _lessons_by_slug(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        lesson["slug"]: {**lesson, "chapter": chapter["number"]}
        for chapter in export["chapters"]
        for lesson in chapter["lessons"]
    }


def _changed_keys(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = [k for k in after if before.get(k) != after[k]]
    keys += [k for k in before if k not in after]
    return ", ".join(keys)


def _import_lesson(
    lesson: Lesson, chapter: Chapter, data: dict[str, Any], *, append_if_taken: bool = False
) -> Lesson:
    """Fill `lesson` (new, or one being replaced) from the bundle, components and all."""
    lesson.slug = _lesson_slug(chapter.number, data)
    where = f"lesson {lesson.slug}"
    lesson.chapter = chapter
    lesson.title = _require(data, "title", where)
    lesson.number = _require(data, "number", where)
    # Bundles written before drafts existed only held live lessons.
    lesson.is_published = bool(data.get("is_published", True))
    if append_if_taken and chapter.lessons.filter(number=lesson.number).exists():
        # An author's lesson holds this place already: the new one goes after the last.
        lesson.number = (chapter.lessons.aggregate(last=Max("number"))["last"] or 0) + 1
    lesson.save()

    lesson.audio_lessons.all().delete()
    for order, audio_data in enumerate(data.get("audio_lessons") or []):
        lines = [
            _validated(TranscriptLine(order=i, **_line(line, where)), where)
            for i, line in enumerate(audio_data.get("transcript") or [])
        ]
        # The cast is not in the bundle: it is the names the lines use (the first of each role).
        cast = {line.role: line.speaker for line in reversed(lines)}
        audio = AudioLesson.objects.create(
            lesson=lesson,
            order=order,
            title=_require(audio_data, "title", where),
            audio=audio_data.get("audio") or "",
            **cast,
        )
        for line in lines:
            line.audio_lesson = audio
        TranscriptLine.objects.bulk_create(lines)

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
