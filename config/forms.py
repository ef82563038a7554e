"""What every form of ours refuses, in one place."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

# C0 and C1 control characters and DEL, except tab, line feed and carriage return (text).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def reject_control_characters(value: str) -> None:
    found = CONTROL_CHARACTER.search(value)
    if found is None:
        return
    at = found.start()
    line = value.count("\n", 0, at) + 1
    column = at - value.rfind("\n", 0, at)
    raise forms.ValidationError(
        "Remove the control character U+%(code)04X (line %(line)s, column %(column)s): text may "
        "hold tabs and line breaks, but no other control characters.",
        code="control_character",
        params={"code": ord(found.group()), "line": line, "column": column},
    )


class CleanTextMixin:
    """Every text field of the form refuses NUL and other control characters, with a field error.

    PostgreSQL cannot store NUL (psycopg refuses the whole query: a 500 without this), and the
    other controls are never typed on purpose. Mix it in first: `class F(CleanTextMixin, Form)`.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # this form's own copies of the fields
            if isinstance(field, forms.CharField):
                field.validators = [
                    validator
                    for validator in field.validators
                    if not isinstance(validator, ProhibitNullCharactersValidator)
                ] + [reject_control_characters]
