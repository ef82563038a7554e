from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.bundle import import_bundle
from courses.models import AudioLesson, Chapter, Course, Lesson
from courses.services import enroll
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

MODELS = ["program", "course", "chapter", "lesson", "audiolesson", "enrollment"]


@pytest.mark.parametrize("model", MODELS)
def test_staff_can_list_search_and_open_every_content_model(client, staff, course, model):
    client.force_login(staff)
    changelist = client.get(reverse(f"admin:courses_{model}_changelist"), {"q": "1"})
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:courses_{model}_add")).status_code == 200


def test_the_lesson_admin_edits_every_component_inline(client, staff, lesson):
    client.force_login(staff)
    response = client.get(reverse("admin:courses_lesson_change", args=[lesson.pk]))
    html = response.content.decode()
    inlines = ["Audio lessons", "Overview", "Audio book chapters", "Key concepts", "Examples",
               "Memory aids", "Flashcards", "Glossary terms", "Reference links",
               "Videos"]  # fmt: skip
    for name in inlines:
        assert name in html, name
    assert "View on site" in html


def test_the_audio_lesson_admin_edits_the_transcript_inline(client, staff, lesson):
    client.force_login(staff)
    audio = AudioLesson.objects.filter(lesson=lesson).first()
    html = client.get(reverse("admin:courses_audiolesson_change", args=[audio.pk])).content
    assert b"SECRET-TRANSCRIPT-c1l1-0" in html


def test_publish_and_unpublish_actions(client, staff, course):
    client.force_login(staff)
    url = reverse("admin:courses_course_changelist")
    client.post(url, {"action": "unpublish", "_selected_action": [course.pk]})
    assert not Course.objects.get(pk=course.pk).is_published
    client.post(url, {"action": "publish", "_selected_action": [course.pk]})
    assert Course.objects.get(pk=course.pk).is_published


def test_a_lesson_added_in_the_chapter_admin_belongs_to_the_chapters_course(client, staff, course):
    client.force_login(staff)
    chapter = Chapter.objects.get(course=course, number=1)
    existing = list(chapter.lessons.order_by("number"))
    data = {
        "course": course.pk,
        "number": 1,
        "title": "Chapter 1",
        "lessons-TOTAL_FORMS": len(existing) + 1,
        "lessons-INITIAL_FORMS": len(existing),
        "lessons-MIN_NUM_FORMS": 0,
        "lessons-MAX_NUM_FORMS": 1000,
    }
    for i, lesson in enumerate(existing):
        data |= {f"lessons-{i}-id": lesson.pk, f"lessons-{i}-chapter": chapter.pk,
                 f"lessons-{i}-number": lesson.number, f"lessons-{i}-title": lesson.title,
                 f"lessons-{i}-slug": lesson.slug}  # fmt: skip
    new = len(existing)
    data |= {f"lessons-{new}-chapter": chapter.pk, f"lessons-{new}-number": 9,
             f"lessons-{new}-title": "Brand new", f"lessons-{new}-slug": "brand-new"}  # fmt: skip
    response = client.post(reverse("admin:courses_chapter_change", args=[chapter.pk]), data)
    assert response.status_code == 302, response.content
    assert Lesson.objects.get(slug="brand-new").course == course


