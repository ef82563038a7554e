from __future__ import annotations

from django import forms

from config.admin import CleanModelForm
from games import engine
from games.levels import check_level, load_program
from games.models import Level


class LevelForm(CleanModelForm):
    """The admin's level form: the programs must be ones the engine runs, the program must be
    winnable and the fixed program safe (both checked by exhaustive search)."""

    class Meta:
        model = Level
        fields = [
            "title", "slug", "order", "lesson", "primitive", "goal", "goal_text", "intro",
            "program", "explanation", "fixed_program",
        ]  # fmt: skip
        widgets = {
            "program": forms.Textarea(attrs={"rows": 16, "class": "code-input"}),
            "fixed_program": forms.Textarea(attrs={"rows": 16, "class": "code-input"}),
        }

    def _clean_program(self, name: str) -> str:
        text = self.cleaned_data[name]
        try:
            load_program(text)
        except engine.LevelError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean_program(self) -> str:
        return self._clean_program("program")

    def clean_fixed_program(self) -> str:
        return self._clean_program("fixed_program")

    def clean(self) -> dict:
        cleaned = super().clean()
        if {"program", "fixed_program", "goal"} <= set(cleaned):
            for problem in check_level(
                program=cleaned["program"],
                fixed_program=cleaned["fixed_program"],
                goal=cleaned["goal"],
            ):
                field = "fixed_program" if problem.startswith("fixed") else "program"
                self.add_error(field, problem)
        return cleaned
