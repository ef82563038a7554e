from django import forms

from config.forms import CleanTextMixin
from courses.models import Course, Program


class CatalogFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="Search by title", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Program.Kind.choices]
    )
    field = forms.ChoiceField(
        label="Field", required=False, choices=[("", "All fields"), *Program.Field.choices]
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "All levels"), *Course.Level.choices]
    )
