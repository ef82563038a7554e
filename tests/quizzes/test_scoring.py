from __future__ import annotations

import pytest

from quizzes.scoring import normalise, score_choices, score_code, score_short_answer


@pytest.mark.parametrize(
    ("selected", "partial", "expected"),
    [
        ({1, 2}, False, 2.0),
        ({1}, False, 0.0),
        ({1, 2, 3}, False, 0.0),
        ({1}, True, 1.0),
        ({1, 2}, True, 2.0),
        ({1, 3}, True, 0.0),  # one right, one wrong: they cancel
        ({3}, True, 0.0),  # never negative
        (set(), True, 0.0),
    ],
)
def test_multiple_choice_all_or_nothing_and_partial_credit(selected, partial, expected):
    score = score_choices(selected=selected, correct={1, 2}, points=2, partial_credit=partial)
    assert score == expected


def test_single_choice_needs_exactly_the_right_choice():
    assert score_choices(selected={1}, correct={1}, points=1, partial_credit=False) == 1
    assert score_choices(selected={2}, correct={1}, points=1, partial_credit=False) == 0


@pytest.mark.parametrize("given", ["join", " JOIN ", "join()", "Join().", "join\u00a0"])
def test_short_answers_are_compared_after_normalising(given):
    assert score_short_answer(given=given, accepted=["join", "join()"], points=1) == 1


@pytest.mark.parametrize("given", ["", "   ", "joins", "start"])
def test_wrong_or_empty_short_answers_score_nothing(given):
    assert score_short_answer(given=given, accepted=["join"], points=1) == 0


def test_normalise_folds_case_and_spaces():
    assert normalise("  Thread  Safe ") == "thread safe"


def test_code_answers_score_only_when_accepted_and_wait_for_the_verdict():
    assert score_code(verdict="accepted", points=3) == 3
    assert score_code(verdict="race_detected", points=3) == 0
    assert score_code(verdict="", points=3) is None
