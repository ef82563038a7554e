from django import forms

from exercises.models import Submission


class SubmissionForm(forms.Form):
    code = forms.CharField(
        label="Your solution (solution.py)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "autocapitalize": "off"}),
    )
    kind = forms.ChoiceField(
        choices=[(Submission.Kind.RUN, "Run"), (Submission.Kind.SUBMIT, "Submit")],
        initial=Submission.Kind.SUBMIT,
    )
