"""Practice tests react to exercise verdicts (code questions are graded by the exercise grader)."""

from django.dispatch import receiver

from exercises.signals import submission_finished
from quizzes import services


@receiver(submission_finished)
def score_waiting_code_answers(sender, submission_id: int, **kwargs) -> None:
    services.score_code_answers(submission_id=submission_id)
