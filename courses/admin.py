from __future__ import annotations

import nested_admin
from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableAdminBase,
    SortableInlineAdminMixin,
    SortableTabularInline,
)
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from config import admin as spindle_admin
from courses import content_cache, services
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


# Drag and drop (django-admin-sortable2) --------------------------------------------------------


class SortableTabular(SortableInlineAdminMixin, spindle_admin.TabularInline):
    template = SortableTabularInline.template


class NumberedForm(spindle_admin.CleanModelForm):
    def _get_validation_exclusions(self):
        # Checking "number" against the database one row at a time would compare it with the
        # numbers as they were before this save; RenumberingFormSet checks the rows together.
        return {*super()._get_validation_exclusions(), "number"}


class RenumberingFormSet(CustomInlineFormSet):
    """Chapters and lessons are ordered by their `number`, unique within their course or
    chapter. The sortable widget renumbers the rows 1..n in the browser; saved one by one, two
    rows swapping places would trip the unique constraint half-way. So the numbers are checked
    across the submitted rows, and the rows that move (or go) are parked on numbers nothing
    uses before any is saved, as the bundle import does."""

    PARK = 10_000

    def clean(self) -> None:
        super().clean()
        numbers = [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data.get("number") and not self._should_delete_form(form)
        ]
        if len(numbers) != len(set(numbers)):
            raise ValidationError("Two rows have the same number; drag them into order instead.")

    def save(self, commit: bool = True):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and (form in self.deleted_forms or "number" in form.changed_data)
        ]
        self.model.objects.filter(pk__in=moving).update(number=F("number") + self.PARK)
        self._last_number = max(
            (
                form.cleaned_data["number"]
                for form in self.forms
                if form.cleaned_data.get("number") and form not in self.deleted_forms
            ),
            default=0,
        )
        return super().save(commit)

    def get_max_order(self) -> int:
        # sortable2 numbers a new row after the last; the database holds parked numbers now.
        return self._last_number

    def save_new(self, form, commit: bool = True):
        obj = super().save_new(form, commit)
        self._last_number = max(self._last_number, obj.number)
        return obj


# Courses, chapters, lessons ---------------------------------------------------------------------


class ChapterInline(SortableTabular):
    model = Chapter
    form = NumberedForm
    formset = RenumberingFormSet
    extra = 0
    ordering = ["number"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(SortableAdminBase, spindle_admin.ModelAdmin):
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
        content_cache.bump()  # update() sends no save signal
        self.message_user(request, f"Published {updated} course(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected courses (back to draft)")
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        content_cache.bump()  # update() sends no save signal
        self.message_user(request, f"Unpublished {updated} course(s).", messages.SUCCESS)


class LessonInline(SortableTabular):
    model = Lesson
    form = NumberedForm
    formset = RenumberingFormSet
    extra = 0
    fields = ["number", "title", "slug", "is_published"]
    ordering = ["number"]
    show_change_link = True
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Chapter)
class ChapterAdmin(SortableAdminBase, spindle_admin.ModelAdmin):
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


# The lesson page (django-nested-admin: a dialogue's transcript lines nest inside it) -----------


class NestedStackedInline(nested_admin.NestedStackedInline):
    form = spindle_admin.CleanModelForm
    # nested_admin makes every inline draggable; only the transcript saves a dragged order.
    is_sortable = False


class NestedTabularInline(nested_admin.NestedTabularInline):
    form = spindle_admin.CleanModelForm
    is_sortable = False


class OverviewInline(NestedStackedInline):
    model = Overview
    extra = 0
    max_num = 1


def _recording_summary(audio_lesson: AudioLesson) -> str:
    """ "Recorded", "Recording 40%", "Failed: why"… with a progress bar while it runs."""
    Status = AudioLesson.Status
    status = audio_lesson.recording_status
    if status == Status.NONE:
        return "Recorded" if audio_lesson.audio else "Not recorded"
    if status in (Status.QUEUED, Status.RECORDING):
        started = audio_lesson.recording_started_at
        if started and started < timezone.now() - services.RECORDING_STALE_AFTER:
            # Its worker went away (or the broker lost the message): say so, truthfully.
            return "Stalled: no progress for minutes. Record audio again."
        return format_html(
            '{} <progress max="100" value="{}" aria-label="Recording progress">{}%</progress>',
            audio_lesson.get_recording_status_display(),
            audio_lesson.recording_progress,
            audio_lesson.recording_progress,
        )
    if status == Status.FAILED:
        return format_html("<strong>Failed</strong>: {}", audio_lesson.recording_error)
    return audio_lesson.get_recording_status_display()


