from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"

    def ready(self) -> None:
        from courses import bundle
        from quizzes import bundle as quiz_bundle
        from quizzes import receivers  # noqa: F401  (finishes attempts when code verdicts land)

        if quiz_bundle not in bundle.LESSON_EXTENSIONS:
            bundle.LESSON_EXTENSIONS.append(quiz_bundle)
