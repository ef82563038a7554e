from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"

    def ready(self) -> None:
        from courses import bundle, extensions
        from quizzes import bundle as quiz_bundle
        from quizzes import (
            receivers,  # noqa: F401  (finishes attempts when code verdicts land)
            selectors,
        )

        if quiz_bundle not in bundle.LESSON_EXTENSIONS:
            bundle.LESSON_EXTENSIONS.append(quiz_bundle)
        # The course and lesson pages show practice-test scores without importing quizzes.
        extensions.register_scores(
            extensions.ScoreProvider(
                by_lesson=selectors.best_scores_by_lesson, by_test=selectors.scores_by_test
            )
        )
