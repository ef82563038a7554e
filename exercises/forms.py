from django import forms

from config.forms import CleanTextMixin
from exercises.models import Submission


class SubmissionForm(CleanTextMixin, forms.Form):
    # The page renders its own <textarea> (the code editor attaches to it); this validates.
    code = forms.CharField(label="Your solution (solution.py)", strip=False)
    kind = forms.ChoiceField(
        choices=[(Submission.Kind.RUN, "Run"), (Submission.Kind.SUBMIT, "Submit")],
        initial=Submission.Kind.SUBMIT,
    )
