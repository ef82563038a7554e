from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from config import compression
from config.http import safe_next_url
from courses import content_cache, extensions, selectors, services
from courses.forms import CatalogFilterForm
from courses.media import fallback_name, protected_file_response
from courses.models import AudioBookChapter, AudioLesson, Course, Lesson, Overview


def _visible_course(user, slug: str) -> Course:
    return get_object_or_404(Course.objects.visible_to(user), slug=slug)


def catalog(request):
    if request.GET:
        form = CatalogFilterForm(request.GET)
        valid = form.is_valid()
        filters = selectors.CatalogFilters(**form.cleaned_data) if valid else None
    else:
        # The plain catalog: nothing to validate, and its form is only rendered on a miss
        # (building a form deep-copies its fields: a tenth of a kept catalog's time).
        form, valid, filters = SimpleLazyObject(CatalogFilterForm), True, None
    filters = filters or selectors.CatalogFilters()
    version = content_cache.current()
    context = {
        "form": form,
        # Read (by the template) only where its cached fragment misses.
        "sections": SimpleLazyObject(
            lambda: selectors.catalog(user=request.user, filters=filters, version=version)
        ),
        # Kept rendered per filter choice (not per text search: too many to keep) until an
        # author saves: the filter form for everyone, the courses too for visitors (whose
        # catalog is everyone's). Without a version (Redis unreachable), nothing is kept.
        "filters_key": (
            f"{filters.kind}:{filters.field}:{filters.level}"
            # The raw search, not the cleaned one: "?q=%20" cleans to no search but the form
            # shows the space, which must not become every visitor's form.
            if version and valid and not request.GET.get("q")
            else None
        ),
        "courses_are_shared": not request.user.is_authenticated,
        "content_version": version,
        "content_seconds": content_cache.FRAGMENT_SECONDS,
    }
    template = "courses/catalog.html#results" if request.htmx else "courses/catalog.html"
    return render(request, template, context)


def course_detail(request, slug: str):
    course = selectors.course_for_user(user=request.user, slug=slug)
    context = {
        "course": course,
        "enrollment": selectors.enrollment_of(user=request.user, course=course),
        "completed_ids": selectors.completed_lesson_ids(user=request.user, course=course),
        "best_scores": extensions.scores_by_lesson(user=request.user, course=course),
        "panels": extensions.panels("course", user=request.user, course=course),
    }
    return render(request, "courses/course.html", context)


@require_POST
def enroll(request, slug: str):
    course = _visible_course(request.user, slug)
    if not request.user.is_authenticated:
        services.remember_enrollment_intent(session=request.session, course=course)
        messages.info(request, f"Create a free account (or log in) to enroll in {course.title}.")
        back_to = safe_next_url(request) or course.get_absolute_url()
        signup_url = f"{reverse('accounts:signup')}?{urlencode({'next': back_to})}"
        if request.htmx:
            response = render(request, "courses/course.html#enrollment", {"course": course})
            response["HX-Redirect"] = signup_url
            return response
        return redirect(signup_url)
    enrollment = services.enroll(user=request.user, course=course)
    messages.success(request, f"You are enrolled in {course.title}.")
    if request.htmx:
        # The whole page changes (lock cards open), so reload it rather than patch pieces.
        response = render(request, "courses/course.html#enrollment", {"course": course})
        response["HX-Refresh"] = "true"
        return response
    return redirect(safe_next_url(request) or enrollment.course)


@login_required
def unenroll(request, slug: str):
    course = _visible_course(request.user, slug)
    if request.method == "POST":
        services.unenroll(user=request.user, course=course)
        messages.success(request, f"You left {course.title}. Your completed lessons are kept.")
        if request.htmx:
            response = render(request, "courses/course.html#enrollment", {"course": course})
            response["HX-Refresh"] = "true"  # lock cards come back everywhere on the page
            return response
        return redirect(course)
    template = "courses/unenroll_confirm.html" + ("#confirm" if request.htmx else "")
    return render(request, template, {"course": course})


