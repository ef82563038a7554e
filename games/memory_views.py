"""The memory game's two pages: the board, and the finished game's result (JSON for the
board's script, which shows the time and the personal best)."""

from __future__ import annotations

from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from courses.selectors import visible_lesson
from games import memory


class FinishForm(forms.Form):
    token = forms.CharField(max_length=500)
    mistakes = forms.IntegerField(min_value=0, max_value=1000)


def play(request, course_slug: str, lesson_slug: str):
    lesson = visible_lesson(user=request.user, course_slug=course_slug, lesson_slug=lesson_slug)
    board = memory.new_board(user=request.user, lesson=lesson)
    if board is None:
        raise Http404("This lesson's glossary is too short for the memory game.")
    context = {"board": board, "lesson": lesson, "penalty_seconds": memory.PENALTY_MS // 1000}
    return render(request, "games/memory.html", context)


@require_POST
def finish(request, course_slug: str, lesson_slug: str):
    lesson = visible_lesson(user=request.user, course_slug=course_slug, lesson_slug=lesson_slug)
    form = FinishForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "The game's result was incomplete."}, status=400)
    try:
        result = memory.finish_game(user=request.user, lesson=lesson, **form.cleaned_data)
    except memory.GameRejected as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {"time_ms": result.time_ms, "best_ms": result.best_ms, "new_best": result.new_best}
    )
