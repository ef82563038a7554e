"""The blind corpus keeps the promises that make it blind (tests/sandbox/blind/README.md): labels
unchanged since they were hashed, every solution with its source, every label complete, and the
split by problem. Only its shape is checked here: grading it is bench/blind_corpus.py's job."""

from __future__ import annotations

import re

import pytest

from tests.sandbox import blind_support

PROBLEMS = [
    (split, path) for split in blind_support.SPLITS for path in blind_support.problems(split)
]


@pytest.mark.parametrize(
    ("split", "problem_dir"), PROBLEMS, ids=[f"{s}/{p.name}" for s, p in PROBLEMS]
)
def test_the_labels_are_the_ones_hashed_when_they_were_written(split, problem_dir):
    assert blind_support.labels_digest_ok(problem_dir)


def test_every_solution_names_its_source_and_every_label_is_complete():
    for split in blind_support.SPLITS:
        for case in blind_support.cases(split):
            assert re.search(r"^# source: \S+", case.source, re.MULTILINE), case.label
            assert case.status in ("correct", "buggy"), case.label
            if case.buggy:
                assert case.kind in blind_support.KINDS, case.label
                assert set(case.also) <= set(blind_support.KINDS), case.label
                assert case.culprits, case.label
            for line in case.cause_lines:
                assert 1 <= line <= len(case.source.splitlines()), case.label


def test_the_split_is_by_problem_and_large_enough():
    dev = {path.name for path in blind_support.problems("dev")}
    heldout = {path.name for path in blind_support.problems("heldout")}
    assert dev and heldout and not dev & heldout
    assert len(dev | heldout) >= 8
    everything = [case for split in blind_support.SPLITS for case in blind_support.cases(split)]
    assert len(everything) >= 80
    assert len({case.source for case in everything}) == len(everything)  # no duplicates
