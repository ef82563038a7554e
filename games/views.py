from __future__ import annotations

import dataclasses

import yaml
from django.http import Http404
from django.shortcuts import render

from games import board, selectors, services
from games.levels import declarations, load_program


def index(request):
    entries = selectors.scheduler_levels(user=request.user)
    solved = sum(1 for e in entries if e.progress)
    return render(request, "games/index.html", {"entries": entries, "solved": solved})


def level(request, slug: str):
    """The board. GET shows a fresh game; each POST carries the move history and one action,
    which the server replays through the engine (so the game works without JavaScript)."""
    entry = selectors.scheduler_level(user=request.user, slug=slug)
    if entry is None:
        raise Http404("No such level")
    if not entry.is_open:
        return render(request, "games/locked.html", {"entry": entry}, status=403)
    program = load_program(entry.level.program)
    history = request.POST.get("moves", "") if request.method == "POST" else ""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    state, won = board.play(program, history=history, action=action)
    if won and request.user.is_authenticated:
        progress = services.record_win(user=request.user, level=entry.level, moves=state.move_count)
        entry = dataclasses.replace(entry, progress=progress)
    context = {"entry": entry, "level": entry.level, "board": state}
    if state.outcome is not None and state.outcome.is_victory:
        # The fix, shown with the victory: its shared declarations (a fix may be RLock() for
        # Lock()) and threads. Parsed only then, not on every move.
        fixed = yaml.safe_load(entry.level.fixed_program)
        context |= {"fixed_shared": declarations(fixed), "fixed_threads": fixed["threads"]}
    template = "games/level.html#board" if request.htmx else "games/level.html"
    return render(request, template, context)
