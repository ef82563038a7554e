"""Every labelled solution of the corpus gets the verdict and the diagnosis it is labelled with
(one seed here; bench/grader_corpus.py runs five and prints the rates)."""

from __future__ import annotations

import pytest

from tests.sandbox.corpus_support import (
    Labelled,
    diagnosis_of,
    exercise,
    grade_labelled,
    notes_of,
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


# Labelled bugs the grader does not find reliably yet, and why (bench/grader_corpus.py counts
# how often it does).
KNOWN_MISSES = {
    # Two workers must both see one name left, which needs one of them kept off the CPU longer
    # than a whole read (10 ms) while the other reads on: the schedules model a late OS by a
    # millisecond or two, since longer stalls failed correct solutions of timing tests ("the
    # three reads overlap"). Found in about 1 of 80 schedules of its 4-worker test.
    "word-count__empty_then_get",
}


@pytest.mark.parametrize("item", CORPUS, ids=[item.name for item in CORPUS])
def test_a_labelled_solution_gets_its_verdict_and_diagnosis(item):
    result = grade_labelled(item, seed=3)
    got = (result.verdict, diagnosis_of(result))
    if item.name in KNOWN_MISSES:
        # Found by luck at times (a plain run of real threads may hit it): either way, never
        # anything but the labelled bug or a miss.
        assert got in ((item.verdict, item.diagnosis), ("accepted", None)), result.message
        return
    assert got == (item.verdict, item.diagnosis), result.message
    if item.note:
        assert item.note in notes_of(result), result.style_notes
