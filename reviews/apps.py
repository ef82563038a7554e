from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self) -> None:
        # Imported here: these modules import models, which cannot load before the registry.
        from config import home
        from courses import bundle
        from reviews import bundle as review_bundle
        from reviews import (
            receivers,  # noqa: F401  (race and deadlock verdicts make a lesson's cards due)
            selectors,
        )

        # Importing a lesson refreshes its review cards (their text, new and retired cards).
        if review_bundle not in bundle.LESSON_EXTENSIONS:
            bundle.LESSON_EXTENSIONS.append(review_bundle)
        home.register_due_reviews(selectors.due_reviews_for_home)
