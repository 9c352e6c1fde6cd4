"""Partial dates as the documents and filters use them: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date as calendar_date

_DATE_FORMS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# As people write them: "May 2022", "5 May 2022", "5th May 2022", "05/05/2022", "05/2022".
_WRITTEN = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE)
_SLASHED = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")


def _iso(value: str) -> str:
    """A written or UK-slashed date as YYYY-MM(-DD); other text unchanged."""
    from assistant.domain.ratings import MONTHS

    if match := _WRITTEN.match(value):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is not None:
            return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if match := _SLASHED.match(value):
        day, month_text, year = match.groups()  # UK order: day/month/year
        return f"{year}-{int(month_text):02d}" + (f"-{int(day):02d}" if day else "")
    return value


def normalise_date(value: str) -> str:
    """A real date as YYYY, YYYY-MM or YYYY-MM-DD (written forms such as "May 2022" or
    "05/05/2022" are read as such); raise ValueError otherwise."""
    text = _iso(value.strip())
    match = _DATE_FORMS.match(text)
    if not match:
        raise ValueError(f"write the date as e.g. 2022-05, May 2022 or 5 May 2022 (got {value!r})")
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
