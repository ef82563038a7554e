from __future__ import annotations

from django import forms

from config.forms import CleanTextMixin
from quizzes.models import Choice, Question


class AnswerForm(CleanTextMixin, forms.Form):
    """One question's answer: the choices ticked (only this question's), or the text.

    A tampered id (not a number, another question's choice, two on a single-choice question) is
    a form error, so the view answers 400 with the reason and nothing is saved.
    """

    choice = forms.ModelMultipleChoiceField(
        queryset=Choice.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid_pk_value": "That choice is not valid.",
            "invalid_choice": "That choice does not belong to this question.",
            "invalid_list": "That choice is not valid.",
        },
    )
    text = forms.CharField(required=False, strip=False)

    def __init__(self, *args, question: Question, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["choice"].queryset = question.choices.all()

    def clean_choice(self) -> list[int]:
        ids = [choice.pk for choice in self.cleaned_data["choice"]]
        if len(ids) > 1 and self.question.kind != Question.Kind.MULTIPLE:
            raise forms.ValidationError("Choose only one answer.", code="one_only")
        return ids

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]
