"""Leeches link back to the lesson; teachers see their class's review figures; the home page
shows what is due."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from fsrs import State

from courses.services import enroll
from reviews import selectors, services
from reviews.models import CardState
from teaching.models import Membership
from teaching.services import create_class

pytestmark = pytest.mark.django_db

REVIEW = reverse("reviews:review")


def forget(user, card, times: int) -> CardState:
    """Learn the card, then forget it `times` times, each time after it came due."""
    when = timezone.now() - timedelta(days=400)
    services.rate_card(user=user, card_id=card.pk, rating=4, now=when)  # Easy: Review state
    for _ in range(times):
        state = CardState.objects.get(user=user, card=card)
        assert state.state == State.Review
        when = state.due
        services.rate_card(user=user, card_id=card.pk, rating=1, now=when)  # forgotten
        # Relearnt: Good until the card is back in Review state.
        while (state := CardState.objects.get(user=user, card=card)).state != State.Review:
            when = state.due
            services.rate_card(user=user, card_id=card.pk, rating=3, now=when)
    CardState.objects.filter(pk=state.pk).update(due=timezone.now() - timedelta(minutes=1))
    return CardState.objects.get(pk=state.pk)


def test_after_eight_lapses_a_card_links_back_to_the_lessons_detailed_overview(
    client, enrolled_student
):
    card = selectors.deck_of(user=enrolled_student).first()
    state = forget(enrolled_student, card, 8)
    assert state.lapses == 8
    client.force_login(enrolled_student)
    html = client.get(REVIEW).content.decode()
    overview = f"{card.lesson.get_absolute_url()}?depth=detailed#overview"
    assert f'href="{overview}"' in html and "forgotten this card 8 times" in html
    assert "Leech" in html
    # The link leads to the detailed overview.
    lesson = client.get(overview).content.decode()
    assert 'data-depth="detailed"' in lesson

    # The sitting's summary lists it too.
    client.post(reverse("reviews:rate"), {"card": card.pk, "rating": 3})
    for other in selectors.deck_of(user=enrolled_student).exclude(pk=card.pk):
        client.post(reverse("reviews:rate"), {"card": other.pk, "rating": 4})
    summary = client.get(REVIEW).content.decode()
    assert "Session complete" in summary and "Cards that keep slipping" in summary
    assert f'href="{overview}"' in summary


def test_seven_lapses_are_not_a_leech(client, enrolled_student):
    card = selectors.deck_of(user=enrolled_student).first()
    forget(enrolled_student, card, 7)
    client.force_login(enrolled_student)
    html = client.get(REVIEW).content.decode()
    assert "depth=detailed" not in html and "Leech" not in html


def test_a_teacher_sees_the_classs_reviews_this_week_cards_due_and_leeches(
    client, teacher, course, enrolled_student, other_student
):
    classroom = create_class(teacher=teacher, name="Period 3", course=course)
    for pupil in (enrolled_student, other_student):
        Membership.objects.create(classroom=classroom, student=pupil)
    enroll(user=other_student, course=course)
    cards = list(selectors.deck_of(user=enrolled_student))
    forget(enrolled_student, cards[0], 8)  # a leech, due now; its reviews were long ago
    services.rate_card(user=enrolled_student, card_id=cards[1].pk, rating=3)  # this week
    services.rate_card(user=other_student, card_id=cards[1].pk, rating=4)  # this week
    services.rate_card(user=other_student, card_id=cards[2].pk, rating=1)  # due in 1 min
    client.force_login(teacher)
    html = client.get(reverse("teaching:class", args=[classroom.pk])).content.decode()
    figures = dict(re.findall(r"<dt>([\w ]+?)(?: <span[^<]*</span>)?</dt><dd>(\d+)</dd>", html))
    assert figures == {"Reviews this week": "3", "Cards due now": "1", "Leeches": "1"}


def test_the_signed_in_home_shows_due_reviews(client, enrolled_student, course):
    client.force_login(enrolled_student)
    html = client.get(reverse("home")).content.decode()
    assert "Due for review" in html
    assert course.title in html and f'href="{REVIEW}"' in html
    for card in selectors.deck_of(user=enrolled_student):
        services.rate_card(user=enrolled_student, card_id=card.pk, rating=4)
    assert "Due for review" not in client.get(reverse("home")).content.decode()


def test_staff_can_look_at_cards_states_and_logs_in_the_admin(client, staff, enrolled_student):
    card = selectors.deck_of(user=enrolled_student).first()
    services.rate_card(user=enrolled_student, card_id=card.pk, rating=3)
    client.force_login(staff)
    for model in ("reviewcard", "cardstate", "reviewlog"):
        html = client.get(reverse(f"admin:reviews_{model}_changelist")).content.decode()
        assert card.front in html
    assert client.get(reverse("admin:reviews_reviewcard_add")).status_code == 403
