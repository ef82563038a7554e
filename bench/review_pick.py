"""Spaced review at scale: one student with 10,000 card states. Prints the time to pick the
next due card (the due counts and the pick, as the Review page does) and the nav count.

Seeds once into the bench database (re-runs reuse it). Not a test: it prints figures.
"""

from __future__ import annotations

import random
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import django_on_bench_database, timed  # noqa: E402

LESSONS, CARDS_PER_LESSON = 100, 100  # 10,000 cards, every one with a state
OTHER_STUDENTS = 50  # their states share the table, as in production


def seed():
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from courses.bundle import import_bundle
    from courses.services import enroll
    from reviews.models import CardState, ReviewCard
    from tests.factories import make_bundle

    student, _ = User.objects.get_or_create(
        email="bench-reviewer@example.com", defaults={"name": "Bench Reviewer"}
    )
    if CardState.objects.filter(user=student).count() == LESSONS * CARDS_PER_LESSON:
        return student
    with transaction.atomic():
        course = import_bundle(
            make_bundle(slug="bench-review", title="Bench review", chapters=LESSONS // 10,
                        lessons_per_chapter=10, items=1),
            replace=True,
        )  # fmt: skip
        enroll(user=student, course=course)
        ReviewCard.objects.filter(lesson__course=course).delete()
        cards = ReviewCard.objects.bulk_create(
            ReviewCard(lesson=lesson, kind="flashcard", key=ReviewCard.key_for(f"{lesson.pk}-{i}"),
                       front=f"Question {i} of {lesson.title}", back="Answer", order=i)
            for lesson in course.lessons.all()
            for i in range(CARDS_PER_LESSON)
        )  # fmt: skip
        rng = random.Random(1)
        now = timezone.now()
        others = User.objects.bulk_create(
            User(email=f"bench-reviewer-{i}@example.com", name=f"Reviewer {i}", password="!")
            for i in range(OTHER_STUDENTS)
        )
        for user in [student, *others]:
            # Mostly in the future (days to months), about 3% due now: a student who keeps up.
            CardState.objects.bulk_create(
                CardState(user=user, card=card, state=2, step=None, stability=10.0,
                          difficulty=5.0, introduced_at=now - timedelta(days=90),
                          last_review=now - timedelta(days=rng.randint(1, 60)),
                          due=now + timedelta(minutes=rng.randint(-3 * 1440, 97 * 1440)),
                          reps=3)
                for card in cards
            )  # fmt: skip
    # Fresh statistics, as autovacuum would gather soon after a bulk load: without them the
    # planner guesses at the new tables' sizes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_reviewcard, reviews_cardstate")
    return student


def main() -> None:
    django_on_bench_database()
    from config import reader_cache
    from reviews import selectors

    student = seed()

    def pick():
        counts = selectors.due_counts(user=student)
        return selectors.next_card(user=student, counts=counts)

    def count_afresh():
        reader_cache.forget(student.pk)  # as after a rating
        return selectors.due_count(user=student)

    pick()  # warm up
    pick_ms = timed(pick, repeat=21)
    counted_ms = timed(count_afresh, repeat=21)
    kept_ms = timed(lambda: selectors.due_count(user=student), repeat=21)  # every other page
    counts = selectors.due_counts(user=student)
    states = student.card_states.count()
    print(f"review pick: 1 student with {states} card states ({counts.due} due now)")
    for label, times in (
        ("next due card", pick_ms),
        ("nav due count, counted", counted_ms),
        ("nav due count, kept", kept_ms),
    ):
        print(f"  {label:<22} median {statistics.median(times):7.1f} ms  (min {min(times):.1f})")


if __name__ == "__main__":
    main()
