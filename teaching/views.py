from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from exercises import services as exercise_services
from reviews import selectors as review_selectors
from teaching import export, presenters, selectors, services
from teaching.forms import ClassroomForm, JoinForm, MatrixFilterForm

MATRIX_PAGE_SIZE = 100


@login_required
def classes(request):
    """Teachers: their classes and a form to create one. Students: the classes they joined."""
    user = request.user
    if user.is_teacher:
        context = {
            "classes": selectors.classes_for(user=user),
            "form": ClassroomForm(user=user),
        }
        return render(request, "teaching/classes.html", context)
    joined = user.classes_joined.select_related("course", "teacher")
    return render(request, "teaching/joined.html", {"joined": joined, "form": JoinForm()})


@require_POST
@login_required
def create(request):
    if not request.user.is_teacher:
        raise PermissionDenied("Only teachers can create classes.")
    form = ClassroomForm(request.POST, user=request.user)
    if form.is_valid():
        classroom = services.create_class(
            teacher=request.user, course=form.cleaned_data["course"], name=form.cleaned_data["name"]
        )
        messages.success(
            request, f"Class created. Students join with the code {classroom.join_code}."
        )
        return redirect(classroom)
    context = {"classes": selectors.classes_for(user=request.user), "form": form}
    return render(request, "teaching/classes.html", context, status=400)


@login_required
def join(request, code: str = ""):
    form = JoinForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.join_class(student=request.user, code=form.cleaned_data["code"])
        except services.UnknownCode as error:
            form.add_error("code", str(error))
        else:
            messages.success(
                request,
                f"You joined {classroom.name} and are enrolled in {classroom.course.title}.",
            )
            return redirect(classroom.course)
    return render(request, "teaching/join.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def matrix(request, pk: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    filters = MatrixFilterForm(request.GET or None)
    grid = selectors.class_matrix(classroom=classroom, **filters.matrix_options())
    # Sorting and filtering cover the whole class; a page shows a readable slice of it.
    page = Paginator(grid.rows, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "classroom": classroom,
        "matrix": grid,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
    }
    if request.htmx:  # a filter or a page of the grid: the rest of the page stays
        return render(request, "teaching/matrix.html#grid", context)
    context["reviews"] = review_selectors.class_review_stats(
        student_ids=classroom.memberships.values("student_id"), course_id=classroom.course_id
    )
    return render(request, "teaching/matrix.html", context)


@login_required
def analytics(request, pk: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    data = selectors.class_analytics(classroom=classroom)
    context = {"classroom": classroom, "analytics": data, "chart": presenters.verdict_chart(data)}
    return render(request, "teaching/analytics.html", context)


@login_required
def student(request, pk: int, student_id: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    pupil = selectors.student_in(classroom=classroom, student_id=student_id)
    timeline = selectors.student_timeline(classroom=classroom, student=pupil)
    return render(request, "teaching/student.html", {"classroom": classroom, "timeline": timeline})


@require_POST
@login_required
def remove_student(request, pk: int, student_id: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    pupil = selectors.student_in(classroom=classroom, student_id=student_id)
    services.remove_student(classroom=classroom, student=pupil)
    messages.success(request, f"{pupil.name} was removed from {classroom.name}.")
    return redirect(classroom)


@require_POST
@login_required
def regenerate_code(request, pk: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    services.regenerate_code(classroom=classroom)
    messages.success(request, f"New join code: {classroom.join_code}. The old one no longer works.")
    return redirect(classroom)


@login_required
def submission(request, pk: int, submission_id: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    item = selectors.class_submission(classroom=classroom, pk=submission_id)
    context = {
        "classroom": classroom,
        "submission": item,
        "progress": exercise_services.progress_of(submission_id=item.pk),
    }
    return render(request, "teaching/submission.html", context)


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.stream_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_matrix(request, pk: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    grid = selectors.class_matrix(classroom=classroom)
    return _csv_response(export.matrix_rows(grid), f"{slugify(classroom.name)}-progress.csv")


@login_required
def export_submissions(request, pk: int):
    classroom = selectors.classroom_for(user=request.user, pk=pk)
    return _csv_response(
        export.submission_rows(classroom), f"{slugify(classroom.name)}-submissions.csv"
    )
