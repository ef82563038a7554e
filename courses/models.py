from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Program(models.Model):
    class Kind(models.TextChoices):
        ACADEMIC = "academic", "Academic program"
        PROFESSIONAL = "professional", "Professional course"

    class Field(models.TextChoices):
        BUSINESS = "business", "Business"
        TECHNOLOGY = "technology", "Technology"
        DESIGN = "design", "Design"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    # Academic programs have a grade band ("8–12"); professional ones a field.
    grade_band = models.CharField(max_length=20, blank=True)
    field = models.CharField(max_length=12, choices=Field.choices, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CourseQuerySet:
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_published=True)


class Course(models.Model):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown.")
    cover = models.ImageField(upload_to="covers/", blank=True)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.BEGINNER)
    is_published = models.BooleanField("published", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:course", args=[self.slug])


class Chapter(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="unique_chapter_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user) -> LessonQuerySet:
        """Staff see drafts (as a preview); everyone else only published lessons of published
        courses."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_published=True, course__is_published=True)


class Lesson(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="lessons")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField()
    # Denormalised from the chapter so lesson slugs can be unique per course in the database.
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    # A lesson written in the admin starts as a draft, so a published course never shows half
    # a lesson; bundles (and the demo content) carry the flag, published when they omit it.
    is_published = models.BooleanField(
        "published", default=False, help_text="Drafts are visible to staff only, as a preview."
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["chapter__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_lesson_slug"),
            models.UniqueConstraint(fields=["chapter", "number"], name="unique_lesson_number"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:lesson", args=[self.course.slug, self.slug])


class Component(models.Model):
    """A part of a lesson page. Ordered within its lesson."""

    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class RecordingState(models.Model):
    """Where the admin's "Record audio" stands for one recordable component. Audio lessons use it
    today; audio-book chapters will once they are narrated."""

    class Status(models.TextChoices):
        NONE = "", "Not recorded"
        QUEUED = "queued", "Queued"
        RECORDING = "recording", "Recording"
        DONE = "done", "Recorded"
        FAILED = "failed", "Failed"

    recording_status = models.CharField(
        "recording", max_length=10, choices=Status.choices, blank=True, editable=False
    )
    recording_progress = models.PositiveSmallIntegerField("progress (%)", default=0, editable=False)
    recording_error = models.TextField(blank=True, editable=False)
    recording_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class AudioLesson(RecordingState, Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="audio_lessons")
    title = models.CharField(max_length=200)
    audio = models.FileField(upload_to="audio/lessons/", blank=True)
    # The dialogue's cast: each transcript line names a role, and the speaker's name follows
    # from here, so authors pick a speaker from a list instead of retyping names.
    teacher = models.CharField("teacher's name", max_length=80, default="Teacher")
    student = models.CharField("student's name", max_length=80, default="Student")

    class Meta(Component.Meta):
        pass

    def __str__(self) -> str:
        return self.title

    def speaker_for(self, role: str) -> str:
        return self.student if role == TranscriptLine.Role.STUDENT else self.teacher


class TranscriptLine(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        STUDENT = "student", "Student"

    audio_lesson = models.ForeignKey(
        AudioLesson, on_delete=models.CASCADE, related_name="transcript"
    )
    order = models.PositiveSmallIntegerField(default=0)
    speaker = models.CharField(max_length=80)
    role = models.CharField(max_length=8, choices=Role.choices)
    text = models.TextField()
    # Where this line starts in the audio lesson's recording, when there is one: the page
    # highlights the line being spoken and lets the student jump to any line.
    start_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:40]}"


class Overview(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="overview")
    quick = models.TextField(help_text="Markdown: two or three sentences.")
    standard = models.TextField(help_text="Markdown.")
    detailed = models.TextField(help_text="Markdown, with code blocks.")

    DEPTHS = ("quick", "standard", "detailed")

    def __str__(self) -> str:
        return f"Overview of {self.lesson}"


class AudioBookChapter(RecordingState, Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="audiobook_chapters")
    title = models.CharField(max_length=200)
    content = models.TextField(help_text="Markdown, with code blocks.")
    explanation = models.TextField(blank=True, help_text="Markdown: the detailed explanation.")
    analogy = models.TextField(blank=True, help_text="Markdown: an everyday analogy.")
    audio = models.FileField(upload_to="audio/chapters/", blank=True)
    # Where each narrated paragraph starts in the recording (seconds, in reading order), filled
    # by "Record audio": the page highlights the paragraph being read, as with dialogue lines.
    segment_starts = models.JSONField(default=list, blank=True, editable=False)

    class Meta(Component.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class KeyConcept(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="key_concepts")
    term = models.CharField(max_length=120)
    meaning = models.CharField(max_length=300)
    in_review = models.BooleanField(
        "a review card", default=False, help_text="Students also review it as a flashcard."
    )

    def __str__(self) -> str:
        return self.term


class Example(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="examples")
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")

    def __str__(self) -> str:
        return self.title


class MemoryAid(Component):
    class Kind(models.TextChoices):
        RHYME = "rhyme", "Rhyme"
        STORY = "story", "Story"
        MEMORY_TOOL = "memory_tool", "Memory tool"
        ACRONYM = "acronym", "Acronym"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="memory_aids")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")

    def __str__(self) -> str:
        return self.title


class Flashcard(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="flashcards")
    front = models.CharField(max_length=300)
    back = models.TextField()

    def __str__(self) -> str:
        return self.front


class GlossaryTerm(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=120)
    definition = models.TextField()
    in_review = models.BooleanField(
        "a review card", default=False, help_text="Students also review it as a flashcard."
    )

    def __str__(self) -> str:
        return self.term


class ReferenceLink(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.title


class Video(Component):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="videos")
    title = models.CharField(max_length=200)
    youtube_id = models.CharField(max_length=20, blank=True)
    url = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.title

    @property
    def watch_url(self) -> str:
        return self.url or f"https://www.youtube.com/watch?v={self.youtube_id}"

    @property
    def embed_url(self) -> str:
        # youtube-nocookie: no tracking cookies until the student presses play.
        if not self.youtube_id:
            return ""
        return f"https://www.youtube-nocookie.com/embed/{self.youtube_id}"


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="unique_enrollment")]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="unique_completion")]

    def __str__(self) -> str:
        return f"{self.user} completed {self.lesson}"
