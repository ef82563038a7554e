"""Reads for the course pages. Each returns everything a page needs in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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


def catalog(*, user, filters: CatalogFilters) -> dict[str, list[Course]]:
    """Visible courses matching the filters, split into academic and professional sections."""
    courses = Course.objects.visible_to(user).select_related("program")
    if filters.q:
        courses = courses.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.kind:
        courses = courses.filter(program__kind=filters.kind)
    if filters.field:
        courses = courses.filter(program__field=filters.field)
    if filters.level:
        courses = courses.filter(level=filters.level)
    # Filtered to one kind (the navigation's Academic Programs / Professional Courses), the page
    # shows that section alone rather than an empty one beside it.
    kinds = [filters.kind] if filters.kind else Program.Kind.values
    sections: dict[str, list[Course]] = {kind: [] for kind in kinds}
    for course in _with_progress(courses.order_by("title"), user):
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
# tests are not among them: the view loads them on every request (scores, lock cards).
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
class LessonPage:
    lesson: Lesson
    unlocked: bool
    enrollment: Enrollment | None
    completed: bool
    previous: Lesson | None
    next: Lesson | None
    position: int
    total: int

    @property
    def variant(self) -> str:
        """What the cached content fragment differs by: locked text is in one variant only."""
        return "unlocked" if self.unlocked else "locked"

    @cached_property
    def content(self) -> Lesson:
        """The lesson with its components, loaded when first used: the page renders them only
        when its cached fragment misses. Locked components are not even loaded for outsiders."""
        prefetches: list = list(OPEN_COMPONENTS)
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


def lesson_page(*, user, course_slug: str, lesson_slug: str) -> LessonPage:
    """A lesson with who may read what, its place in the course and the reader's progress; its
    components come with `.content`, on first use. A draft is a 404 for everyone but staff, who
    get a preview."""
    lessons = (
        Lesson.objects.visible_to(user)
        .select_related("course", "chapter", "overview")
        .filter(course__slug=course_slug, slug=lesson_slug)
    )
    if user.is_authenticated:
        # The reader's enrollment and completion come with the lesson: one query, not three.
        mine = Enrollment.objects.filter(user=user, course=OuterRef("course_id"))
        lessons = lessons.annotate(
            enrollment_pk=Subquery(mine.values("pk")[:1]),
            enrollment_last_lesson_id=Subquery(mine.values("last_lesson_id")[:1]),
            enrollment_last_activity_at=Subquery(mine.values("last_activity_at")[:1]),
            is_completed=Exists(LessonCompletion.objects.filter(user=user, lesson=OuterRef("pk"))),
        )
    lesson = lessons.first()
    if lesson is None:
        raise Http404("No such lesson")
    enrollment = None
    if getattr(lesson, "enrollment_pk", None) is not None:
        enrollment = Enrollment(
            pk=lesson.enrollment_pk,
            user=user,
            course=lesson.course,
            last_lesson_id=lesson.enrollment_last_lesson_id,
            last_activity_at=lesson.enrollment_last_activity_at,
        )
    unlocked = bool(enrollment) or (user.is_authenticated and user.is_staff)

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

    return LessonPage(
        lesson=lesson,
        unlocked=unlocked,
        enrollment=enrollment,
        completed=getattr(lesson, "is_completed", False),
        previous=_neighbour(index - 1),
        next=_neighbour(index + 1),
        position=index + 1,
        total=len(ordered),
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
