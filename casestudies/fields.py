"""Model fields for money and planned quarters.

Money is whole pounds in an integer column, never a float: sums must come
out exact, and councils report savings to the pound. The form field accepts
what people type ("£12,500") and says which field is wrong when it cannot
read it.
"""

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property

#: The largest amount one field holds: under PostgreSQL's integer limit, so a typo
#: of too many digits is a form error, not a database error.
MAX_POUNDS = 999_999_999


class PoundsFormField(forms.IntegerField):
    """A whole number of pounds; a pound sign, commas and spaces are allowed and ignored."""

    def to_python(self, value):
        typed = value
        if isinstance(value, str):
            value = re.sub(r"[£,\s]", "", value)
        try:
            if typed and isinstance(typed, str) and typed.strip() and not value:
                raise forms.ValidationError("only a pound sign or commas", code="invalid")
            return super().to_python(value)
        except forms.ValidationError as error:
            label = (self.label or "this amount").lower()
            raise forms.ValidationError(
                f"Enter the {label} as a whole number of pounds, like 12000, without pence.",
                code="invalid",
            ) from error

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text box with a numeric keyboard: GOV.UK advises against type="number".
        attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        return attrs


class PoundsField(models.IntegerField):
    """Whole pounds, 0 or more. Each use names itself in its error messages."""

    @cached_property
    def validators(self):
        # Built here rather than passed in, so the messages name the field and stay out of migrations.
        name = self.verbose_name or "amount"
        return [
            *super().validators,
            MinValueValidator(0, message=f"The {name} cannot be negative. Enter 0 or more, in whole pounds."),
            MaxValueValidator(
                MAX_POUNDS, message=f"The {name} must be £{MAX_POUNDS:,} or less. Check for extra digits."
            ),
        ]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PoundsFormField, "widget": forms.TextInput, **kwargs})


QUARTER_PATTERN = re.compile(r"^(20\d\d) Q([1-4])$")
QUARTER_MESSAGE = "Enter the planned quarter as a year and a quarter number, like 2027 Q1."


class QuarterField(models.CharField):
    """A calendar quarter such as "2027 Q1". "2027q1", "2027-Q1" and "Q1 2027" are tidied to that form."""

    default_validators = [RegexValidator(QUARTER_PATTERN, QUARTER_MESSAGE, code="invalid_quarter")]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not isinstance(value, str):
            return value
        compact = re.sub(r"[\s\-/]", "", value).upper()
        if match := re.fullmatch(r"(\d{4})Q([1-4])", compact):
            return f"{match[1]} Q{match[2]}"
        if match := re.fullmatch(r"Q([1-4])(\d{4})", compact):
            return f"{match[2]} Q{match[1]}"
        return value.strip()
