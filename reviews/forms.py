from __future__ import annotations

from django import forms

from reviews.models import ReviewLog


class RatingForm(forms.Form):
    card = forms.IntegerField(min_value=1)
    rating = forms.TypedChoiceField(choices=ReviewLog.Rating.choices, coerce=int)
    # When the card's front was shown (epoch milliseconds, from the page): the review's length.
    shown_at = forms.IntegerField(required=False, min_value=0)
