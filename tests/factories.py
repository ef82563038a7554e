from __future__ import annotations

import factory

from accounts.models import User
from tests.code_samples import (
    COUNTER_HIDDEN_TESTS,
    COUNTER_SOLUTION,
    COUNTER_TESTS,
    DEADLOCKING_TRANSFER,
    ORDERED_TRANSFER,
    TRANSFER_EXAMPLE,
    TRANSFER_TESTS,
    UNLOCKED_COUNTER,
)

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"user{n}@example.com")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", DEFAULT_PASSWORD)
        return model_class.objects.create_user(*args, password=password, **kwargs)


def make_bundle(
    *,
    slug: str = "concurrency-101",
    title: str = "Concurrency 101",
    kind: str = "professional",
    field: str = "technology",
    level: str = "intermediate",
    published: bool = True,
    chapters: int = 2,
    lessons_per_chapter: int = 2,
    items: int = 2,
) -> dict:
    """A course bundle (the format of courses.bundle) with every component kind filled.

    Tests create courses through the real import action rather than raw inserts; `items` sets
    how many of each repeatable component a lesson gets, for the constant-query tests.
    """

    def lesson(chapter: int, number: int) -> dict:
        key = f"c{chapter}l{number}"
        return {
            "number": number,
            "title": f"Lesson {chapter}.{number}",
            "slug": f"lesson-{chapter}-{number}",
            "audio_lessons": [
                {
                    "title": f"Dialogue {key}-{i}",
                    "audio": "",
                    "transcript": [
                        {
                            "speaker": "Ms. Rivera",
                            "role": "teacher",
                            "text": f"SECRET-TRANSCRIPT-{key}-{i}",
                        },
                        {"speaker": "Sam", "role": "student", "text": "Why join?"},
                    ],
                }
                for i in range(items)
            ],
            "overview": {
                "quick": f"QUICK-{key}",
                "standard": f"STANDARD-{key}",
                "detailed": f"DETAILED-{key}\n\n```python\nprint('hi')\n```",
            },
            "audiobook_chapters": [
                {
                    "title": f"Audio-book {key}-{i}",
                    "content": f"SECRET-CHAPTER-{key}-{i}",
                    "explanation": "Because.",
                    "analogy": "Like a kitchen.",
                    "audio": "",
                }
                for i in range(items)
            ],
            "key_concepts": [{"term": f"Term {i}", "meaning": "Meaning"} for i in range(items)],
            "examples": [{"title": f"Example {i}", "body": "Body"} for i in range(items)],
            "memory_aids": [
                {"kind": kind, "title": f"Aid {kind}", "body": "Remember"}
                for kind in ["rhyme", "story", "memory_tool", "acronym"][: max(items, 1)]
            ],
            "flashcards": [
                {"front": f"FRONT-{key}-{i}", "back": f"BACK-{key}-{i}"} for i in range(items)
            ],
            "glossary": [{"term": f"Word {i}", "definition": "Def"} for i in range(items)],
            "links": [
                {"title": f"Docs {i}", "url": "https://docs.python.org/3/", "description": ""}
                for i in range(items)
            ],
            "videos": [
                {"title": f"Talk {i}", "youtube_id": "abcDEF12345", "url": ""} for i in range(items)
            ],
        }

    return {
        "version": 1,
        "program": {
            "kind": kind,
            "title": f"{kind.title()} programs",
            "slug": f"{kind}-{field or 'general'}",
            "field": field if kind == "professional" else "",
            "grade_band": "8–12" if kind == "academic" else "",
            "description": "",
        },
        "course": {
            "title": title,
            "slug": slug,
            "summary": f"Summary of {title}",
            "description": "Course *description*.",
            "level": level,
            "is_published": published,
        },
        "chapters": [
            {
                "number": c,
                "title": f"Chapter {c}",
                "lessons": [lesson(c, n) for n in range(1, lessons_per_chapter + 1)],
            }
            for c in range(1, chapters + 1)
        ],
    }


def make_exercise_data(*, slug: str = "safe-counter", **overrides) -> dict:
    return {
        "slug": slug,
        "title": "A thread-safe counter",
        "prompt": "Write a `Counter` whose `increment()` is safe to call from many threads.",
        "starter_code": UNLOCKED_COUNTER,
        "visible_tests": COUNTER_TESTS,
        "hidden_tests": COUNTER_HIDDEN_TESTS,
        "reference_solution": COUNTER_SOLUTION,
        "schedules": 10,
        "limits": {"wall_seconds": 10.0},
        **overrides,
    }


def make_transfer_exercise_data(**overrides) -> dict:
    return make_exercise_data(
        slug="bank-transfer",
        title="Transfers without deadlock",
        prompt="Write `transfer(source, target, amount)` that never deadlocks.",
        starter_code=DEADLOCKING_TRANSFER,
        visible_tests=TRANSFER_EXAMPLE,
        hidden_tests=TRANSFER_TESTS,
        reference_solution=ORDERED_TRANSFER,
        **overrides,
    )


def make_practice_test_data(
    *, slug: str = "check-yourself", questions: int = 1, **overrides
) -> dict:
    """A practice test with one question of each non-code kind per `questions` round."""
    items = []
    for i in range(questions):
        items += [
            {
                "kind": "single",
                "prompt": f"SINGLE-{i}: what does join() return?",
                "explanation": f"EXPLAIN-SINGLE-{i}",
                "points": 1,
                "choices": [
                    {"text": f"None-{i}", "correct": True},
                    {"text": f"The result-{i}", "correct": False},
                ],
            },
            {
                "kind": "multiple",
                "prompt": f"MULTI-{i}: which are synchronisation primitives?",
                "explanation": f"EXPLAIN-MULTI-{i}",
                "points": 2,
                "partial_credit": True,
                "choices": [
                    {"text": f"Lock-{i}", "correct": True},
                    {"text": f"Event-{i}", "correct": True},
                    {"text": f"list-{i}", "correct": False},
                ],
            },
            {
                "kind": "true_false",
                "prompt": f"TF-{i}: a Lock is reentrant.",
                "explanation": f"EXPLAIN-TF-{i}",
                "points": 1,
                "choices": [{"text": "True", "correct": False}, {"text": "False", "correct": True}],
            },
            {
                "kind": "short",
                "prompt": f"SHORT-{i}: which method waits for a thread to finish?",
                "explanation": f"EXPLAIN-SHORT-{i}",
                "points": 1,
                "accepted_answers": ["join", "join()"],
            },
        ]
    return {
        "slug": slug,
        "title": "Check yourself",
        "instructions": "Answer every question.",
        "pass_mark": 70,
        "attempts_allowed": None,
        "time_limit_minutes": None,
        "shuffle_questions": False,
        "shuffle_choices": False,
        "show_answers": True,
        "questions": items,
        **overrides,
    }
