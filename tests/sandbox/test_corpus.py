"""Every labelled solution of the corpus gets the verdict and the diagnosis it is labelled with
(one seed here; bench/grader_corpus.py runs five and prints the rates)."""

from __future__ import annotations

from functools import partial

import pytest

from tests.sandbox.corpus_support import (
    Labelled,
    diagnosis_of,
    exercise,
    grade_labelled,
    notes_of,
    replays_as_shown,
    solutions,
)

CORPUS = solutions()


def test_the_corpus_is_broad_enough():
    assert len(CORPUS) >= 40
    assert len({item.exercise for item in CORPUS}) >= 8
    assert sum(item.buggy for item in CORPUS) >= 25
    assert sum(not item.buggy for item in CORPUS) >= 10


@pytest.mark.parametrize("slug", sorted({item.exercise for item in CORPUS}))
def test_each_exercise_s_reference_solution_is_accepted(slug):
    spec = exercise(slug)
    reference = Labelled(slug, slug, "accepted", None, None, spec["reference_solution"])
    result = grade_labelled(reference, seed=7)
    assert result.verdict == "accepted", result.message


@pytest.mark.parametrize("item", CORPUS, ids=[item.name for item in CORPUS])
def test_a_labelled_solution_gets_its_verdict_and_diagnosis(item):
    result = grade_labelled(item, seed=3)
    got = (result.verdict, diagnosis_of(result))
    assert got == (item.verdict, item.diagnosis), result.message
    if result.bugs:  # it replays as the student saw it, or says it was seen once
        replayed = replays_as_shown(result, partial(grade_labelled, item, seed=3))
        if replayed is None:
            assert "seen once" in result.bugs[0]["summary"]
        else:
            assert replayed, result.message
    if item.note:
        assert item.note in notes_of(result), result.style_notes
