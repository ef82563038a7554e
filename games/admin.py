from django.contrib import admin

from config import admin as spindle_admin
from games.forms import LevelForm
from games.models import Level, LevelProgress


@admin.register(Level)
class LevelAdmin(spindle_admin.ModelAdmin):
    form = LevelForm
    list_display = ["order", "title", "primitive", "goal", "lesson"]
    list_display_links = ["title"]
    list_filter = ["goal", "lesson__course"]
    search_fields = ["title", "slug", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["lesson"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "order", "lesson", "primitive"]}),
        ("Play", {"fields": ["goal", "goal_text", "intro", "program"]}),
        ("After winning", {"fields": ["explanation", "fixed_program"]}),
    ]


@admin.register(LevelProgress)
class LevelProgressAdmin(spindle_admin.ModelAdmin):
    list_display = ["user", "level", "solved_at", "moves"]
    list_select_related = ["user", "level"]
    readonly_fields = ["user", "level", "solved_at", "moves"]
