"""RAG ratings and due dates as action registers write them.

Registers write a rating as a letter ("R", "A", "G", "C" in the Shropshire APP,
whose legend reads "C: Completed"), as a word ("Amber", "Completed") or as a
phrase ("red rated"). Due dates come as "Apr-23", "?July 2023", "Sep 20 and
ongoing", "Oct 20 to Mar 21", or as words with no month ("TBC", "In place").
"""

from __future__ import annotations

import re

RAG_COLOURS = ("red", "amber", "green", "complete")
# A RAG cell's first word (lower case, punctuation stripped) -> normalised rating.
RAG_WORDS: dict[str, str] = {
    "r": "red",
    "red": "red",
    "a": "amber",
    "amber": "amber",
    "g": "green",
    "green": "green",
    "c": "complete",
    "complete": "complete",
    "completed": "complete",
    "blue": "complete",  # some registers mark completed actions blue
    "b": "complete",
}
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# "Apr-23", "Apr 23", "?July 2023", "Sept'21", "September 2023".
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?[\s\-/'’]*(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
# "03/2024", "3/24".
_NUMERIC = re.compile(r"\b(0?[1-9]|1[0-2])/(\d{4}|\d{2})\b")
YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def normalise_rag(text: str) -> str:
    """'R' -> 'red', 'Completed' -> 'complete', 'Amber - at risk' -> 'amber'; else ''."""
    words = re.findall(r"[a-z]+", text.lower())
    return RAG_WORDS.get(words[0], "") if words else ""


def due_month(text: str) -> str | None:
    """The month a due date names, as YYYY-MM; the last one for a range; None if none.

    "Oct 20 to Mar 21" is due in March 2021 (the end of the range); "TBC",
    "In place", "Ongoing" and "Beginning in March" (no year) name no month.
    """
    found: list[tuple[int, int, int]] = []  # (position, year, month)
    for match in _MONTH_YEAR.finditer(text):
        month = MONTHS[match.group(1).lower()]
        found.append((match.start(), _year(match.group(2)), month))
    for match in _NUMERIC.finditer(text):
        found.append((match.start(), _year(match.group(2)), int(match.group(1))))
    if not found:
        return None
    _, year, month = max(found)
    return f"{year:04d}-{month:02d}"


def _year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def parse_year_month(value: str) -> str:
    """Check a YYYY-MM month given by a person; raises ValueError saying what to type."""
    value = value.strip()
    if not YEAR_MONTH.match(value):
        raise ValueError(f"'{value}' is not a month: give it as YYYY-MM, for example 2024-03.")
    return value
