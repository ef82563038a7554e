from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonCompletion
from quizzes import selectors, services
from quizzes.bundle import save_test
from quizzes.models import Answer, Attempt
from tests.factories import make_practice_test_data
from tests.quizzes.conftest import choice, question

pytestmark = pytest.mark.django_db


def start(client, test):
    response = client.post(reverse("quizzes:start", args=[test.slug]))
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def answer(client, attempt, q, **data):
    return client.post(
        reverse("quizzes:answer", args=[attempt.pk, q.pk]), data, headers={"HX-Request": "true"}
    )


def answer_everything_right(client, attempt, test):
    answer(client, attempt, question(test, "SINGLE"), choice=choice(test, "None-0").pk)
    answer(
        client, attempt, question(test, "MULTI"),
        choice=[choice(test, "Lock-0").pk, choice(test, "Event-0").pk],
    )  # fmt: skip
    answer(client, attempt, question(test, "TF"), choice=choice(test, "False").pk)
    answer(client, attempt, question(test, "SHORT"), text=" Join() ")


def test_an_enrolled_student_takes_a_test_and_passes(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    answer_everything_right(client, attempt, practice_test)
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), follow=True)

    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.max_score, attempt.passed) == (
        "submitted", 5.0, 5.0, True
    )  # fmt: skip
    html = response.content.decode()
    assert "100%" in html and "Passed" in html and "EXPLAIN-SHORT-0" in html
    # Passing a lesson's practice test completes the lesson.
    assert LessonCompletion.objects.filter(
        user=enrolled_student, lesson=practice_test.lesson
    ).exists()