class TranscriptLineInline(NestedTabularInline):
    """Lines in speaking order by drag and drop (nested_admin renumbers "order" as rows move;
    typing the numbers works too, for the keyboard). The speaker is picked from the dialogue's
    cast (its teacher's and student's names); start times are the recording's to fill."""

    model = TranscriptLine
    extra = 0
    is_sortable = True
    sortable_field_name = "order"
    ordering = ["order"]
    fields = ["order", "role", "text", "starts_at"]
    readonly_fields = ["starts_at"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    @admin.display(description="Starts at (s), from the recording")
    def starts_at(self, line):
        return "—" if line.start_seconds is None else f"{line.start_seconds:.2f}"

    def get_formset(self, request, obj=None, **kwargs):
        # nested_admin builds one formset per dialogue and passes that dialogue as `obj` (None
        # for a dialogue not saved yet), so each lists its own cast's names.
        formset = super().get_formset(request, obj, **kwargs)
        cast = obj if isinstance(obj, AudioLesson) else AudioLesson()
        role = formset.form.base_fields["role"]
        role.label = "Speaker"
        # Keep the blank choice: an untouched new row must stay unchanged (and unsaved).
        role.choices = [("", "---------")] + [
            (value, f"{cast.speaker_for(value)} ({label.lower()})")
            for value, label in TranscriptLine.Role.choices
        ]
        return formset


class AudioLessonInline(NestedStackedInline):
    """A dialogue: its cast, its recording's state and its transcript, all edited here. The
    dialogue's own page (its "Change" link) is where a recording's progress is followed."""

    model = AudioLesson
    extra = 0
    fields = ["title", "teacher", "student", "recording"]
    readonly_fields = ["recording"]
    show_change_link = True
    inlines = [TranscriptLineInline]

    @admin.display(description="Audio")
    def recording(self, audio_lesson):
        return _recording_summary(audio_lesson) if audio_lesson.pk else "—"


class AudioBookChapterInline(NestedStackedInline):
    model = AudioBookChapter
    extra = 0


class OrderedTabularInline(NestedTabularInline):
    extra = 0
    ordering = ["order"]
    # The admin's wide widgets (a 610 px textarea, a URL with a "Currently:" link above a
    # 400 px input, 270 px text inputs) made these tables wider than a 1280 px screen.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 20})},
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 30})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 30})},
    }


class KeyConceptInline(OrderedTabularInline):
    model = KeyConcept


class ExampleInline(NestedStackedInline):
    model = Example
    extra = 0


class MemoryAidInline(NestedStackedInline):
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


class SavesTranscripts:
    """For the pages that edit transcripts (a lesson's, a dialogue's): once the inlines are
    saved, each line's speaker is named after its dialogue's (maybe renamed) cast, and the
    author is warned when a recorded dialogue's words changed. The words are compared, not the
    formsets: nested_admin renumbers "order" on every save, which alone changes nothing."""

    def dialogues(self, obj) -> QuerySet[AudioLesson]:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        dialogues = self.dialogues(form.instance)
        before = _transcripts(dialogues)
        super().save_related(request, form, formsets, change)
        dialogues = list(dialogues.all())
        for audio_lesson in dialogues:
            services.name_speakers(audio_lesson=audio_lesson)
        after = _transcripts(dialogues)
        if any(d.audio and before.get(d.pk) != after.get(d.pk) for d in dialogues):
            self.message_user(
                request,
                "The transcript changed: record the audio again so voice and timings match it.",
                messages.WARNING,
            )


def _transcripts(dialogues) -> dict[int, list[tuple[str, str]]]:
    """Each dialogue's lines, in order, as (role, text)."""
    words: dict[int, list[tuple[str, str]]] = {}
    lines = TranscriptLine.objects.filter(audio_lesson__in=dialogues)
    for audio_lesson_id, role, text in lines.values_list("audio_lesson", "role", "text"):
        words.setdefault(audio_lesson_id, []).append((role, text))
    return words


class ChapterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, chapter: Chapter) -> str:
        # Chapter numbers repeat in every course: "Python Advance — 7. Concurrency".
        return f"{chapter.course.title} — {chapter}"


