"""The Review page by client: the no-JavaScript flow (reveal, rate, summary), htmx swaps,
refusals, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.bundle import import_bundle
from courses.models import Flashcard
from courses.services import enroll
from reviews import selectors, services
from reviews.models import CardState, ReviewCard, ReviewLog
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

REVIEW = reverse("reviews:review")
RATE = reverse("reviews:rate")


def shown_card(html: str) -> ReviewCard:
    return ReviewCard.objects.get(pk=re.search(r'name="(?:reveal|card)" value="(\d+)"', html)[1])


def test_it_requires_login(client):
    response = client.get(REVIEW)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_student_reveals_rates_every_card_and_gets_a_summary_without_javascript(
    client, enrolled_student
):
    client.force_login(enrolled_student)
    ratings = [1, 3, 4, 3]  # Again, Good, Easy, Good
    for rating in ratings:
        front_page = client.get(REVIEW).content.decode()
        card = shown_card(front_page)
        assert card.front in front_page and card.back not in front_page
        assert "Reveal answer" in front_page

        revealed = client.get(REVIEW, {"reveal": card.pk, "shown_at": 1}).content.decode()
        assert card.back in revealed
        assert re.search(r'Good</span>\s*<span class="review-rating-interval">.*?· </span>\d+ min',
                         revealed)  # fmt: skip
        response = client.post(RATE, {"card": card.pk, "rating": rating})
        assert response.status_code == 302 and response["Location"] == REVIEW  # PRG

    # The card rated Again comes back in a minute; nothing is due now.
    summary = client.get(REVIEW).content.decode()
    assert "Session complete" in summary
    assert "You reviewed <strong>4 cards</strong>" in summary
    tally = dict(re.findall(r'review-tally-label">(\w+)</span> <strong>(\d+)', summary))
    assert tally == {"Again": "1", "Hard": "0", "Good": "2", "Easy": "1"}
    assert "Next card due" in summary
    assert ReviewLog.objects.filter(user=enrolled_student).count() == 4


def test_the_card_front_and_back_render_their_markdown(client, enrolled_student, course):
    # Edited in the admin: the page's deck catches up.
    Flashcard.objects.filter(lesson__course=course).update(
        front="What does `lock.acquire()` do?", back="It **blocks** until free."
    )
    client.force_login(enrolled_student)
    card = shown_card(client.get(REVIEW).content.decode())
    html = client.get(REVIEW, {"reveal": card.pk}).content.decode()
    assert "<code>lock.acquire()</code>" in html and "<strong>blocks</strong>" in html
    assert "`lock" not in html and "**" not in html


def test_rating_needs_the_csrf_token(enrolled_student, course):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(enrolled_student)
    card = selectors.deck_of(user=enrolled_student).first()
    response = csrf_client.post(RATE, {"card": card.pk, "rating": 3})
    assert response.status_code == 403
    assert not CardState.objects.exists()


def test_another_students_card_is_a_404(client, enrolled_student, other_student):
    bundle = make_bundle(slug="theirs", title="Theirs", chapters=1, lessons_per_chapter=1)
    bundle["chapters"][0]["lessons"][0]["flashcards"] = [{"front": "THEIRS", "back": "SECRET"}]
    theirs = import_bundle(bundle)
    enroll(user=other_student, course=theirs)
    card = ReviewCard.objects.get(lesson__course=theirs)
    client.force_login(enrolled_student)
    assert client.post(RATE, {"card": card.pk, "rating": 3}).status_code == 404
    # Asking to reveal it shows the student's own next card instead, never that one.
    html = client.get(REVIEW, {"reveal": card.pk}).content.decode()
    assert "THEIRS" not in html and "SECRET" not in html
    assert not CardState.objects.exists()


def test_a_bad_rating_is_refused(client, enrolled_student):
    client.force_login(enrolled_student)
    card = selectors.deck_of(user=enrolled_student).first()
    assert client.post(RATE, {"card": card.pk, "rating": 5}).status_code == 400
    assert not CardState.objects.exists()


def test_rating_a_card_twice_rates_it_once_and_says_so(client, enrolled_student):
    client.force_login(enrolled_student)
    card = shown_card(client.get(REVIEW).content.decode())
    client.post(RATE, {"card": card.pk, "rating": 4})
    again = client.post(RATE, {"card": card.pk, "rating": 1}, follow=True).content.decode()
    assert "That card was rated already" in again
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert CardState.objects.get(card=card).state == CardState.State.REVIEW  # Easy stood


def test_with_htmx_rating_swaps_in_the_next_card(client, enrolled_student):
    client.force_login(enrolled_student)
    first = shown_card(client.get(REVIEW).content.decode())
    fragment = client.post(
        RATE, {"card": first.pk, "rating": 3}, headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="review-card"')
    assert "<html" not in fragment
    # The navigation's count follows, out of band: four new cards, one rated.
    assert re.search(r'id="nav-review-count" hx-swap-oob="true"> <span class="badge nav-count">3<',
                     fragment)  # fmt: skip
    following = shown_card(fragment)
    assert following != first and "Reveal answer" in fragment
    revealed = client.get(
        REVIEW, {"reveal": following.pk}, headers={"HX-Request": "true"}
    ).content.decode()
    assert revealed.lstrip().startswith('<section id="review-card"')
    assert following.back in revealed


def test_the_navigation_shows_the_due_count_to_students_only(client, enrolled_student, teacher):
    client.force_login(enrolled_student)
    html = client.get(reverse("my_learning")).content.decode()
    assert re.search(r'>Review<span id="nav-review-count"> <span class="badge nav-count">4<', html)
    client.force_login(teacher)
    assert 'href="/review/"' not in client.get(reverse("my_learning")).content.decode()


@pytest.mark.parametrize("due", [1, 50])
def test_the_review_page_uses_a_constant_number_of_queries(
    client, settings, student, due, django_assert_num_queries
):
    settings.REVIEW_NEW_CARDS_PER_DAY = 50
    course = import_bundle(make_bundle(chapters=5, lessons_per_chapter=2, items=5))  # 50 cards
    enroll(user=student, course=course)
    for card in selectors.deck_of(user=student)[:due]:
        services.rate_card(user=student, card_id=card.pk, rating=1)
    CardState.objects.update(due=timezone.now() - timedelta(minutes=1))
    client.force_login(student)
    client.get(REVIEW)  # the deck is in step after this, until the content or courses change
    # Session, user, counts (which the navigation's count reuses), the next card.
    with django_assert_num_queries(4):
        html = client.get(REVIEW).content.decode()
    assert "Reveal answer" in html
    card = shown_card(html)
    with django_assert_num_queries(4):
        html = client.get(REVIEW, {"reveal": card.pk}).content.decode()
    assert "Again" in html


def test_an_authors_new_flashcard_reaches_the_deck_on_the_next_visit(client, enrolled_student):
    client.force_login(enrolled_student)
    client.get(REVIEW)  # the deck is in step
    lesson = selectors.lessons_of(user=enrolled_student).first()
    Flashcard.objects.create(lesson=lesson, front="NEW-FRONT", back="NEW-BACK", order=99)
    client.get(REVIEW)
    assert selectors.deck_of(user=enrolled_student).filter(front="NEW-FRONT").exists()


def test_a_new_courses_cards_reach_the_deck_on_the_next_visit(client, enrolled_student):
    other = import_bundle(make_bundle(slug="other-course", chapters=1, lessons_per_chapter=1))
    # As for a course written in the admin that no student has reviewed yet: no cards so far.
    ReviewCard.objects.filter(lesson__course=other).delete()
    client.force_login(enrolled_student)
    client.get(REVIEW)  # the deck is in step
    client.post(reverse("courses:enroll", args=[other.slug]))
    client.get(REVIEW)
    assert selectors.deck_of(user=enrolled_student).filter(lesson__course=other).exists()