def lesson(request, course_slug: str, lesson_slug: str):
    if request.htmx and request.GET.get("depth"):
        return _overview_fragment(request, course_slug, lesson_slug)
    version = content_cache.current()
    page = selectors.lesson_page(
        user=request.user, course_slug=course_slug, lesson_slug=lesson_slug, version=version
    )
    if page.enrollment:
        services.record_visit(user=request.user, lesson=page.lesson, enrollment=page.enrollment)
    depth = request.GET.get("depth", "standard")
    if depth not in Overview.DEPTHS:
        depth = "standard"
    tests = page.practice_tests
    scores = (
        extensions.scores_by_test(user=request.user, test_ids=[t.pk for t in tests])
        if page.unlocked and tests
        else {}
    )
    for test in tests:
        test.scores = scores.get(test.pk)
    context = {
        "page": page,
        "depth": depth,
        "practice_tests": tests,
        "panels": extensions.panels(
            "lesson", user=request.user, lesson=page.lesson, content_version=version
        ),
        # Part of the kept content (under the glossary): called by the template on a miss.
        "glossary_panels": lambda: extensions.panels(
            "glossary", user=request.user, lesson=page.content
        ),
        # The exercises' fragment: kept until an author saves. Without a version (Redis
        # unreachable), nothing is kept.
        "content_version": version,
        "content_seconds": content_cache.FRAGMENT_SECONDS if version else 0,
        "content_placeholder": compression.PLACEHOLDER,
    }
    # The lesson's content: the same for every reader of a variant (locked or unlocked) until
    # an author saves, so kept rendered and compressed (config/compression.py).
    content = content_cache.remember(
        f"lesson-content:{page.lesson.pk}:{page.variant}:{depth}",
        lambda: compression.Precompressed.of(
            render_to_string("courses/lesson.html#content", context, request)
        ),
        version=version,
    )
    page_html = render_to_string("courses/lesson.html", context, request)
    return compression.response_around(page_html, content)


def _overview_fragment(request, course_slug: str, lesson_slug: str):
    lesson = selectors.visible_lesson(
        user=request.user, course_slug=course_slug, lesson_slug=lesson_slug
    )
    depth = request.GET["depth"]
    if depth not in Overview.DEPTHS:
        raise Http404("No such depth")
    overview = get_object_or_404(Overview, lesson=lesson)
    lesson.overview = overview
    return render(
        request, "courses/lesson.html#overview", {"page": {"lesson": lesson}, "depth": depth}
    )


@require_POST
@login_required
def complete(request, course_slug: str, lesson_slug: str):
    lesson = selectors.visible_lesson(
        user=request.user, course_slug=course_slug, lesson_slug=lesson_slug
    )
    if request.POST.get("action") == "undo":
        services.mark_incomplete(user=request.user, lesson=lesson)
        completed = False
    else:
        try:
            services.mark_complete(user=request.user, lesson=lesson)
        except services.NotEnrolled:
            raise PermissionDenied("Enroll in the course to track your progress.") from None
        completed = True
    if request.htmx:
        context = {"page": {"lesson": lesson, "completed": completed, "unlocked": True}}
        return render(request, "courses/lesson.html#completion", context)
    messages.success(request, "Lesson marked complete." if completed else "Lesson reopened.")
    return redirect(lesson)


@login_required
def my_learning(request):
    groups = selectors.my_learning(user=request.user)
    context = {"groups": groups, "Group": selectors.LearningGroup}
    return render(request, "courses/my_learning.html", context)


_MEDIA_KINDS = {"lesson-audio": AudioLesson, "chapter-audio": AudioBookChapter}


def protected_media(request, kind: str, pk: int, fallback: bool = False):
    """Locked media: only enrolled students and staff get the bytes; everyone else gets 403.
    `fallback` asks for the MP3 twin of an Opus recording, for browsers without Opus."""
    if kind not in _MEDIA_KINDS:
        raise Http404("No such media")
    item = get_object_or_404(
        _MEDIA_KINDS[kind].objects.select_related("lesson__course"),
        pk=pk,
        lesson__in=Lesson.objects.visible_to(request.user),
    )
    if not selectors.can_open_locked(user=request.user, course=item.lesson.course):
        raise PermissionDenied("Enroll in the course to listen.")
    if not item.audio:
        raise Http404("No file")
    if not fallback:
        return protected_file_response(request, item.audio)
    twin = FieldFile(item, item.audio.field, fallback_name(item.audio.name))
    if twin.name == item.audio.name or not twin.storage.exists(twin.name):
        raise Http404("No fallback file")
    return protected_file_response(request, twin)
