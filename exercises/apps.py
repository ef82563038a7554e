from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exercises"

    def ready(self) -> None:
        # Imported here, not a cycle-breaker: the bundle modules import models, which cannot load
        # before the app registry is ready.
        from courses import bundle
        from exercises import bundle as exercise_bundle

        # Course bundles carry their lessons' exercises.
        if exercise_bundle not in bundle.LESSON_EXTENSIONS:
            bundle.LESSON_EXTENSIONS.append(exercise_bundle)
