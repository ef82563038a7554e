from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import AudioLesson, Chapter, Course, Lesson

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