def test_students_cannot_reach_the_content_admin(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:courses_course_changelist"))
    assert response.status_code == 302


def test_chapter_choices_name_their_course(client, staff, course):
    import_bundle(make_bundle(slug="algebra", title="Algebra"))
    client.force_login(staff)
    html = client.get(reverse("admin:courses_lesson_add")).content.decode()
    assert ">Concurrency 101 — 2. Chapter 2</option>" in html
    assert ">Algebra — 1. Chapter 1</option>" in html


def test_the_lesson_list_filters_by_course(client, staff, course):
    other = import_bundle(make_bundle(slug="algebra", title="Algebra", chapters=1))
    client.force_login(staff)
    url = reverse("admin:courses_lesson_changelist")
    html = client.get(url, {"course__id__exact": other.pk}).content.decode()
    assert "2 lessons" in html and "Algebra" in html
    assert "Concurrency 101</td>" not in html


def _add_lesson(client, chapter, **fields):
    data = {"chapter": chapter.pk, "number": "", "title": "Brand new", "slug": "brand-new"}
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:courses_lesson_add"), data | fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Lesson.objects.get(slug="brand-new")


INLINE_PREFIXES = ["audio_lessons", "overview", "audiobook_chapters", "key_concepts", "examples",
                   "memory_aids", "flashcards", "glossary", "links", "videos"]  # fmt: skip


def test_a_lesson_written_in_the_admin_is_a_draft_until_published(client, staff, student, course):
    client.force_login(staff)
    chapter = Chapter.objects.get(course=course, number=1)
    lesson = _add_lesson(client, chapter)
    assert not lesson.is_published and lesson.number == 3  # empty number: after the last

    # Staff preview it, with a banner; the course page lists it for them, marked.
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Draft — only staff can see this." in html
    course_html = client.get(course.get_absolute_url()).content.decode()
    assert "Brand new" in course_html
    assert '<span class="badge badge-draft">Draft</span>' in course_html

    # Students and visitors: not listed, 404, and it does not count in their progress.
    enroll(user=student, course=course)
    for who in (student, None):
        client.logout()
        if who:
            client.force_login(who)
        assert client.get(lesson.get_absolute_url()).status_code == 404
        assert "Brand new" not in client.get(course.get_absolute_url()).content.decode()
    assert "4 lessons" in client.get(course.get_absolute_url()).content.decode()

    client.force_login(staff)
    client.post(
        reverse("admin:courses_lesson_changelist"),
        {"action": "publish", "_selected_action": [lesson.pk]},
    )
    client.force_login(student)
    assert client.get(lesson.get_absolute_url()).status_code == 200
    assert "Draft — only staff" not in client.get(lesson.get_absolute_url()).content.decode()


def _inline_data(prefix, rows, fields):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}  # fmt: skip
    for i, row in enumerate(rows):
        if row.get("id"):
            data[f"{prefix}-INITIAL_FORMS"] += 1
        for name in fields:
            if name in row:
                data[f"{prefix}-{i}-{name}"] = row[name]
    return data


