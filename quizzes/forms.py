from __future__ import annotations

from django import forms

from config.forms import CleanTextMixin


class ChoiceIdsField(forms.Field):
    """The ids of the choices ticked (every `choice` value); whose they are, the service checks."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "That choice is not valid."}

    def to_python(self, value) -> list[int]:
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class AnswerForm(CleanTextMixin, forms.Form):
    """One question's answer: the choices ticked, or the text (a short answer or code)."""

    choice = ChoiceIdsField(required=False)
    text = forms.CharField(required=False, strip=False)

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]
