from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from config import admin as spindle_admin
from courses.models import (
    AudioBookChapter,
    AudioLesson,
    Chapter,
    Course,
    Enrollment,
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


@admin.register(Program)
class ProgramAdmin(spindle_admin.ModelAdmin):
    list_display = ["title", "kind", "field", "grade_band"]
    list_filter = ["kind", "field"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class ChapterInline(spindle_admin.TabularInline):
    model = Chapter
    extra = 0
    ordering = ["number"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(spindle_admin.ModelAdmin):
    list_display = ["title", "program", "level", "is_published", "chapter_total", "updated_at"]
    list_filter = ["is_published", "level", "program__kind", "program__field"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ChapterInline]
    actions = ["publish", "unpublish"]
    list_select_related = ["program"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chapter_total=Count("chapters"))

    @admin.display(description="Chapters", ordering="chapter_total")
    def chapter_total(self, course):
        return course.chapter_total

    @admin.action(description="Publish the selected courses")
    def publish(self, request, queryset):
        updated = queryset.update(is_published=True)
        self.message_user(request, f"Published {updated} course(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected courses (back to draft)")
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        self.message_user(request, f"Unpublished {updated} course(s).", messages.SUCCESS)


class LessonInline(spindle_admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["number", "title", "slug"]
    ordering = ["number"]
    show_change_link = True
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Chapter)
class ChapterAdmin(spindle_admin.ModelAdmin):
    list_display = ["__str__", "course"]
    list_filter = ["course"]
    search_fields = ["title", "course__title"]
    inlines = [LessonInline]
    list_select_related = ["course"]

    def save_formset(self, request, form, formset, change):
        # A lesson's course always follows its chapter's.
        for lesson in formset.save(commit=False):
            lesson.course_id = form.instance.course_id
            lesson.save()
        for lesson in formset.deleted_objects:
            lesson.delete()


class OverviewInline(spindle_admin.StackedInline):
    model = Overview
    extra = 0
    max_num = 1


class AudioLessonInline(spindle_admin.StackedInline):
    model = AudioLesson
    extra = 0
    show_change_link = True  # the transcript is edited on the audio lesson's own page


class AudioBookChapterInline(spindle_admin.StackedInline):
    model = AudioBookChapter
    extra = 0


class OrderedTabularInline(spindle_admin.TabularInline):
    extra = 0
    ordering = ["order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class KeyConceptInline(OrderedTabularInline):
    model = KeyConcept


class ExampleInline(spindle_admin.StackedInline):
    model = Example
    extra = 0


class MemoryAidInline(spindle_admin.StackedInline):
    model = MemoryAid
    extra = 0


class FlashcardInline(OrderedTabularInline):
    model = Flashcard


class GlossaryInline(OrderedTabularInline):
    model = GlossaryTerm


class ReferenceLinkInline(OrderedTabularInline):
    model = ReferenceLink


class VideoInline(OrderedTabularInline):
    model = Video


@admin.register(Lesson)
class LessonAdmin(spindle_admin.ModelAdmin):
    list_display = ["title", "chapter", "course", "number", "view_link"]
    list_filter = ["course"]
    search_fields = ["title", "slug", "course__title"]
    list_select_related = ["chapter", "course"]
    fields = ["chapter", "number", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        AudioLessonInline,
        OverviewInline,
        AudioBookChapterInline,
        KeyConceptInline,
        ExampleInline,
        MemoryAidInline,
        FlashcardInline,
        GlossaryInline,
        ReferenceLinkInline,
        VideoInline,
    ]

    def save_model(self, request, obj, form, change):
        obj.course_id = obj.chapter.course_id
        super().save_model(request, obj, form, change)

    @admin.display(description="On site")
    def view_link(self, lesson):
        url = reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])
        return format_html('<a href="{}">View</a>', url)


class TranscriptLineInline(spindle_admin.TabularInline):
    model = TranscriptLine
    extra = 1
    ordering = ["order"]


@admin.register(AudioLesson)
class AudioLessonAdmin(spindle_admin.ModelAdmin):
    list_display = ["title", "lesson"]
    search_fields = ["title", "lesson__title"]
    inlines = [TranscriptLineInline]
    list_select_related = ["lesson"]


@admin.register(Enrollment)
class EnrollmentAdmin(spindle_admin.ModelAdmin):
    list_display = ["user", "course", "enrolled_at", "last_activity_at"]
    list_filter = ["course"]
    search_fields = ["user__email", "user__name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user", "last_lesson"]
