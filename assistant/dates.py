"""Partial dates as the documents and filters use them: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date as calendar_date

_DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def normalise_date(value: str) -> str:
    """Return ``value`` if it is a real YYYY, YYYY-MM or YYYY-MM-DD date, else raise ValueError."""
    text = value.strip()
    match = _DATE_FORMS.match(text)
    if not match:
        raise ValueError(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = match.groups()
    try:
        # Check the calendar too, so "2024-13" or "2023-02-30" fail here and not in a filter.
        calendar_date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"date {value!r} is not a real calendar date") from None
    return text


def check_range(date_from: str | None, date_to: str | None) -> None:
    """Raise ValueError when a range ends before it starts (comparing the common precision)."""
    if date_from and date_to:
        width = min(len(date_from), len(date_to))
        if date_from[:width] > date_to[:width]:
            raise ValueError(f"the range starts ({date_from}) after it ends ({date_to})")
