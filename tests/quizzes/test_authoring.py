from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.bundle import BundleError, export_course, import_bundle
from courses.models import Course
from exercises.bundle import save_exercise
from quizzes.bundle import save_test
from quizzes.models import PracticeTest, Question
from quizzes.services import start_attempt
from tests.conftest import BASE_DIR
from tests.factories import make_exercise_data, make_practice_test_data

pytestmark = pytest.mark.django_db


def test_practice_tests_travel_in_the_course_bundle(course, lesson):
    exercise = save_exercise(lesson, make_exercise_data())
    data = make_practice_test_data()
    data["questions"].append({"kind": "code", "prompt": "Code it", "explanation": "Because",
                              "points": 3, "exercise": exercise.slug})  # fmt: skip
    save_test(lesson, data)
    bundle = export_course(course)
    Course.objects.all().delete()
    import_bundle(bundle)
    test = PracticeTest.objects.get()
    assert test.questions.count() == 5
    assert test.questions.get(kind="code").exercise.slug == exercise.slug
    assert export_course(Course.objects.get()) == bundle


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q[0].update(kind="essay"), "kind must be one of"),
        (lambda q: q[0]["choices"][1].update(correct=True), "exactly one correct choice"),
        (lambda q: q[3].update(accepted_answers=[]), "needs accepted_answers"),
        (lambda q: q.append({"kind": "code", "exercise": "nope", "prompt": "", "explanation": ""}),
         "no exercise 'nope'"),
    ],
)  # fmt: skip
def test_a_broken_practice_test_is_refused_with_a_clear_message(lesson, change, message):
    data = make_practice_test_data()
    change(data["questions"])
    with pytest.raises(BundleError, match=message):
        save_test(lesson, data)


def test_a_test_with_attempts_keeps_its_questions_on_reimport(lesson, enrolled_student):
    test = save_test(lesson, make_practice_test_data())
    start_attempt(user=enrolled_student, test=test)
    ids = set(Question.objects.values_list("pk", flat=True))
    save_test(lesson, make_practice_test_data())  # unchanged: fine, ids kept
    assert set(Question.objects.values_list("pk", flat=True)) == ids
    changed = make_practice_test_data()
    changed["questions"][0]["prompt"] = "Different"
    with pytest.raises(BundleError, match="students have attempts"):
        save_test(lesson, changed)


def test_the_demo_practice_tests_load_with_a_code_question():
    content = BASE_DIR / "content"
    call_command("import_course", *sorted((content / "courses").glob("*.yaml")))
    call_command("import_exercises", *sorted((content / "exercises").glob("*.yaml")))
    call_command("import_practice_tests", *sorted((content / "practice_tests").glob("*.yaml")))
    tests = PracticeTest.objects.filter(lesson__course__slug="python-advance")
    assert tests.count() >= 3
    for test in tests:
        assert test.questions.count() >= 8, test
    assert Question.objects.filter(kind="code", exercise__isnull=False).exists()


@pytest.mark.parametrize("model", ["practicetest", "question", "attempt"])
def test_staff_manage_practice_tests_in_the_admin(client, staff, practice_test, model):
    client.force_login(staff)
    assert client.get(reverse(f"admin:quizzes_{model}_changelist")).status_code == 200
    if model != "attempt":
        assert client.get(reverse(f"admin:quizzes_{model}_add")).status_code == 200
    page = client.get(reverse("admin:quizzes_practicetest_change", args=[practice_test.pk]))
    assert b"SINGLE-0" in page.content