def test_chapters_reorder_by_their_numbers_without_tripping_the_unique_constraint(
    client, staff, course
):
    client.force_login(staff)
    one, two = Chapter.objects.filter(course=course).order_by("number")
    data = {"program": course.program_id, "title": course.title, "slug": course.slug,
            "summary": course.summary, "description": course.description,
            "level": course.level, "is_published": "on"}  # fmt: skip
    # What the sortable widget posts after dragging chapter 2 above chapter 1.
    rows = [
        {"id": one.pk, "course": course.pk, "number": 2, "title": one.title},
        {"id": two.pk, "course": course.pk, "number": 1, "title": two.title},
        {"course": course.pk, "number": "", "title": "Appendix"},
    ]
    data |= _inline_data("chapters", rows, ["id", "course", "number", "title"])
    response = client.post(reverse("admin:courses_course_change", args=[course.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    titles = list(Chapter.objects.filter(course=course).values_list("number", "title"))
    assert titles == [(1, "Chapter 2"), (2, "Chapter 1"), (3, "Appendix")]
    # The lesson page follows the new order.
    assert course.lessons.order_by("chapter__number", "number").first().slug == "lesson-2-1"


def test_lessons_reorder_by_drag_and_drop_on_the_chapter_page(client, staff, course):
    client.force_login(staff)
    chapter = Chapter.objects.get(course=course, number=1)
    first, second = chapter.lessons.order_by("number")
    data = {"course": course.pk, "number": 1, "title": "Chapter 1"}
    rows = [
        {"id": first.pk, "chapter": chapter.pk, "number": 2, "title": first.title,
         "slug": first.slug, "is_published": "on"},
        {"id": second.pk, "chapter": chapter.pk, "number": 1, "title": second.title,
         "slug": second.slug, "is_published": "on"},
    ]  # fmt: skip
    data |= _inline_data("lessons", rows, ["id", "chapter", "number", "title", "slug",
                                           "is_published"])  # fmt: skip
    response = client.post(reverse("admin:courses_chapter_change", args=[chapter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(chapter.lessons.order_by("number").values_list("slug", flat=True)) == [
        "lesson-1-2",
        "lesson-1-1",
    ]

    # Two rows posted with one number are refused, not half-saved.
    rows[0]["number"] = rows[1]["number"] = 1
    data |= _inline_data("lessons", rows, ["number"])
    response = client.post(reverse("admin:courses_chapter_change", args=[chapter.pk]), data)
    assert response.status_code == 200
    assert "Two rows have the same number" in response.content.decode()


def test_the_audio_lesson_page_edits_its_transcript_too(client, staff, lesson):
    client.force_login(staff)
    audio = AudioLesson.objects.filter(lesson=lesson).first()
    url = reverse("admin:courses_audiolesson_change", args=[audio.pk])
    html = client.get(url).content.decode()
    assert '<option value="teacher" selected>Ms. Rivera (teacher)</option>' in html
    assert 'class="djn-drag-handler"' in html  # lines reorder by drag and drop
    assert 'name="transcript-0-start_seconds"' not in html

    first, second = audio.transcript.order_by("order")
    data = {"lesson": lesson.pk, "title": audio.title, "teacher": "Dr. Chen", "student": "Sam"}
    rows = [
        {"id": first.pk, "audio_lesson": audio.pk, "order": 1, "role": "teacher",
         "text": "Rewritten"},
        {"id": second.pk, "audio_lesson": audio.pk, "order": 0, "role": "student",
         "text": second.text},
    ]  # fmt: skip
    data |= _inline_data("transcript", rows, TRANSCRIPT_FIELDS)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    lines = list(audio.transcript.order_by("order").values_list("speaker", "text"))
    assert lines == [("Sam", "Why join?"), ("Dr. Chen", "Rewritten")]


TRANSCRIPT_FIELDS = ["id", "audio_lesson", "order", "role", "text", "start_seconds"]


def _lesson_page_data(lesson, dialogue, lines):
    """What the lesson's admin page posts with the first dialogue's transcript edited (the
    other inlines unchanged: none of their rows posted, none touched)."""
    data = {"chapter": lesson.chapter_id, "number": lesson.number, "title": lesson.title,
            "slug": lesson.slug, "is_published": "on"}  # fmt: skip
    for prefix in INLINE_PREFIXES[1:]:
        data |= _inline_data(prefix, [], [])
    data |= _inline_data("audio_lessons", [dialogue], ["id", "lesson", "title", "teacher",
                                                        "student"])  # fmt: skip
    # nested_admin names a dialogue's lines after the dialogue's own form.
    return data | _inline_data("audio_lessons-0-transcript", lines, TRANSCRIPT_FIELDS)


def test_the_lesson_page_edits_each_dialogues_transcript_inline(client, staff, lesson):
    client.force_login(staff)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    html = client.get(url).content.decode()
    audio, other = lesson.audio_lessons.order_by("order", "id")
    # Each dialogue's lines nest in its own form, sortable, speakers from its cast.
    assert 'name="audio_lessons-0-transcript-0-text"' in html
    assert 'name="audio_lessons-1-transcript-1-text"' in html
    # A drag handle on each of the four lines, and on the new-line template of each dialogue
    # (the two here and a new one).
    assert html.count('class="djn-drag-handler"') == 4 + 3
    assert '<option value="teacher" selected>Ms. Rivera (teacher)</option>' in html
    assert '<option value="student">Sam (student)</option>' in html
    assert "start_seconds" not in html  # the recording fills it in
    assert "SECRET-TRANSCRIPT-c1l1-0</textarea>" in html and "Not recorded" in html

    first, second = audio.transcript.order_by("order")
    dialogue = {"id": audio.pk, "lesson": lesson.pk, "title": audio.title, "teacher": "Dr. Chen",
                "student": "Sam"}  # fmt: skip
    lines = [
        # Dragged: the student's line above the teacher's, which is rewritten; a line added.
        {"id": first.pk, "audio_lesson": audio.pk, "order": 1, "role": "teacher",
         "text": "Rewritten", "start_seconds": 99},
        {"id": second.pk, "audio_lesson": audio.pk, "order": 0, "role": "student",
         "text": second.text},
        {"audio_lesson": audio.pk, "order": 2, "role": "student", "text": "A new question"},
    ]  # fmt: skip
    response = client.post(url, _lesson_page_data(lesson, dialogue, lines))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = audio.transcript.order_by("order").values_list("order", "speaker", "text",
                                                          "start_seconds")  # fmt: skip
    assert list(saved) == [
        (0, "Sam", "Why join?", None),
        (1, "Dr. Chen", "Rewritten", None),  # renamed with the cast; no typed start time
        (2, "Sam", "A new question", None),
    ]
    # The other dialogue and the lesson's other components are untouched.
    assert other.transcript.count() == 2 and lesson.key_concepts.exists()


def test_a_nested_transcript_line_refuses_control_characters(client, staff, lesson):
    client.force_login(staff)
    audio = lesson.audio_lessons.order_by("order", "id").first()
    first, second = audio.transcript.order_by("order")
    dialogue = {"id": audio.pk, "lesson": lesson.pk, "title": audio.title,
                "teacher": audio.teacher, "student": audio.student}  # fmt: skip
    lines = [{"id": first.pk, "audio_lesson": audio.pk, "order": 0, "role": "teacher",
              "text": "Null\x00byte"}]  # fmt: skip
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    response = client.post(url, _lesson_page_data(lesson, dialogue, lines))
    assert response.status_code == 200
    assert "Remove the control character U+0000" in response.content.decode()
    assert audio.transcript.get(pk=first.pk).text == first.text


def test_an_edited_transcript_of_a_recorded_dialogue_asks_to_record_again(client, staff, lesson):
    client.force_login(staff)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    audio = lesson.audio_lessons.order_by("order", "id").first()
    AudioLesson.objects.filter(pk=audio.pk).update(audio="audio/lessons/recorded.wav")
    first, second = audio.transcript.order_by("order")
    dialogue = {"id": audio.pk, "lesson": lesson.pk, "title": audio.title,
                "teacher": audio.teacher, "student": audio.student}  # fmt: skip
    lines = [
        {"id": first.pk, "audio_lesson": audio.pk, "order": 5, "role": "teacher",
         "text": first.text},
        {"id": second.pk, "audio_lesson": audio.pk, "order": 6, "role": "student",
         "text": second.text},
    ]  # fmt: skip
    warning = "The transcript changed: record the audio again"

    # Saved as it was (nested_admin renumbers the rows 0, 1): nothing to record again.
    response = client.post(url, _lesson_page_data(lesson, dialogue, lines), follow=True)
    assert "was changed successfully" in response.content.decode()
    assert warning not in response.content.decode()

    lines[1]["text"] = "Why join, again?"
    response = client.post(url, _lesson_page_data(lesson, dialogue, lines), follow=True)
    assert warning in response.content.decode()


def test_record_audio_queues_the_selected_lessons_dialogues(client, staff, lesson):
    client.force_login(staff)
    response = client.post(
        reverse("admin:courses_lesson_changelist"),
        {"action": "record_audio", "_selected_action": [lesson.pk]},
        follow=True,
    )
    assert "Recording 2 dialogue(s) on a worker." in response.content.decode()
    statuses = set(AudioLesson.objects.filter(lesson=lesson).values_list("recording_status"))
    assert statuses == {("queued",)}
    # A second press while they wait does not queue them twice.
    response = client.post(
        reverse("admin:courses_lesson_changelist"),
        {"action": "record_audio", "_selected_action": [lesson.pk]},
        follow=True,
    )
    assert "Nothing to record" in response.content.decode()


def test_a_recording_whose_worker_went_away_says_it_stalled(client, staff, lesson):
    audio = AudioLesson.objects.filter(lesson=lesson).first()
    long_ago = timezone.now() - timedelta(minutes=10)
    AudioLesson.objects.filter(pk=audio.pk).update(
        recording_status="recording", recording_progress=40, recording_started_at=long_ago
    )
    client.force_login(staff)
    html = client.get(reverse("admin:courses_audiolesson_changelist")).content.decode()
    assert "Stalled: no progress for minutes. Record audio again." in html
    client.post(
        reverse("admin:courses_audiolesson_changelist"),
        {"action": "record_audio", "_selected_action": [audio.pk]},
    )
    audio.refresh_from_db()
    assert (audio.recording_status, audio.recording_progress) == ("queued", 0)
