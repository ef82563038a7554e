"""Reads for the teacher's screens. Each runs a fixed number of queries whatever the class size."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, Max, Min, Prefetch, Q, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from courses.models import Enrollment, Lesson, LessonCompletion
from exercises.models import Exercise, Submission, Verdict
from quizzes.models import Answer, Attempt, AttemptStatus
from teaching.models import Classroom, Membership

INACTIVE_DAYS = 7
REPEATED_FAILURES = 3


def classroom_for(*, user, pk: int) -> Classroom:
    """A class the user teaches (staff: any class). Anyone else gets 404, never a hint."""
    if not user.is_authenticated:
        raise Http404("No such class")
    classes = Classroom.objects.select_related("course", "teacher")
    if not user.is_staff:
        classes = classes.filter(teacher=user)
    classroom = classes.filter(pk=pk).first()
    if classroom is None:
        raise Http404("No such class")
    return classroom


def student_in(*, classroom: Classroom, student_id: int) -> User:
    student = User.objects.filter(pk=student_id, memberships__classroom=classroom).first()
    if student is None:
        raise Http404("No such student in this class")
    return student


def classes_for(*, user) -> list[Classroom]:
    classes = Classroom.objects.select_related("course").annotate(
        student_count=Count("memberships")
    )
    if not user.is_staff:
        classes = classes.filter(teacher=user)
    return list(classes)


def member_ids(classroom: Classroom):
    return Membership.objects.filter(classroom=classroom).values("student_id")


# The matrix.

# How far a student's submissions to one exercise got, best first. The grader reports the most
# serious problem it finds in a submission (its order is in sandbox/grader.py: a deadlock before
# a race before a test's time limit before a wrong answer); the best result reached is the least
# serious problem any submission had, so this is that order turned round. Code that does not
# compile reached nothing; an internal error is our fault and says nothing about the code.
RESULT_ORDER = (
    Verdict.ACCEPTED,
    Verdict.WRONG_ANSWER,
    Verdict.TIME_LIMIT,
    Verdict.RACE_DETECTED,
    Verdict.DEADLOCK,
    Verdict.RUNTIME_ERROR,
    Verdict.OUTPUT_LIMIT,
    Verdict.MEMORY_LIMIT,
    Verdict.SYNTAX_ERROR,
    Verdict.INTERNAL_ERROR,
)


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """One student's work on one exercise: the one definition the matrix and its CSV show.

    Only submissions decide the result (kind SUBMIT, graded): a Run tries the visible examples
    alone, with few schedules, so its Accepted is not a pass. `best` is the best verdict reached
    (see RESULT_ORDER), `latest` the verdict of the newest graded submission; both None until a
    submission is graded. `pending`: a submission is queued or being graded now. `runs`: how
    many times the examples were run. `failures`: graded submissions that were not Accepted
    (our internal errors aside). `last_at`: when code was last sent, run or submitted.
    """

    exercise: Exercise
    best: str | None = None
    latest: str | None = None
    pending: bool = False
    runs: int = 0
    failures: int = 0
    last_at: datetime | None = None


def exercise_results(
    *, students, exercises: list[Exercise]
) -> dict[tuple[int, int], ExerciseResult]:
    """An ExerciseResult per (student id, exercise id) with any work, in two queries.

    `students`: users, or a query of user ids. Submissions are numbered as they arrive, so the
    newest graded one is the one with the highest id.
    """
    work = Submission.objects.filter(
        user__in=students,
        exercise__in=[exercise.pk for exercise in exercises],
        kind__in=[Submission.Kind.SUBMIT, Submission.Kind.RUN],
    )
    submitted = Q(kind=Submission.Kind.SUBMIT)
    graded = submitted & Q(status=Submission.Status.DONE)
    rank = Case(*[When(verdict=verdict, then=Value(i)) for i, verdict in enumerate(RESULT_ORDER)])
    groups = work.values("user_id", "exercise_id").annotate(
        best=Min(rank, filter=graded),
        newest=Max("id", filter=graded),
        pending=Count("id", filter=submitted & ~Q(status=Submission.Status.DONE)),
        runs=Count("id", filter=Q(kind=Submission.Kind.RUN)),
        failures=Count(
            "id", filter=graded & ~Q(verdict__in=[Verdict.ACCEPTED, Verdict.INTERNAL_ERROR])
        ),
        last_at=Max("created_at"),
    )
    newest = work.filter(graded).values("user_id", "exercise_id").annotate(newest=Max("id"))
    latest = dict(
        Submission.objects.filter(pk__in=newest.values("newest")).values_list("pk", "verdict")
    )
    by_id = {exercise.pk: exercise for exercise in exercises}
    return {
        (row["user_id"], row["exercise_id"]): ExerciseResult(
            exercise=by_id[row["exercise_id"]],
            best=None if row["best"] is None else RESULT_ORDER[row["best"]],
            latest=latest.get(row["newest"]),
            pending=bool(row["pending"]),
            runs=row["runs"],
            failures=row["failures"],
            last_at=row["last_at"],
        )
        for row in groups
    }


@dataclass(slots=True)
class Cell:
    lesson_id: int
    completed: bool = False
    best_score: int | None = None
    exercises: tuple[ExerciseResult, ...] = ()  # the lesson's, in order


@dataclass
class Row:
    student: User
    cells: list[Cell]
    progress: float = 0.0
    last_activity: datetime | None = None
    at_risk: list[str] = field(default_factory=list)


@dataclass
class Matrix:
    lessons: list[Lesson]
    rows: list[Row]
    exercises: dict[int, list[Exercise]] = field(default_factory=dict)  # per lesson id, in order


SORTS = ("name", "progress", "activity")


def class_matrix(
    *, classroom: Classroom, sort: str = "name", query: str = "", at_risk_only: bool = False,
    now: datetime | None = None,
) -> Matrix:  # fmt: skip
    now = now or timezone.now()
    course = classroom.course
    members = member_ids(classroom)
    students = list(User.objects.filter(pk__in=members).order_by("name", "email"))
    lessons = list(
        Lesson.objects.filter(course=course, is_published=True)  # drafts are nobody's work yet
        .select_related("chapter")
        .order_by("chapter__number", "number")
    )
    lesson_ids = [lesson.pk for lesson in lessons]
    exercises = list(
        Exercise.objects.filter(lesson_id__in=lesson_ids)
        .only("id", "lesson_id", "title", "slug")
        .order_by("lesson_id", "order", "id")
    )
    exercises_by_lesson: dict[int, list[Exercise]] = defaultdict(list)
    for exercise in exercises:
        exercises_by_lesson[exercise.lesson_id].append(exercise)
    # Completing a lesson also stamps the enrollment's last activity (see courses.services), so
    # the pairs are enough here: parsing 30,000 timestamps would cost more than the query.
    completed = set(
        LessonCompletion.objects.filter(user__in=members, lesson_id__in=lesson_ids).values_list(
            "user_id", "lesson_id"
        )
    )
    scores = (
        Attempt.objects.filter(
            user__in=members, test__lesson__course=course, status=AttemptStatus.SUBMITTED
        )
        .values("user_id", "test__lesson_id")
        .annotate(best=Max("score"), best_max=Max("max_score"), last=Max("started_at"))
    )
    results = exercise_results(students=members, exercises=exercises)
    enrolled_activity = dict(
        Enrollment.objects.filter(user__in=members, course=course).values_list(
            "user_id", "last_activity_at"
        )
    )

    best_scores: dict[tuple[int, int], int] = {}
    activity: dict[int, list[datetime]] = defaultdict(list)
    for row in scores:
        percent = round(100 * row["best"] / row["best_max"]) if row["best_max"] else 0
        best_scores[(row["user_id"], row["test__lesson_id"])] = percent
        activity[row["user_id"]].append(row["last"])
    for (user_id, _), result in results.items():
        activity[user_id].append(result.last_at)
    # Students without work on an exercise share one empty result: nothing changes it later.
    untried = {exercise.pk: ExerciseResult(exercise=exercise) for exercise in exercises}

    # Plain ids in the hot loop (30,000 cells): attribute lookups on models add up.
    exercise_ids = [
        (lesson_id, [exercise.pk for exercise in exercises_by_lesson.get(lesson_id, ())])
        for lesson_id in lesson_ids
    ]
    rows = []
    for student in students:
        student_id = student.pk
        row_cells = []
        for lesson_id, ids in exercise_ids:
            key = (student_id, lesson_id)
            row_cells.append(
                Cell(
                    lesson_id=lesson_id,
                    completed=key in completed,
                    best_score=best_scores.get(key),
                    exercises=tuple(results.get((student_id, pk)) or untried[pk] for pk in ids)
                    if ids
                    else (),
                )
            )
        moments = [m for m in activity[student_id] + [enrolled_activity.get(student_id)] if m]
        row = Row(
            student=student,
            cells=row_cells,
            progress=sum(c.completed for c in row_cells) / len(lessons) if lessons else 0.0,
            last_activity=max(moments) if moments else None,
        )
        row.at_risk = _at_risk_reasons(row, now)
        rows.append(row)

    if query:
        needle = query.casefold()
        rows = [r for r in rows if needle in r.student.name.casefold() or needle in r.student.email]
    if at_risk_only:
        rows = [r for r in rows if r.at_risk]
    if sort == "progress":
        rows.sort(key=lambda r: (-r.progress, r.student.name))
    elif sort == "activity":
        oldest = datetime.min.replace(tzinfo=now.tzinfo)
        rows.sort(key=lambda r: r.last_activity or oldest, reverse=True)
    return Matrix(lessons=lessons, rows=rows, exercises=dict(exercises_by_lesson))


def _at_risk_reasons(row: Row, now: datetime) -> list[str]:
    reasons = []
    if row.last_activity is None:
        reasons.append("No activity yet")
    elif now - row.last_activity > timedelta(days=INACTIVE_DAYS):
        days = (now - row.last_activity).days
        reasons.append(f"No activity for {days} days")
    for cell in row.cells:
        for result in cell.exercises:
            if result.best != Verdict.ACCEPTED and result.failures >= REPEATED_FAILURES:
                reasons.append(
                    f"{result.failures} failed submissions to “{result.exercise.title}” "
                    "without an Accepted"
                )
    return reasons


# Exercise analytics.


@dataclass
class ExerciseStats:
    exercise: Exercise
    submissions: int = 0
    verdicts: Counter = field(default_factory=Counter)
    students_tried: int = 0
    students_passed: int = 0
    tries_before_accepted: float | None = None
    median_minutes_to_pass: float | None = None

    @property
    def race_or_deadlock_share(self) -> float:
        bad = self.verdicts[Verdict.RACE_DETECTED] + self.verdicts[Verdict.DEADLOCK]
        return bad / self.submissions if self.submissions else 0.0


@dataclass
class Analytics:
    verdicts: list[tuple[str, str, int]]  # (verdict, label, count), every verdict listed
    total: int
    exercises: list[ExerciseStats]

    @property
    def race_or_deadlock_share(self) -> float:
        bad = sum(n for v, _, n in self.verdicts if v in (Verdict.RACE_DETECTED, Verdict.DEADLOCK))
        return bad / self.total if self.total else 0.0


def class_analytics(*, classroom: Classroom) -> Analytics:
    exercises = list(
        Exercise.objects.filter(lesson__course=classroom.course).order_by(
            "lesson__chapter__number", "lesson__number", "order"
        )
    )
    stats = {e.pk: ExerciseStats(exercise=e) for e in exercises}
    rows = (
        Submission.objects.filter(
            user__in=member_ids(classroom),
            exercise__lesson__course=classroom.course,
            kind=Submission.Kind.SUBMIT,
            status=Submission.Status.DONE,
        )
        .order_by("created_at", "id")
        .values_list("exercise_id", "user_id", "verdict", "created_at")
    )
    # Walk each student's submissions to each exercise in time order.
    history: dict[tuple[int, int], list[tuple[str, datetime]]] = defaultdict(list)
    totals: Counter = Counter()
    for exercise_id, user_id, verdict, created_at in rows.iterator():
        history[(exercise_id, user_id)].append((verdict, created_at))
        stats[exercise_id].submissions += 1
        stats[exercise_id].verdicts[verdict] += 1
        totals[verdict] += 1
    tries: dict[int, list[int]] = defaultdict(list)
    minutes: dict[int, list[float]] = defaultdict(list)
    for (exercise_id, _), runs in history.items():
        stats[exercise_id].students_tried += 1
        first_pass = next((i for i, (v, _) in enumerate(runs) if v == Verdict.ACCEPTED), None)
        if first_pass is not None:
            stats[exercise_id].students_passed += 1
            tries[exercise_id].append(first_pass)
            elapsed = runs[first_pass][1] - runs[0][1]
            minutes[exercise_id].append(elapsed.total_seconds() / 60)
    for exercise_id, item in stats.items():
        if tries[exercise_id]:
            item.tries_before_accepted = statistics.mean(tries[exercise_id])
            item.median_minutes_to_pass = statistics.median(minutes[exercise_id])
    return Analytics(
        verdicts=[(v, label, totals[v]) for v, label in Verdict.choices],
        total=sum(totals.values()),
        exercises=list(stats.values()),
    )


# One student's timeline.


@dataclass
class Timeline:
    student: User
    completions: list[LessonCompletion]
    attempts: list[Attempt]
    submissions: list[Submission]


def student_timeline(*, classroom: Classroom, student: User) -> Timeline:
    course = classroom.course
    return Timeline(
        student=student,
        completions=list(
            LessonCompletion.objects.filter(user=student, lesson__course=course)
            .select_related("lesson")
            .order_by("-completed_at")
        ),
        attempts=list(
            Attempt.objects.filter(user=student, test__lesson__course=course)
            .select_related("test")
            .prefetch_related(_answers_prefetch())
            .order_by("-started_at")
        ),
        submissions=list(
            Submission.objects.filter(user=student, exercise__lesson__course=course)
            .exclude(kind=Submission.Kind.VALIDATION)
            .select_related("exercise")
            .order_by("-created_at")
        ),
    )


def _answers_prefetch() -> Prefetch:
    return Prefetch(
        "answers",
        Answer.objects.select_related("question", "submission")
        .prefetch_related("choices")
        .order_by("question__order"),
    )


def class_submission(*, classroom: Classroom, pk: int) -> Submission:
    """A submission by a student of this class to this class's course; else 404."""
    submission = (
        Submission.objects.select_related("exercise__lesson", "user")
        .filter(
            pk=pk,
            user__memberships__classroom=classroom,
            exercise__lesson__course=classroom.course,
        )
        .first()
    )
    if submission is None:
        raise Http404("No such submission in this class")
    return submission
