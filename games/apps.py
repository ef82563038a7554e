from django.apps import AppConfig


class GamesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "games"
    verbose_name = "Interactive games"

    def ready(self) -> None:
        # Imported here: the bundle and selector modules import models, which cannot load before
        # the app registry is ready.
        from courses import bundle, extensions
        from games import bundle as games_bundle
        from games import memory, selectors

        # Course bundles carry their lessons' game levels.
        if games_bundle not in bundle.LESSON_EXTENSIONS:
            bundle.LESSON_EXTENSIONS.append(games_bundle)
        # The course and lesson pages list their levels without courses importing games.
        extensions.register_panel("course", selectors.course_panel)
        extensions.register_panel("lesson", selectors.lesson_panel)
        # The memory game's link sits under the lesson's glossary, the game's material.
        extensions.register_panel("glossary", memory.glossary_panel)
