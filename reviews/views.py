"""The Review page: one card at a time, reveal, rate. Plain GET and POST forms (PRG); with htmx
the card area is swapped in place."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reviews import selectors, services
from reviews.forms import RatingForm
from reviews.models import ReviewCard

# Ratings within this long of each other are one sitting, summed up together at its end.
SITTING = timedelta(hours=6)
SESSION_KEY = "review_sitting_started"


def _sitting_start(session) -> datetime | None:
    started = session.get(SESSION_KEY)
    if started is None:
        return None
    started = datetime.fromisoformat(started)
    return started if timezone.now() - started < SITTING else None


def _epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _card_context(request, *, reveal: int | None = None, shown_at: int | None = None) -> dict:
    now = timezone.now()
    counts = selectors.due_counts(user=request.user, now=now)
    pick = selectors.next_card(user=request.user, counts=counts, now=now)
    revealed = pick is not None and reveal == pick.card.pk
    context = {"counts": counts, "pick": pick, "revealed": revealed}
    if pick is None:
        context["summary"] = selectors.session_summary(
            user=request.user, since=_sitting_start(request.session)
        )
    else:
        context["shown_at"] = shown_at if revealed and shown_at else _epoch_ms(now)
        if revealed:
            context["choices"] = selectors.choices_for(pick, now=now)
    return context


def _int_param(request, name: str) -> int | None:
    try:
        return int(request.GET[name])
    except (KeyError, ValueError):
        return None


@login_required
@require_GET
def review(request):
    # Authors edit flashcards in the admin: the deck catches up when the page opens after a
    # change. A reveal shows the card the visit before picked: nothing to catch up with.
    reveal = _int_param(request, "reveal")
    if reveal is None:
        services.sync_deck_if_stale(user=request.user)
    context = _card_context(request, reveal=reveal, shown_at=_int_param(request, "shown_at"))
    template = "reviews/review.html#card" if request.htmx else "reviews/review.html"
    return render(request, template, context)


@login_required
@require_POST
def rate(request):
    form = RatingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose Again, Hard, Good or Easy for a card.")
    shown_at = form.cleaned_data["shown_at"]
    duration = _epoch_ms(timezone.now()) - shown_at if shown_at else None
    if _sitting_start(request.session) is None:  # this rating starts a sitting
        request.session[SESSION_KEY] = timezone.now().isoformat()
    note = ""
    try:
        services.rate_card(
            user=request.user,
            card_id=form.cleaned_data["card"],
            rating=form.cleaned_data["rating"],
            duration_ms=duration if duration is not None and duration >= 0 else None,
        )
    except ReviewCard.DoesNotExist:
        raise Http404("No such card in your review deck") from None
    except services.NotDue:
        note = "That card was rated already; here is the next one."
    if request.htmx:
        return render(request, "reviews/review.html#card", _card_context(request) | {"note": note})
    if note:
        messages.info(request, note)
    return redirect("reviews:review")
