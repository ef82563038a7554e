"""Reads for the course pages. Each returns everything a page needs in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from config import reader_cache
from courses import content_cache
from courses.models import (
    AudioBookChapter,
    AudioLesson,
    Chapter,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    Program,
    TranscriptLine,
)


def _count_per_course(queryset: QuerySet, *, course_field: str = "course") -> Coalesce:
    counted = (
        queryset.filter(**{course_field: OuterRef("pk")})
        .order_by()
        .values(course_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_progress(courses: QuerySet, user) -> QuerySet:
    # Progress counts published lessons only: a draft is nobody's to complete yet (staff see it
    # as a preview, but it does not move anyone's bar).
    courses = courses.annotate(
        chapter_count=_count_per_course(Chapter.objects.all()),
        lesson_count=_count_per_course(Lesson.objects.filter(is_published=True)),
    )
    if user.is_authenticated:
        courses = courses.annotate(
            completed_count=_count_per_course(
                LessonCompletion.objects.filter(user=user, lesson__is_published=True),
                course_field="lesson__course",
            ),
            is_enrolled=Exists(Enrollment.objects.filter(user=user, course=OuterRef("pk"))),
        )
    return courses


def progress_of(course: Course) -> float:
    total = getattr(course, "lesson_count", 0)
    return (getattr(course, "completed_count", 0) / total) if total else 0.0


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    kind: str = ""
    field: str = ""
    level: str = ""


def _catalog_courses(*, user, filters: CatalogFilters) -> list[Course]:
    """Visible courses matching the filters, by title, with their chapter and lesson counts."""
    courses = Course.objects.visible_to(user).select_related("program")
    if filters.q:
        courses = courses.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.kind:
        courses = courses.filter(program__kind=filters.kind)
    if filters.field:
        courses = courses.filter(program__field=filters.field)
    if filters.level:
        courses = courses.filter(level=filters.level)
    return list(
        courses.annotate(
            chapter_count=_count_per_course(Chapter.objects.all()),
            lesson_count=_count_per_course(Lesson.objects.filter(is_published=True)),
        ).order_by("title")
    )


def _completed_per_enrolled_course(*, user) -> dict[int, int]:
    """{course id: published lessons completed} for each course the user is enrolled in."""
    # SQL of our own, as in reader_standing: compiling the ORM's version (a counting subquery
    # per enrollment) took 2.5 ms, ten times what PostgreSQL needs to answer it.
    sql = f"""
        SELECT e.course_id, COUNT(c.id)
        FROM {Enrollment._meta.db_table} e
        LEFT JOIN {Lesson._meta.db_table} l ON l.course_id = e.course_id AND l.is_published
        LEFT JOIN {LessonCompletion._meta.db_table} c
               ON c.lesson_id = l.id AND c.user_id = e.user_id
        WHERE e.user_id = %s
        GROUP BY e.course_id
    """  # noqa: S608  (table names from our models; the user bound as a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return dict(cursor.fetchall())


def catalog(
    *, user, filters: CatalogFilters, version: str | None = None
) -> dict[str, list[Course]]:
    """Visible courses matching the filters, split into academic and professional sections,
    with the reader's progress in those they are enrolled in. The courses are the same for
    everyone but staff (who see drafts too), so with a content version they come from the cache
    (unless searched for by text: too many searches to keep); a reader's progress is one query."""
    if (user.is_authenticated and user.is_staff) or filters.q:
        courses = _catalog_courses(user=user, filters=filters)
    else:
        courses = content_cache.remember(
            f"catalog:{filters.kind}:{filters.field}:{filters.level}",
            lambda: _catalog_courses(user=user, filters=filters),
            version=version,
        )
    completed = _completed_per_enrolled_course(user=user) if user.is_authenticated else {}
    # Filtered to one kind (the navigation's Academic Programs / Professional Courses), the page
    # shows that section alone rather than an empty one beside it.
    kinds = [filters.kind] if filters.kind else Program.Kind.values
    sections: dict[str, list[Course]] = {kind: [] for kind in kinds}
    for course in courses:
        course.is_enrolled = course.pk in completed
        course.completed_count = completed.get(course.pk, 0)
        course.progress = progress_of(course)
        sections[course.program.kind].append(course)
    return sections


def course_for_user(*, user, slug: str) -> Course:
    """The course with its chapters and lessons, or 404 when missing or not visible. Draft
    lessons are listed for staff only."""
    lessons = Lesson.objects.visible_to(user).order_by("number")
    courses = (
        _with_progress(Course.objects.visible_to(user), user)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "chapters",
                Chapter.objects.order_by("number").prefetch_related(Prefetch("lessons", lessons)),
            )
        )
    )
    course = courses.filter(slug=slug).first()
    if course is None:
        raise Http404("No such course")
    course.progress = progress_of(course)
    return course


