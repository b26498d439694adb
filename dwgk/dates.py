"""Dates as office staff type them: 2026-02-12, 2026-2-12, 2026/2/12, 2026.2.12 or 2026年2月12日.

One parser and one form field for every date the product asks for, shown with the browser's
date picker (which sends ISO dates) and read the same way when typed by hand."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(
    r"\s*(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)\s*"
)


def parse_date(text: str) -> datetime.date | None:
    """The date written in `text`, or None when it is not a date in one of the accepted forms."""
    match = _PATTERN.fullmatch(text or "")
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or match.group(4))
    day = int(match.group(3) or match.group(5))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


class DateInput(forms.DateInput):
    """The browser's date picker; the value is given back in ISO form so the picker shows it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChineseDateField(forms.DateField):
    widget = DateInput
    default_error_messages = {
        "invalid": _("请填写有效日期，如 2026-02-12、2026-2-12 或 2026年2月12日"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
