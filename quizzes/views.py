from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from courses.selectors import can_open_locked
from exercises import services as exercise_services
from quizzes import selectors, services
from quizzes.forms import AnswerForm
from quizzes.models import Question


def test_detail(request, slug: str):
    test = selectors.test_for(user=request.user, slug=slug)
    attempts = selectors.past_attempts(user=request.user, test=test)
    context = {
        "test": test,
        "attempts": attempts,
        "unlocked": can_open_locked(user=request.user, course=test.lesson.course),
        "open_attempt": next((a for a in attempts if a.is_open), None),
        "question_count": test.questions.count(),
    }
    return render(request, "quizzes/test.html", context)


@require_POST
@login_required
def start(request, slug: str):
    test = selectors.test_for(user=request.user, slug=slug)
    try:
        attempt = services.start_attempt(user=request.user, test=test)
    except services.AttemptRefused as error:
        messages.error(request, str(error))
        return redirect(test)
    return redirect(attempt)


@login_required
def attempt(request, pk: int):
    """Read-only: an attempt whose time ran out shows as ended; the periodic task or the
    student's next POST (the button on that page) submits it."""
    attempt = selectors.own_attempt(user=request.user, pk=pk)
    return _attempt_page(request, attempt)


def _attempt_page(request, attempt, *, status: int = 200):
    """The attempt as it stands: the questions while it is open, the results after."""
    questions = selectors.attempt_questions(attempt)
    context = {
        "attempt": attempt,
        "test": attempt.test,
        "questions": questions,
        "answered": sum(1 for q in questions if selectors.is_answered(q.answer)),
        "total": len(questions),
    }
    if attempt.is_open:
        return render(request, "quizzes/take.html", context, status=status)
    # The grading poll swaps only the score card; the time-up poll swaps the whole review,
    # since the questions' marks arrive with the score.
    partial = request.htmx and request.htmx.target == "results"
    template = "quizzes/results.html#results" if partial else "quizzes/results.html"
    return render(request, template, context, status=status)


@require_POST
@login_required
def answer(request, pk: int, question_id: int):
    attempt = selectors.own_attempt(user=request.user, pk=pk)
    question = get_object_or_404(Question, pk=question_id, test_id=attempt.test_id)
    form = AnswerForm(request.POST, question=question)
    error, status = "", 200
    if not form.is_valid():
        error, status = form.first_error(), 400
    else:
        try:
            services.save_answer(
                attempt=attempt,
                question=question,
                choice_ids=form.cleaned_data["choice"],
                text=form.cleaned_data["text"],
            )
        except services.AttemptRefused as refusal:
            error, status = str(refusal), refusal.status_code
    if request.htmx:
        answered = selectors.answered_count(attempt=attempt)
        context = {"error": error, "answered": answered, "total": attempt.test.questions.count()}
        return render(request, "quizzes/take.html#saved", context, status=status)
    if not error:
        messages.success(request, "Answer saved.")
        return redirect(f"{attempt.get_absolute_url()}#question-{question.pk}")
    messages.error(request, error)
    attempt.refresh_from_db()  # the refusal may have been the clock submitting it
    return _attempt_page(request, attempt, status=status)


@require_POST
@login_required
def submit(request, pk: int):
    attempt = selectors.own_attempt(user=request.user, pk=pk)
    try:
        services.submit_attempt(attempt=attempt)
    except exercise_services.SubmissionRefused as refusal:  # the grader's limits, for now
        messages.error(request, f"The attempt is not submitted yet. {refusal}")
        return _attempt_page(request, attempt, status=refusal.status_code)
    return redirect(attempt)


@login_required
def code_verdict(request, pk: int, question_id: int):
    """The live verdict of one code answer (polled by the results page)."""
    attempt = selectors.own_attempt(user=request.user, pk=pk)
    answer = attempt.answers.select_related("submission").filter(question_id=question_id).first()
    if answer is None or answer.submission is None:
        raise Http404("No code submitted for this question")
    context = {
        "submission": answer.submission,
        "progress": exercise_services.progress_of(submission_id=answer.submission_id),
        "attempt_pk": attempt.pk,
        "question_pk": question_id,
    }
    return render(request, "quizzes/results.html#code-verdict", context)
