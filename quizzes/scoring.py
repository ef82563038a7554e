"""How each kind of question is scored. Pure functions: no database queries, easy to test."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from exercises.models import Verdict


def normalise(text: str) -> str:
    """Case, accents' composition, surrounding punctuation and runs of spaces do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .;:!?\"'`")


def score_choices(
    *, selected: Collection[int], correct: Collection[int], points: float, partial_credit: bool,
) -> float:  # fmt: skip
    selected, correct = set(selected), set(correct)
    if not partial_credit:
        return float(points) if selected == correct else 0.0
    # Proportional credit: each right pick earns a share, each wrong pick costs one; never < 0.
    right = len(selected & correct)
    wrong = len(selected - correct)
    return max(0.0, (right - wrong) / len(correct)) * points if correct else 0.0


def score_short_answer(*, given: str, accepted: Iterable[str], points: float) -> float:
    wanted = {normalise(answer) for answer in accepted if answer.strip()}
    return float(points) if given.strip() and normalise(given) in wanted else 0.0


def score_code(*, verdict: str | None, points: float) -> float | None:
    """None while the verdict is pending; full points only for Accepted."""
    if not verdict:
        return None
    return float(points) if verdict == Verdict.ACCEPTED else 0.0
