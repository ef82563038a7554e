from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from courses.selectors import can_open_locked
from exercises import selectors, services
from exercises.forms import SubmissionForm


def _page_context(request, exercise, *, form=None, submission=None, refusal=""):
    reopened = None
    if request.GET.get("from") and request.user.is_authenticated:
        reopened = selectors.own_submission(user=request.user, pk=_int(request.GET["from"]))
        if reopened.exercise_id != exercise.pk:
            reopened = None
    code = reopened.code if reopened else exercise.starter_code
    return {
        "exercise": exercise,
        "form": form or SubmissionForm(initial={"code": code}),
        "reopened": reopened,
        "can_submit": can_open_locked(user=request.user, course=exercise.lesson.course),
        "history": selectors.history(user=request.user, exercise=exercise),
        "submission": submission,
        "refusal": refusal,
    }


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def exercise(request, slug: str):
    exercise = selectors.exercise_for(user=request.user, slug=slug)
    return render(request, "exercises/exercise.html", _page_context(request, exercise))


@require_POST
@login_required
def submit(request, slug: str):
    exercise = selectors.exercise_for(user=request.user, slug=slug)
    form = SubmissionForm(request.POST)
    refusal, status = "", 400
    if form.is_valid():
        try:
            submission = services.submit(
                user=request.user,
                exercise=exercise,
                code=form.cleaned_data["code"],
                kind=form.cleaned_data["kind"],
            )
        except services.SubmissionRefused as error:
            refusal, status = str(error), error.status_code
        else:
            if request.htmx:
                # The new entry shows in the history at once, with its state (queued).
                context = _result_context(request, submission, with_history=True)
                return render(request, "exercises/exercise.html#result", context)
            return redirect(submission)
    else:
        refusal = _form_refusal(form)
    if request.htmx:
        # base.html has htmx swap refusals in too; the draft stays in the editor untouched.
        return render(
            request, "exercises/exercise.html#result", {"refusal": refusal}, status=status
        )
    context = _page_context(request, exercise, form=form, refusal=refusal)
    return render(request, "exercises/exercise.html", context, status=status)


def _form_refusal(form: SubmissionForm) -> str:
    if form.has_error("code", "required"):
        return "Write some code first."
    if form.has_error("code"):
        return form.errors["code"][0]
    return "Choose Run or Submit."


@login_required
def submission(request, pk: int):
    submission = selectors.own_submission(user=request.user, pk=pk)
    if request.htmx:
        # The exercise page's poll asks for the history; the submission page's does not.
        with_history = request.GET.get("history") == "1"
        context = _result_context(request, submission, with_history=with_history)
        return render(request, "exercises/exercise.html#result", context)
    context = {
        "submission": submission,
        "progress": services.progress_of(submission_id=submission.pk),
    }
    return render(request, "exercises/submission.html", context)


def _result_context(request, submission, *, with_history: bool) -> dict:
    """The verdict card while it polls. With the history, the list rides along (out of band)
    in two responses only: the one that brings the new submission and the one with its verdict."""
    just_sent = request.method == "POST"
    context = {
        "submission": submission,
        "progress": None if just_sent else services.progress_of(submission_id=submission.pk),
        "with_history": with_history,
    }
    if with_history and (just_sent or submission.is_finished):
        context["exercise"] = submission.exercise
        context["history"] = selectors.history(user=request.user, exercise=submission.exercise)
        context["history_oob"] = True
    return context
