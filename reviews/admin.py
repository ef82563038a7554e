from django.contrib import admin

from reviews.models import CardState, ReviewCard, ReviewLog


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    """Read-mostly: cards follow from lessons' flashcards and ticked concepts and terms; edit
    those, and the deck catches up."""

    list_display = ["front", "kind", "lesson", "is_active"]
    list_filter = ["kind", "is_active", "lesson__course"]
    search_fields = ["front", "back"]
    list_select_related = ["lesson"]
    readonly_fields = ["lesson", "kind", "key", "front", "back", "order"]

    def has_add_permission(self, request) -> bool:
        return False  # a card comes from its lesson, never from here


@admin.register(CardState)
class CardStateAdmin(admin.ModelAdmin):
    list_display = ["user", "card", "state", "due", "lapses", "reps"]
    list_filter = ["state"]
    search_fields = ["user__email", "card__front"]
    list_select_related = ["user", "card"]
    raw_id_fields = ["user", "card"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "card", "rating", "reviewed_at", "due_after", "duration_ms"]
    list_filter = ["rating"]
    search_fields = ["user__email", "card__front"]
    list_select_related = ["user", "card"]
    raw_id_fields = ["user", "card"]