def can_open_locked(*, user, course: Course) -> bool:
    """Locked components (audio, audio-book chapters, tests) are for enrolled students and staff."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Enrollment.objects.filter(user=user, course=course).exists()


def enrollment_of(*, user, course: Course) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.select_related("last_lesson").filter(user=user, course=course).first()


def completed_lesson_ids(*, user, course: Course) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        LessonCompletion.objects.filter(user=user, lesson__course=course).values_list(
            "lesson_id", flat=True
        )
    )


# Components every visitor may read, and those only enrolled students (and staff) may. Practice
# tests are not among them: they come with the lesson's outline (scores, lock cards are shown
# around them on every request).
OPEN_COMPONENTS = (
    "exercises",
    "key_concepts",
    "examples",
    "memory_aids",
    "flashcards",
    "glossary",
    "links",
    "videos",
)
LOCKED_COMPONENTS = ("audiobook_chapters",)


@dataclass
class LessonOutline:
    """What a lesson page shows that is the same for every reader who may see the lesson: the
    lesson (with its course and chapter), its place in the course and its practice tests."""

    lesson: Lesson
    previous: Lesson | None
    next: Lesson | None
    position: int
    total: int
    practice_tests: list


@dataclass
class LessonPage(LessonOutline):
    """The outline with what the reader may open and where they stand."""

    unlocked: bool
    enrollment: Enrollment | None
    completed: bool

    @property
    def variant(self) -> str:
        """What the cached content fragment differs by: locked text is in one variant only."""
        return "unlocked" if self.unlocked else "locked"

    @cached_property
    def content(self) -> Lesson:
        """The lesson with its components, loaded when first used: the page renders them only
        when its cached fragment misses. Locked components are not even loaded for outsiders."""
        prefetches: list = ["overview", *OPEN_COMPONENTS]
        if self.unlocked:
            prefetches += [
                *LOCKED_COMPONENTS,
                Prefetch(
                    "audio_lessons",
                    AudioLesson.objects.prefetch_related(
                        Prefetch("transcript", TranscriptLine.objects.order_by("order", "id"))
                    ),
                ),
            ]
        else:
            # Titles only, for the lock cards; the transcript never leaves the database.
            prefetches += [
                Prefetch("audio_lessons", AudioLesson.objects.only("id", "lesson_id", "title")),
                Prefetch(
                    "audiobook_chapters",
                    AudioBookChapter.objects.only("id", "lesson_id", "title", "order"),
                ),
            ]
        prefetch_related_objects([self.lesson], *prefetches)
        return self.lesson


def _lesson_outline(*, user, course_slug: str, lesson_slug: str) -> LessonOutline | None:
    """Two queries: the lesson, then its course's lessons in order (for the neighbours), plus
    one for its practice tests."""
    lesson = (
        Lesson.objects.visible_to(user)
        .select_related("course", "chapter")
        .filter(course__slug=course_slug, slug=lesson_slug)
        .first()
    )
    if lesson is None:
        return None
    ordered = list(
        Lesson.objects.visible_to(user)
        .filter(course_id=lesson.course_id)
        .order_by("chapter__number", "number")
        .values_list("pk", "slug", "title")
    )
    index = next(i for i, row in enumerate(ordered) if row[0] == lesson.pk)

    def _neighbour(i: int) -> Lesson | None:
        if 0 <= i < len(ordered):
            pk, slug, title = ordered[i]
            return Lesson(pk=pk, slug=slug, title=title, course=lesson.course)
        return None

    return LessonOutline(
        lesson=lesson,
        previous=_neighbour(index - 1),
        next=_neighbour(index + 1),
        position=index + 1,
        total=len(ordered),
        practice_tests=list(lesson.practice_tests.all()),
    )


def lesson_outline(*, user, course_slug: str, lesson_slug: str, version: str | None):
    """The lesson's outline, or 404. Everyone but staff sees the same published lessons, so
    theirs is shared through the content cache; staff (who also see drafts) get their own."""
    if user.is_authenticated and user.is_staff:
        outline = _lesson_outline(user=user, course_slug=course_slug, lesson_slug=lesson_slug)
    else:
        outline = content_cache.remember(
            f"lesson-outline:{course_slug}:{lesson_slug}",
            lambda: _lesson_outline(user=user, course_slug=course_slug, lesson_slug=lesson_slug),
            version=version,
        )
    if outline is None:
        raise Http404("No such lesson")
    return outline


@dataclass(frozen=True)
class ReaderStanding:
    enrollment: Enrollment | None
    completed: bool


# A student's standing changes through courses.services (enroll, unenroll, a visit that moves
# the Resume link, completing), each of which forgets what was kept (config/reader_cache.py);
# kept for this long at most, so an edit in the admin shows too.
STANDING_SECONDS = 300


def reader_standing(*, user, lesson: Lesson) -> ReaderStanding:
    """The reader's enrollment in the lesson's course and whether they completed the lesson:
    kept between their pages, else one query; none for a visitor."""
    if not user.is_authenticated:
        return ReaderStanding(enrollment=None, completed=False)
    enrollment_pk, last_lesson_id, last_activity_at, completed = reader_cache.remember(
        user.pk,
        f"standing:{lesson.pk}",
        lambda: (_standing_row(user=user, lesson=lesson), None),
        seconds=STANDING_SECONDS,
    )
    enrollment = None
    if enrollment_pk is not None:
        enrollment = Enrollment(
            pk=enrollment_pk,
            user=user,
            course=lesson.course,
            last_lesson_id=last_lesson_id,
            last_activity_at=last_activity_at,
        )
    return ReaderStanding(enrollment=enrollment, completed=completed)


def _standing_row(*, user, lesson: Lesson) -> tuple:
    """The reader's standing in one query: enrollment pk, last lesson, last activity, completed."""
    # SQL of our own: the ORM's version of this one row (two subqueries on a user row) cost
    # 1.5 ms to compile, more than the rest of an enrolled student's cached lesson page.
    sql = f"""
        SELECT e.id, e.last_lesson_id, e.last_activity_at,
               EXISTS (SELECT 1 FROM {LessonCompletion._meta.db_table} c
                       WHERE c.user_id = %(user)s AND c.lesson_id = %(lesson)s)
        FROM (SELECT 1) AS one
        LEFT JOIN {Enrollment._meta.db_table} e ON e.user_id = %(user)s AND e.course_id = %(course)s
    """  # noqa: S608  (table names from our models; values bound as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user.pk, "lesson": lesson.pk, "course": lesson.course_id})
        enrollment_pk, last_lesson_id, last_activity_at, completed = cursor.fetchone()
    last_activity_at = _from_db(Enrollment, "last_activity_at", last_activity_at)
    return enrollment_pk, last_lesson_id, last_activity_at, bool(completed)  # SQLite: 0 or 1