class LessonForm(spindle_admin.CleanModelForm):
    class Meta:
        model = Lesson
        fields = ["chapter", "number", "title", "slug", "is_published"]
        field_classes = {"chapter": ChapterChoiceField}
        help_texts = {"number": "Its place in the chapter. Empty: after the last lesson."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Chapter.objects.select_related("course").order_by(
            "course__title", "number"
        )
        self.fields["number"].required = False


@admin.register(Lesson)
class LessonAdmin(SavesTranscripts, nested_admin.NestedModelAdminMixin, spindle_admin.ModelAdmin):
    form = LessonForm
    list_display = ["title", "chapter", "course", "number", "is_published", "audio", "view_link"]
    list_filter = ["course", "is_published"]
    search_fields = ["title", "slug", "course__title"]
    list_select_related = ["chapter", "course"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["record_audio", "publish", "unpublish"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("audio_lessons")

    def dialogues(self, lesson: Lesson) -> QuerySet[AudioLesson]:
        return lesson.audio_lessons.all()

    def save_model(self, request, obj, form, change):
        obj.course_id = obj.chapter.course_id
        if obj.number is None:
            last = obj.chapter.lessons.exclude(pk=obj.pk).aggregate(last=models.Max("number"))
            obj.number = (last["last"] or 0) + 1
        super().save_model(request, obj, form, change)

    @admin.display(description="Audio")
    def audio(self, lesson):
        dialogues = lesson.audio_lessons.all()
        return (
            format_html_join("", "<div>{}</div>", ((_recording_summary(d),) for d in dialogues))
            or "—"
        )

    @admin.display(description="On site")
    def view_link(self, lesson):
        url = reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])
        return format_html('<a href="{}">{}</a>', url, "View" if lesson.is_published else "Preview")

    @admin.action(description="Record audio of the selected lessons' dialogues")
    def record_audio(self, request, queryset):
        _queue_recordings(self, request, AudioLesson.objects.filter(lesson__in=queryset))
        chapters = services.queue_recordings(
            chapters=AudioBookChapter.objects.filter(lesson__in=queryset)
        )
        if chapters:
            message = f"Narrating {chapters} audio-book chapter(s) on a worker."
            self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Publish the selected lessons")
    def publish(self, request, queryset):
        updated = queryset.update(is_published=True)
        content_cache.bump()  # update() sends no save signal
        self.message_user(request, f"Published {updated} lesson(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected lessons (back to draft)")
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        content_cache.bump()  # update() sends no save signal
        self.message_user(request, f"Unpublished {updated} lesson(s).", messages.SUCCESS)


def _queue_recordings(model_admin, request, audio_lessons) -> None:
    queued = services.queue_recordings(audio_lessons=audio_lessons)
    if not queued:
        model_admin.message_user(
            request,
            "Nothing to record: no dialogue in the selection, or each is being recorded now.",
            messages.WARNING,
        )
        return
    ids = ",".join(str(pk) for pk in audio_lessons.values_list("pk", flat=True))
    url = f"{reverse('admin:courses_audiolesson_changelist')}?id__in={ids}"
    model_admin.message_user(
        request,
        format_html(
            'Recording {} dialogue(s) on a worker. <a href="{}">Follow their progress</a> '
            "(reload to update).",
            queued,
            url,
        ),
        messages.SUCCESS,
    )


# Dialogues -----------------------------------------------------------------------------------


@admin.register(AudioLesson)
class AudioLessonAdmin(
    SavesTranscripts, nested_admin.NestedModelAdminMixin, spindle_admin.ModelAdmin
):
    list_display = ["title", "lesson", "course", "recording"]
    list_filter = ["recording_status", "lesson__course"]
    search_fields = ["title", "lesson__title"]
    list_select_related = ["lesson__course"]
    fields = ["lesson", "title", "teacher", "student", "audio", "recording"]
    readonly_fields = ["recording"]
    raw_id_fields = ["lesson"]
    inlines = [TranscriptLineInline]
    actions = ["record_audio"]

    @admin.display(description="Course")
    def course(self, audio_lesson):
        return audio_lesson.lesson.course

    @admin.display(description="Recording")
    def recording(self, audio_lesson):
        return _recording_summary(audio_lesson) if audio_lesson.pk else "—"

    @admin.action(description="Record audio")
    def record_audio(self, request, queryset):
        _queue_recordings(self, request, queryset)

    def dialogues(self, audio_lesson: AudioLesson) -> QuerySet[AudioLesson]:
        return AudioLesson.objects.filter(pk=audio_lesson.pk)


@admin.register(Enrollment)
class EnrollmentAdmin(spindle_admin.ModelAdmin):
    list_display = ["user", "course", "enrolled_at", "last_activity_at"]
    list_filter = ["course"]
    search_fields = ["user__email", "user__name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user", "last_lesson"]
