from django.contrib import admin

from config import admin as spindle_admin
from quizzes.models import Answer, Attempt, Choice, PracticeTest, Question


class QuestionInline(spindle_admin.StackedInline):
    model = Question
    extra = 0
    ordering = ["order"]
    show_change_link = True  # choices are edited on the question's own page
    fields = ["order", "kind", "prompt", "explanation", "points", "partial_credit",
              "accepted_answers", "exercise"]  # fmt: skip
    raw_id_fields = ["exercise"]


@admin.register(PracticeTest)
class PracticeTestAdmin(spindle_admin.ModelAdmin):
    list_display = ["title", "lesson", "pass_mark", "attempts_allowed", "time_limit_minutes"]
    list_filter = ["lesson__course"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["lesson"]
    inlines = [QuestionInline]


class ChoiceInline(spindle_admin.TabularInline):
    model = Choice
    extra = 2
    ordering = ["order"]


@admin.register(Question)
class QuestionAdmin(spindle_admin.ModelAdmin):
    list_display = ["__str__", "test", "kind", "points"]
    list_filter = ["kind", "test"]
    search_fields = ["prompt"]
    list_select_related = ["test"]
    inlines = [ChoiceInline]
    raw_id_fields = ["exercise"]


class AnswerInline(spindle_admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "text", "points", "is_correct", "submission"]
    readonly_fields = fields
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(spindle_admin.ModelAdmin):
    list_display = ["test", "user", "status", "score", "max_score", "passed", "started_at"]
    list_filter = ["status", "passed", "test"]
    search_fields = ["user__email", "test__title"]
    list_select_related = ["test", "user"]
    readonly_fields = [f.name for f in Attempt._meta.fields]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
