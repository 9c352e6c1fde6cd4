"""Pages of a document's canonical text, as exact as the source allows and never invented.

- PDF: pypdf's pages, exact.
- Text converted from PDF or Word: a form feed ends a page (exact). Without form feeds,
  a printed page number on a line of its own ("Page | 26", "Page 3 of 40", "Page 3",
  "- 3 -", "3 | Page") is a footer: it ends its page, so the text between two markers is
  the later page. Text before the first marker lies somewhere on pages 1..N ("≤ 26"); text
  after the last lies on N+1 or later ("27+"), unless "of 40" gives the last page.
- .docx: Word's page breaks (``w:br w:type="page"``, ``w:lastRenderedPageBreak``) where
  the file has them (see ``word``).
- Anything else: one span whose page is unknown, shown as "page unknown", never "p. 1".

Signals checked in the bundled corpus and deliberately *not* used: a bare number on a
line of its own (the 2023 APP has table cells "7", "8", "9" in sequence), a number cell
opening a row ("4\\tArea 1" in the Wirral template), cross-references ("glossary on page
33"), and running headers such as "Revised Final version Nov 2020" (once, beside the
"Page | 26" footer: a boundary with no number of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.records import Page

# A printed page number alone on its line; ``number`` is the page, ``total`` the page count.
_MARKERS = [
    re.compile(r"^page\s*\|?\s*(?P<number>\d{1,4})(?:\s*(?:of|/)\s*(?P<total>\d{1,4}))?$", re.I),
    re.compile(r"^(?P<number>\d{1,4})\s*\|\s*page$", re.I),
    re.compile(r"^-\s*(?P<number>\d{1,4})\s*-$"),
]


def page_label(first: int | None, last: int | None) -> str:
    """The label of a stretch known to lie on pages ``first``..``last`` (None = open).

    (26, 26) -> "26"; (None, 26) -> "≤ 26"; (27, None) -> "27+"; (27, 29) -> "27–29";
    (None, None) -> "" (unknown).
    """
    if first is not None and first == last:
        return str(first)
    if last is not None and (first is None or first <= 1):
        return "1" if last == 1 else f"≤ {last}"
    if first is not None and last is None:
        return f"{first}+"
    if first is not None and last is not None:
        return f"{first}–{last}"
    return ""


def stretch(first: int | None, last: int | None, start: int, end: int) -> Page:
    """A ``Page`` for text known to lie on pages ``first``..``last``."""
    exact = first if first is not None and first == last else None
    return Page(page=exact, label=page_label(first, last), start=start, end=end)


def unknown_pages(length: int) -> list[Page]:
    """One span over a whole text of ``length`` characters whose page is unknown."""
    return [Page(page=None, label="", start=0, end=length)]


def numbered_pages(lengths: list[int]) -> list[Page]:
    """Exact pages of consecutive parts with these lengths (PDF pages, form-feed pages)."""
    pages: list[Page] = []
    offset = 0
    for number, length in enumerate(lengths, start=1):
        pages.append(Page(page=number, label=str(number), start=offset, end=offset + length))
        offset += length
    return pages


def describe_pages(pages: list[Page]) -> str:
    """A document's pages in a few words: "8 pages", "pages ≤ 26 and 27+", "pages unknown"."""
    if all(page.page is not None for page in pages):
        return f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    labels = [page.label for page in pages if page.label]
    if not labels:
        return "pages unknown"
    return "pages " + ", ".join(labels[:-1]) + (" and " if len(labels) > 1 else "") + labels[-1]


def text_pages(text: str) -> tuple[str, list[Page]]:
    """Canonical text and pages of a text file (form feeds become ``\\n``, same offsets)."""
    if "\f" in text:
        parts = text.split("\f")
        # A form feed ends its page, so it belongs to the page before it.
        lengths = [len(part) + 1 for part in parts[:-1]] + [len(parts[-1])]
        if not parts[-1].strip():  # a final form feed does not open an empty page
            lengths = lengths[:-1]
            lengths[-1] += len(parts[-1])
        return text.replace("\f", "\n"), numbered_pages(lengths)
    return text, marker_pages(text)


def marker_pages(text: str) -> list[Page]:
    """Pages from printed page numbers; one unknown span when there are none."""
    markers = _find_markers(text)
    if not markers:
        return unknown_pages(len(text))
    total = max((m.total for m in markers if m.total), default=None)
    if markers[0].number == 1 and not text[: markers[0].line_start].strip():
        # "Page 1" before any text: the numbers are headers, each opening its page.
        starts = [0] + [m.line_start for m in markers[1:]]
        ends = starts[1:] + [len(text)]
        return [
            stretch(m.number, m.number, a, b) for m, a, b in zip(markers, starts, ends, strict=True)
        ]
    pages: list[Page] = []
    start = 0
    previous: int | None = None
    for marker in markers:
        first = previous + 1 if previous is not None else (1 if marker.number == 1 else None)
        pages.append(stretch(first, marker.number, start, marker.line_end))
        start, previous = marker.line_end, marker.number
    assert previous is not None
    if not text[start:].strip() or total == previous:
        # Trailing blank lines, or text after "Page 40 of 40": still the last page.
        pages[-1] = pages[-1].model_copy(update={"end": len(text)})
    elif total is not None and total > previous:
        pages.append(stretch(previous + 1, total, start, len(text)))
    else:
        pages.append(stretch(previous + 1, None, start, len(text)))
    return pages


@dataclass(frozen=True)
class _Marker:
    line_start: int
    line_end: int  # just past the line's newline
    number: int
    total: int | None


def _find_markers(text: str) -> list[_Marker]:
    """Printed page numbers in order. Numbers must rise: one that does not is not a page."""
    found: list[_Marker] = []
    for line in re.finditer(r"[^\n]*\n?", text):
        stripped = line.group().strip()
        if not stripped or len(stripped) > 20:
            continue
        for pattern in _MARKERS:
            match = pattern.match(stripped)
            if match:
                number = int(match["number"])
                total = match.groupdict().get("total")
                if number >= 1 and (not found or number > found[-1].number):
                    found.append(
                        _Marker(line.start(), line.end(), number, int(total) if total else None)
                    )
                break
    return found
