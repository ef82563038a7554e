"""The matrix's exercise results: the best result reached and the latest, defined once
(teaching.selectors.exercise_results) and worded once (teaching.presenters) for the page and
the progress CSV. Histories are made with the exercises' own services, as the grader makes them.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from courses.bundle import import_bundle
from exercises import services as exercise_services
from exercises.bundle import save_exercise
from exercises.models import Submission, Verdict
from teaching import presenters, selectors, services
from tests.code_samples import COUNTER_SOLUTION
from tests.factories import make_bundle, make_exercise_data, make_transfer_exercise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return import_bundle(make_bundle(chapters=1, lessons_per_chapter=2, items=1))


@pytest.fixture
def counter(course):
    return save_exercise(course.lessons.get(slug="lesson-1-1"), make_exercise_data())


@pytest.fixture
def transfer(course, counter):
    """A second exercise in the same lesson as `counter`."""
    return save_exercise(
        course.lessons.get(slug="lesson-1-1"), make_transfer_exercise_data(order=1)
    )


@pytest.fixture
def classroom(teacher, course):
    return services.create_class(teacher=teacher, course=course, name="Period 3")


@pytest.fixture
def member(student, classroom):
    services.join_class(student=student, code=classroom.join_code)
    return student


class History:
    """Sends code for one student, an hour of work ago, a few minutes apart, oldest first."""

    def __init__(self, user):
        self.user = user
        self.at = timezone.now() - timedelta(hours=1)

    def send(self, exercise, *, kind: str = Submission.Kind.SUBMIT) -> Submission:
        [submission] = exercise_services.send_to_grader(
            user=self.user,
            gradings=[exercise_services.Grading(exercise, COUNTER_SOLUTION)],
            kind=kind,
        )
        # Back-dated so the per-minute limit lets a long history through, in order.
        self.at += timedelta(minutes=5)
        Submission.objects.filter(pk=submission.pk).update(created_at=self.at)
        return submission

    def graded(self, exercise, *verdicts: str, kind: str = Submission.Kind.SUBMIT) -> None:
        for verdict in verdicts:
            # Graded before the grading message goes out (on commit): a worker that happens to
            # run finds it done and leaves it alone.
            with transaction.atomic():
                claim = exercise_services.claim(submission_id=self.send(exercise, kind=kind).pk)
                exercise_services.finish(claim=claim, verdict=verdict, message=verdict, report={})


def result_of(member, exercise) -> selectors.ExerciseResult:
    results = selectors.exercise_results(students=[member], exercises=[exercise])
    return results.get((member.pk, exercise.pk)) or selectors.ExerciseResult(exercise=exercise)


def words(result) -> tuple[str, str]:
    return presenters.best_text(result), presenters.secondary_text(result)


@pytest.mark.parametrize(
    ("history", "best", "latest", "shown"),
    [
        (["accepted"], "accepted", "accepted", ("Accepted", "")),
        (["accepted", "accepted"], "accepted", "accepted", ("Accepted", "")),
        (["deadlock", "accepted"], "accepted", "accepted", ("Accepted", "")),
        (["accepted", "race_detected"], "accepted", "race_detected",
         ("Accepted", "latest: Race detected")),
        (["race_detected"] * 3, "race_detected", "race_detected", ("Race detected", "")),
        (["wrong_answer"], "wrong_answer", "wrong_answer", ("Wrong answer", "")),
        (["syntax_error", "deadlock", "race_detected", "syntax_error"], "race_detected",
         "syntax_error", ("Race detected", "latest: Syntax error")),
        (["internal_error"], "internal_error", "internal_error", ("Internal error", "")),
    ],
)  # fmt: skip
def test_a_cell_shows_the_best_result_reached_and_the_latest_when_it_differs(
    member, counter, history, best, latest, shown
):
    History(member).graded(counter, *history)
    result = result_of(member, counter)
    assert (result.best, result.latest) == (best, latest)
    assert words(result) == shown


def test_failures_count_every_graded_submission_but_accepted_and_our_own_errors(member, counter):
    History(member).graded(counter, "race_detected", "internal_error", "deadlock", "accepted")
    assert result_of(member, counter).failures == 2


def test_a_student_who_has_not_tried_has_no_submission_yet(member, counter):
    result = result_of(member, counter)
    assert (result.best, result.latest, result.pending) == (None, None, False)
    assert words(result) == ("No submission yet", "")


def test_runs_do_not_count_towards_the_result_but_are_mentioned(member, counter):
    # A Run grades the visible examples only: its Accepted is not a pass.
    history = History(member)
    history.graded(counter, "accepted", "accepted", kind=Submission.Kind.RUN)
    assert words(result_of(member, counter)) == ("No submission yet", "ran the examples 2 times")
    history.graded(counter, "race_detected")
    history.graded(counter, "accepted", kind=Submission.Kind.RUN)
    result = result_of(member, counter)
    assert (result.best, result.latest, result.runs) == ("race_detected", "race_detected", 3)
    assert words(result) == ("Race detected", "")


def test_a_submission_being_graded_is_the_latest_and_never_the_best(member, counter):
    history = History(member)
    first = history.send(counter)  # queued
    assert words(result_of(member, counter)) == ("Being graded", "")

    claim = exercise_services.claim(submission_id=first.pk)
    exercise_services.finish(claim=claim, verdict="accepted", message="", report={})
    exercise_services.claim(submission_id=history.send(counter).pk)  # running
    result = result_of(member, counter)
    assert (result.best, result.latest, result.pending) == ("accepted", "accepted", True)
    assert words(result) == ("Accepted", "latest: Being graded")


def test_the_result_order_ranks_every_verdict_once():
    assert sorted(selectors.RESULT_ORDER) == sorted(Verdict.values)
    assert selectors.RESULT_ORDER[0] == Verdict.ACCEPTED


def test_results_are_kept_apart_per_student_and_exercise(member, other_student, classroom,
                                                         counter, transfer):  # fmt: skip
    services.join_class(student=other_student, code=classroom.join_code)
    History(member).graded(counter, "accepted")
    History(member).graded(transfer, "deadlock")
    History(other_student).graded(counter, "wrong_answer")
    results = selectors.exercise_results(
        students=[member, other_student], exercises=[counter, transfer]
    )
    assert {key: r.best for key, r in results.items()} == {
        (member.pk, counter.pk): "accepted",
        (member.pk, transfer.pk): "deadlock",
        (other_student.pk, counter.pk): "wrong_answer",
    }


# The page and the CSV.


def cell_items(html: str) -> list[str]:
    """The text of each exercise line of the matrix cells, icons included."""
    items = re.findall(r'<ul class="exercise-results">(.*?)</ul>', html, re.S)
    lines = [strip_tags(li) for block in items for li in re.findall(r"<li.*?</li>", block, re.S)]
    return [" ".join(line.split()) for line in lines]


def test_a_lesson_with_two_exercises_names_each_and_its_result(
    client, teacher, classroom, member, counter, transfer
):
    # The report: only Accepted submissions showed "Failing", because the lesson's other
    # exercise was not done yet; a Deadlock then an Accepted showed "Deadlock".
    History(member).graded(transfer, "deadlock", "accepted")
    client.force_login(teacher)
    html = client.get(reverse("teaching:class", args=[classroom.pk])).content.decode()
    assert cell_items(html) == [
        "A thread-safe counter: · No submission yet",
        "Transfers without deadlock: ★ Accepted",
    ]
    assert "Failing" not in html and "Deadlock" not in html


def test_the_matrix_and_its_csv_say_the_same(client, teacher, classroom, member, counter, transfer):
    history = History(member)
    history.graded(counter, "accepted", "race_detected")
    history.graded(transfer, "wrong_answer", "deadlock")
    client.force_login(teacher)
    html = client.get(reverse("teaching:class", args=[classroom.pk])).content.decode()
    assert cell_items(html) == [
        "A thread-safe counter: ★ Accepted latest: Race detected",
        "Transfers without deadlock: ✗ Wrong answer latest: Deadlock",
    ]
    response = client.get(reverse("teaching:export_matrix", args=[classroom.pk]))
    header, row = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    exported = dict(zip(header, row, strict=True))
    assert exported["A thread-safe counter: best result"] == "Accepted"
    assert exported["A thread-safe counter: latest result"] == "Race detected"
    assert exported["Transfers without deadlock: best result"] == "Wrong answer"
    assert exported["Transfers without deadlock: latest result"] == "Deadlock"
    assert exported["Lesson 1.2: completed"] == "no"