def test_partial_credit_and_a_failing_score(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    answer(
        client,
        attempt,
        question(practice_test, "MULTI"),
        choice=[choice(practice_test, "Lock-0").pk],
    )
    answer(client, attempt, question(practice_test, "SHORT"), text="start")
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (1.0, False)
    review = client.get(attempt.get_absolute_url()).content.decode()
    assert "Partly correct (1 of 2)" in review and "Not passed" in review
    assert not LessonCompletion.objects.exists()


def test_answers_are_saved_as_the_student_goes_and_survive_a_reload(
    client, enrolled_student, practice_test
):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    response = answer(client, attempt, question(practice_test, "SHORT"), text="join")
    assert "Saved" in response.content.decode()
    assert 'id="attempt-progress" hx-swap-oob="true"' in response.content.decode()
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert 'value="join"' in html and "Answered <strong>1</strong> of 4" in html


def test_the_take_page_never_contains_answers_or_correctness(
    client, enrolled_student, practice_test
):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert "SINGLE-0" in html  # the questions are there…
    for secret in ["EXPLAIN-", "is_correct", "correct answer", "Accepted:", 'badge-ok">✓ Correct']:
        assert secret not in html, secret  # …but no explanation, flag or accepted answer


def test_hiding_answers_after_submitting_when_the_author_says_so(client, enrolled_student, lesson):
    test = save_test(lesson, make_practice_test_data(slug="quiet", show_answers=False))
    client.force_login(enrolled_student)
    attempt = start(client, test)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert "correct answer" not in html and "Accepted:" not in html
    assert "EXPLAIN-SINGLE-0" in html  # explanations are always shown after submitting


def test_a_choice_from_another_question_is_refused(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    response = answer(
        client,
        attempt,
        question(practice_test, "SINGLE"),
        choice=choice(practice_test, "Lock-0").pk,
    )
    assert "does not belong to this question" in response.content.decode()
    assert not Answer.objects.filter(choices__isnull=False).exists()


def test_garbage_choice_ids_are_refused(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    response = answer(client, attempt, question(practice_test, "SINGLE"), choice="DROP TABLE")
    assert "not valid" in response.content.decode()


def test_two_choices_on_a_single_choice_question_are_refused(
    client, enrolled_student, practice_test
):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    q = question(practice_test, "SINGLE")
    response = answer(client, attempt, q, choice=[c.pk for c in q.choices.all()])
    assert "Choose only one answer." in response.content.decode()


def test_another_students_attempt_is_404(
    client, enrolled_student, other_student, practice_test, course
):
    from courses.services import enroll

    attempt = services.start_attempt(user=enrolled_student, test=practice_test)
    enroll(user=other_student, course=course)
    client.force_login(other_student)
    q = question(practice_test, "SHORT")
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert answer(client, attempt, q, text="join").status_code == 404
    assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 404
    assert not Answer.objects.exists()


def test_a_question_of_another_test_is_404(client, enrolled_student, practice_test, lesson):
    other = save_test(lesson, make_practice_test_data(slug="other"))
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    assert answer(client, attempt, question(other, "SHORT"), text="join").status_code == 404


def test_a_submitted_attempt_cannot_be_changed(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = answer(client, attempt, question(practice_test, "SHORT"), text="join")
    assert "already submitted" in response.content.decode()
    assert not Answer.objects.filter(text="join").exists()


def test_submitting_twice_is_harmless(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    attempt = start(client, practice_test)
    answer_everything_right(client, attempt, practice_test)
    for _ in range(2):
        assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 5.0 and Attempt.objects.count() == 1


def test_the_time_limit_is_enforced_by_the_server(client, enrolled_student, lesson):
    test = save_test(lesson, make_practice_test_data(slug="timed", time_limit_minutes=5))
    client.force_login(enrolled_student)
    attempt = start(client, test)
    assert attempt.deadline_at is not None
    answer(client, attempt, question(test, "SHORT"), text="join")
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))

    response = answer(client, attempt, question(test, "SINGLE"), choice=choice(test, "None-0").pk)
    assert "Time is up" in response.content.decode()
    attempt.refresh_from_db()
    # Submitted with what was saved before the deadline, and only that.
    assert attempt.status == "submitted" and attempt.expired and attempt.score == 1.0


def test_overdue_attempts_are_submitted_by_the_periodic_task(enrolled_student, lesson):
    from quizzes.tasks import expire_overdue_attempts

    test = save_test(lesson, make_practice_test_data(slug="timed", time_limit_minutes=1))
    attempt = services.start_attempt(user=enrolled_student, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    assert expire_overdue_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.expired


def test_the_attempts_allowed_are_enforced(client, enrolled_student, lesson):
    test = save_test(lesson, make_practice_test_data(slug="once", attempts_allowed=1))
    client.force_login(enrolled_student)
    attempt = start(client, test)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = client.post(reverse("quizzes:start", args=[test.slug]), follow=True)
    assert "You have used all 1 attempts" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_starting_again_resumes_the_open_attempt(client, enrolled_student, practice_test):
    client.force_login(enrolled_student)
    assert start(client, practice_test) == start(client, practice_test)


def test_students_who_are_not_enrolled_cannot_start(client, student, practice_test):
    client.force_login(student)
    response = client.post(reverse("quizzes:start", args=[practice_test.slug]), follow=True)
    assert "Enroll in the course" in response.content.decode()
    assert not Attempt.objects.exists()
    page = client.get(practice_test.get_absolute_url()).content.decode()
    assert "Enroll to take this practice test" in page


def test_shuffling_is_stable_within_an_attempt_and_differs_between_attempts(
    client, enrolled_student, lesson
):
    import re

    test = save_test(
        lesson,
        make_practice_test_data(slug="shuffled", questions=4, shuffle_questions=True,
                                shuffle_choices=True),
    )  # fmt: skip
    client.force_login(enrolled_student)
    attempt = start(client, test)

    def order(html):
        return re.findall(r"(SINGLE|MULTI|TF|SHORT)-(\d)|(Lock|Event|list)-(\d)", html)

    first = order(client.get(attempt.get_absolute_url()).content.decode())
    assert first == order(client.get(attempt.get_absolute_url()).content.decode())
    assert len(first) == 16 + 12
    questions = list(test.questions.all())
    orders = {
        tuple(q.pk for q in selectors.ordered_questions(Attempt(test=test, seed=seed), questions))
        for seed in range(5)
    }
    assert len(orders) > 1  # another attempt (seed) gets another order


def test_best_and_latest_scores_on_the_lesson_and_course_pages(
    client, enrolled_student, practice_test, lesson
):
    client.force_login(enrolled_student)
    good = start(client, practice_test)
    answer_everything_right(client, good, practice_test)
    client.post(reverse("quizzes:submit", args=[good.pk]))
    poor = start(client, practice_test)
    client.post(reverse("quizzes:submit", args=[poor.pk]))

    lesson_html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Best: <strong>100%</strong> · Latest: 0%" in lesson_html
    course_html = client.get(lesson.course.get_absolute_url()).content.decode()
    assert "Practice test: best 100%, latest 0%" in course_html


def test_outsiders_see_practice_tests_as_lock_cards(client, practice_test, lesson):
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Enroll in this free course to unlock the practice test “Check yourself”" in html
    assert practice_test.get_absolute_url() not in html


@pytest.mark.parametrize("rounds", [1, 6])
def test_take_and_review_pages_use_a_constant_number_of_queries(
    client, enrolled_student, lesson, rounds, django_assert_num_queries
):
    test = save_test(lesson, make_practice_test_data(slug=f"size-{rounds}", questions=rounds))
    client.force_login(enrolled_student)
    attempt = start(client, test)
    for q in test.questions.all():
        answer(
            client,
            attempt,
            q,
            text="join",
            choice=[q.choices.first().pk] if q.choices.exists() else [],
        )
    # Seven for the page, once the navigation's count of cards due (made on the first page a
    # student opens) is kept.
    client.get(attempt.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(attempt.get_absolute_url())
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    # Submitting made new scores, so what was kept of the student's is read afresh once: the
    # navigation's count again.
    with django_assert_num_queries(8):
        client.get(attempt.get_absolute_url())


@pytest.mark.parametrize("attempts", [1, 6])
def test_the_test_page_uses_a_constant_number_of_queries(
    client, enrolled_student, practice_test, attempts, django_assert_num_queries
):
    for _ in range(attempts):
        services.submit_attempt(attempt=services.start_attempt(user=enrolled_student,
                                                               test=practice_test))  # fmt: skip
    client.force_login(enrolled_student)
    # Session, user, test, attempts, enrollment, count; the navigation's cards due for review.
    with django_assert_num_queries(7):
        response = client.get(practice_test.get_absolute_url())
    assert response.content.decode().count("Review</a>") == attempts
