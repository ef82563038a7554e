from django import forms

from config.forms import CleanTextMixin
from courses.models import Course
from teaching.selectors import SORTS


class ClassroomForm(CleanTextMixin, forms.Form):
    name = forms.CharField(max_length=120, label="Class name")
    course = forms.ModelChoiceField(queryset=Course.objects.none(), label="Course")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.visible_to(user).order_by("title")


class JoinForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        max_length=20,
        label="Class code",
        help_text="The code your teacher gave you, for example K7MPQ2X.",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class MatrixFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Find a student")
    sort = forms.ChoiceField(
        required=False,
        choices=[("name", "Name"), ("progress", "Progress"), ("activity", "Last activity")],
        label="Sort by",
    )
    at_risk = forms.BooleanField(required=False, label="Only students at risk")

    def matrix_options(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "sort": data.get("sort") if data.get("sort") in SORTS else "name",
            "at_risk_only": bool(data.get("at_risk")),
        }
