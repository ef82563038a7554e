from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from config import admin as spindle_admin
from config.forms import CleanTextMixin
from exercises import services
from exercises.models import Exercise, Submission, Verdict


class ExerciseForm(CleanTextMixin, forms.ModelForm):
    validate_on_save = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Grade the reference solution with the real grader after saving; it must "
        "come back Accepted. The verdict appears below within seconds.",
    )

    class Meta:
        model = Exercise
        fields = [
            "lesson", "order", "title", "slug", "prompt", "starter_code", "reference_solution",
            "visible_tests", "hidden_tests", "schedules", "cpu_seconds", "wall_seconds",
            "memory_mb", "max_tasks", "output_bytes",
        ]  # fmt: skip


@admin.register(Exercise)
class ExerciseAdmin(spindle_admin.ModelAdmin):
    form = ExerciseForm
    list_display = ["title", "lesson", "schedules", "validation"]
    list_filter = ["lesson__course", "validation_verdict"]
    search_fields = ["title", "slug", "prompt"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["lesson"]
    readonly_fields = ["validation_verdict", "validation_message", "validated_at"]
    actions = ["validate"]
    fieldsets = [
        (None, {"fields": ["lesson", "order", "title", "slug", "prompt"]}),
        ("Code", {"fields": ["starter_code", "reference_solution"]}),
        ("Tests", {"fields": ["visible_tests", "hidden_tests", "schedules"]}),
        (
            "Limits",
            {"fields": ["cpu_seconds", "wall_seconds", "memory_mb", "max_tasks", "output_bytes"]},
        ),
        (
            "Validation",
            {
                "fields": [
                    "validate_on_save",
                    "validation_verdict",
                    "validation_message",
                    "validated_at",
                ]
            },  # fmt: skip
        ),
    ]

    @admin.display(description="Reference validation", ordering="validation_verdict")
    def validation(self, exercise):
        verdict = exercise.validation_verdict or "not validated"
        css = "ok" if verdict == Verdict.ACCEPTED else "bad" if exercise.validated_at else ""
        return format_html('<span class="validation-{}">{}</span>', css, verdict)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("validate_on_save"):
            self._send_to_grader(request, [obj])

    @admin.action(description="Validate the reference solutions with the grader")
    def validate(self, request, queryset):
        self._send_to_grader(request, list(queryset))

    def _send_to_grader(self, request, exercises):
        try:
            services.validate_exercises(exercises=exercises, requested_by=request.user)
        except services.SubmissionRefused as refusal:
            self.message_user(request, f"Nothing was sent to the grader: {refusal}", messages.ERROR)
        else:
            self.message_user(
                request,
                f"Sent {len(exercises)} reference solution(s) to the grader; the verdicts "
                "appear on the exercises within seconds.",
                messages.INFO,
            )


@admin.register(Submission)
class SubmissionAdmin(spindle_admin.ModelAdmin):
    list_display = ["id", "exercise", "user", "kind", "status", "verdict", "created_at"]
    list_filter = ["status", "verdict", "kind", "exercise__lesson__course"]
    search_fields = ["user__email", "exercise__title"]
    list_select_related = ["exercise", "user"]
    readonly_fields = [field.name for field in Submission._meta.fields]

    def has_add_permission(self, request):
        return False