def _from_db(model, field_name: str, value):
    """A raw column's value as the ORM would give it, through the same converters its compiler
    applies (SQLite hands back a datetime as text, or naive, where the ORM gives an aware one)."""
    field = model._meta.get_field(field_name)
    column = field.get_col(model._meta.db_table)
    for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
        value = convert(value, column, connection)
    return value


def lesson_page(
    *, user, course_slug: str, lesson_slug: str, version: str | None = None
) -> LessonPage:
    """A lesson with who may read what, its place in the course and the reader's progress; its
    components come with `.content`, on first use. A draft is a 404 for everyone but staff, who
    get a preview. With a content version, what every reader shares comes from the cache: no
    query for a visitor, one for a student."""
    outline = lesson_outline(
        user=user, course_slug=course_slug, lesson_slug=lesson_slug, version=version
    )
    standing = reader_standing(user=user, lesson=outline.lesson)
    unlocked = bool(standing.enrollment) or (user.is_authenticated and user.is_staff)
    return LessonPage(
        **{field.name: getattr(outline, field.name) for field in fields(outline)},
        unlocked=unlocked,
        enrollment=standing.enrollment,
        completed=standing.completed,
    )


class LearningGroup(TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"
    COMPLETED = "completed", "Completed"


def my_learning(*, user) -> dict[LearningGroup, list[Course]]:
    """The student's courses by progress, each with where to resume: the last lesson visited,
    else the first lesson (course.resume_slug, .resume_title). One query."""
    first_lessons = (
        Lesson.objects.visible_to(user)
        .filter(course=OuterRef("pk"))
        .order_by("chapter__number", "number")
    )
    courses = _with_progress(
        Course.objects.filter(enrollments__user=user)
        .visible_to(user)
        .select_related("program")
        # Annotating after the filter reuses its join: the student's own enrollment row.
        .annotate(
            last_lesson_slug=F("enrollments__last_lesson__slug"),
            last_lesson_title=F("enrollments__last_lesson__title"),
            last_lesson_published=F("enrollments__last_lesson__is_published"),
            first_lesson_slug=Subquery(first_lessons.values("slug")[:1]),
            first_lesson_title=Subquery(first_lessons.values("title")[:1]),
        ),
        user,
    ).order_by("title")
    groups: dict[LearningGroup, list[Course]] = {group: [] for group in LearningGroup}
    for course in courses:
        course.progress = progress_of(course)
        # A last lesson turned back into a draft is not offered (it would be a 404).
        last = course.last_lesson_slug and (course.last_lesson_published or user.is_staff)
        course.resume_slug = course.last_lesson_slug if last else course.first_lesson_slug
        course.resume_title = course.last_lesson_title if last else course.first_lesson_title
        if course.lesson_count and course.completed_count >= course.lesson_count:
            groups[LearningGroup.COMPLETED].append(course)
        elif course.completed_count or course.last_lesson_slug:
            groups[LearningGroup.IN_PROGRESS].append(course)
        else:
            groups[LearningGroup.NOT_STARTED].append(course)
    return groups


def visible_lesson(*, user, course_slug: str, lesson_slug: str) -> Lesson:
    """The lesson if this user may see it (drafts only for staff), else 404."""
    return get_object_or_404(
        Lesson.objects.visible_to(user).select_related("course"),
        course__slug=course_slug,
        slug=lesson_slug,
    )
