"""Recognise priorities (areas of weakness) in their local forms.

Areas number their weaknesses differently ("Priority 5", "Area 2 | title",
"ASW 6", "Priority Area 3: ND Pathways", "Pillar 5"), so a heading is a line that
*starts* with one of those keywords and a number, followed by a title on the
same line, on the next lines, or nowhere. Titles also come from the numbered list
of weaknesses in a WSoA introduction. Inspection reports state theirs as
paragraphs under "areas for improvement" / "areas for priority action" (see
``inspection_areas``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.lexicon import BULLET_GLYPHS, NOT_A_TITLE, priority_pattern
from assistant.records import DocType
from assistant.structure.sections import find_action_refs, section_heading
from assistant.structure.text import (
    RULE_LINE_RE,
    Line,
    ends_sentence,
    is_bullet,
    normalise_space,
)

_HEADING_RE = re.compile(
    # Wirral's template prefixes a page-number cell: "4\tArea 1\t..."
    priority_pattern(prefix=r"^\s*(?:\d{1,3}[\t ]+)?") + r"(?P<rest>(?:[\s:|)–—-].*)?)$",
    re.IGNORECASE,
)
_REF_LIST_RE = re.compile(r"^[\s,;&/]*(?:(?:to|and)\b[\s,;&/]*)*$", re.IGNORECASE)
_ACTION_REF_LINE = re.compile(r"^\s*\d{1,2}\.\d")
_MAX_TITLE_LINES = 5


@dataclass(frozen=True)
class PriorityHeading:
    """A line that opens a priority, with the title found for it."""

    number: int
    line: int  # index of the heading line
    body_line: int  # first line after the heading and its title lines
    title: str


@dataclass(frozen=True)
class TitleCandidate:
    """A title for a priority number found somewhere in the document."""

    number: int
    title: str
    line: int


def clean_title(text: str) -> str:
    """Normalise whitespace and drop trailing punctuation and table ruling."""
    text = normalise_space(text.replace("\t", " "))
    text = re.sub(r"(\s*[-–—_]{3,}\s*)+$", "", text)
    return text.strip(" .;:,|-–—")


def _is_ref_listing(rest: str) -> bool:
    """ "(JC) : 2A.3, 2A.4, 2B" lists action references, it is not a title."""
    rest = re.sub(r"^\s*\([^)]*\)", "", rest).strip(" \t:")
    refs = find_action_refs(rest)
    if not refs:
        return False
    remainder = re.sub(r"\d{1,2} ?[A-Z]?(?:\.\d{1,2}|\.[a-z])*[A-Za-z]?", "", rest)
    return bool(_REF_LIST_RE.match(remainder))


def match_heading(lines: list[Line], index: int) -> tuple[int, str] | None:
    """(number, rest of line) when ``lines[index]`` opens a priority, else None."""
    line = lines[index]
    match = _HEADING_RE.match(line.text)
    if not match or not match.group("kw")[0].isupper():
        return None
    keyword = match.group("kw")
    rest = match.group("rest") or ""
    # "Priority 1 Priority 2 Priority 3": a table header naming several priorities.
    if re.search(rf"\b{re.escape(keyword)}\s*\d", rest, re.IGNORECASE):
        return None
    if _is_ref_listing(rest):
        return None
    first_cell = next((c.strip() for c in rest.split("\t") if c.strip()), "")
    first_cell = first_cell.lstrip(" :|–—-").strip()
    # "Priority Area 3 Impacts\tReference..." is a table header of that priority and
    # "Workstream 1 Lead Jason Oxley" a board member, not priorities with titles.
    if NOT_A_TITLE.match(first_cell):
        return None
    checked = re.sub(r"^\([^)]*\)\s*", "", first_cell)
    if checked[:1].islower():  # "Area 7 has seen...": prose, not a heading
        return None
    previous = lines[index - 1] if index > 0 else None
    # A hard-wrapped sentence that happens to continue with "Area 7 ...". A
    # keyword and number alone on a line is a heading even after a table cell.
    if (
        first_cell
        and previous is not None
        and not previous.blank
        and not ends_sentence(previous.text)
        and not previous.is_row
    ):
        return None
    number = int(match.group("num"))
    return (number, first_cell) if 0 < number <= 30 else None


def _stops_title(line: Line, doc_type: DocType, lines: list[Line]) -> bool:
    text = line.stripped
    return (
        section_heading(line, doc_type) is not None
        or match_heading(lines, line.index) is not None
        or is_bullet(line)
        or bool(RULE_LINE_RE.match(line.text))
        or bool(_ACTION_REF_LINE.match(text))
        or line.is_row
        or text.endswith(":")
        or len(text) > 300
    )


def read_heading_title(
    lines: list[Line], index: int, first: str, doc_type: DocType
) -> tuple[str, int]:
    """Collect a heading's title from its own line and the lines after it.

    Returns the title and the index of the first line after the title. A title
    continues over hard wraps and tab-indented cells; after a blank line it
    continues only while the text reads like further weakness statements
    (Wirral lists up to three per area), never into "See p20 of report:" or bullets.
    """
    paragraphs: list[list[str]] = [[first]] if first else []
    end = index + 1
    blank_seen = False
    for line in lines[index + 1 : index + 1 + 4 * _MAX_TITLE_LINES]:
        if line.blank:
            blank_seen = True
            continue
        if _stops_title(line, doc_type, lines) or end - index > _MAX_TITLE_LINES * 2:
            break
        text = " ".join(line.cells)
        last = paragraphs[-1][-1] if paragraphs else ""
        if not paragraphs:
            paragraphs.append([text])
        elif blank_seen:
            if text[:1].islower() and not ends_sentence(last):
                paragraphs[-1].append(text)
            elif ends_sentence(last) or len(paragraphs) >= 3:
                break
            else:
                paragraphs.append([text])
        elif ends_sentence(last) and not line.text.startswith("\t"):
            break
        else:
            paragraphs[-1].append(text)
        end = line.index + 1
        blank_seen = False
    title = "; ".join(clean_title(" ".join(p)) for p in paragraphs)
    return clean_title(title), end


def find_priority_headings(lines: list[Line], doc_type: DocType) -> list[PriorityHeading]:
    """Every line that opens a priority, with its title and where its body starts."""
    headings: list[PriorityHeading] = []
    skip_until = 0
    for line in lines:
        if line.index < skip_until or line.blank:
            continue
        found = match_heading(lines, line.index)
        if found is None:
            continue
        number, first = found
        title, body = read_heading_title(lines, line.index, first, doc_type)
        headings.append(PriorityHeading(number, line.index, body, title))
        skip_until = body
    return headings


_LIST_CUE = re.compile(
    r"following\s+(?:\w+\s+){0,2}(?:areas|priorities|weaknesses)\b"
    r"|areas?\s+of\s+(?:significant\s+)?(?:weakness|concern)\s*:\s*$",
    re.IGNORECASE,
)
_NUMBERED_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")
_BULLET_ITEM = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]\s+(\S.*)$")


def find_weakness_list(lines: list[Line]) -> list[TitleCandidate]:
    """Titles from an introduction's list of weaknesses.

    Only a list announced by a cue such as "will focus on the following 6 areas"
    or "areas of significant weakness:" counts, so numbered action themes
    ("1. Actions to ensure clarity...") are not mistaken for priorities.
    """
    for cue in (ln for ln in lines if _LIST_CUE.search(ln.text)):
        items = _read_list(lines, cue.index + 1)
        if len(items) >= 2:
            return items
    return []


def _read_list(lines: list[Line], start: int) -> list[TitleCandidate]:
    items: list[TitleCandidate] = []
    parts: list[str] = []
    non_item_lines = 0
    blank_before = False

    def close() -> None:
        if parts:
            items.append(TitleCandidate(len(items) + 1, clean_title(" ".join(parts)), first_line))

    first_line = start
    for line in lines[start:]:
        if line.blank:
            blank_before = True
            continue
        numbered = _NUMBERED_ITEM.match(line.text)
        bullet = _BULLET_ITEM.match(line.text)
        if numbered and int(numbered.group(1)) == len(items) + (2 if parts else 1):
            close()
            parts, first_line = [numbered.group(2)], line.index
        elif bullet and not numbered and (parts or not items):
            close()
            parts, first_line = [bullet.group(1)], line.index
        elif parts and (
            line.stripped[:1].islower() or not (blank_before or ends_sentence(parts[-1]))
        ):
            parts.append(line.stripped)
        elif not parts and not items and non_item_lines < 2:
            non_item_lines += 1  # a line of preamble between the cue and the list
        else:
            break
        blank_before = False
    close()
    return items


def best_titles(
    candidates: list[TitleCandidate], preferred: set[int] | None = None
) -> dict[int, str]:
    """One title per number.

    Candidates at lines in ``preferred`` (list items, whose end the numbering marks
    reliably) win over heading titles, which can run on into a page-break fragment;
    otherwise the longest plausible candidate wins (first wins ties).
    """
    preferred = preferred or set()
    best: dict[int, tuple[bool, int, str]] = {}
    for candidate in candidates:
        title = candidate.title
        if not title or len(title) > 600:
            best.setdefault(candidate.number, (False, 0, ""))
            continue
        key = (candidate.line in preferred, len(title), title)
        if key[:2] > best.get(candidate.number, (False, 0, ""))[:2]:
            best[candidate.number] = key
    return {number: title for number, (_, _, title) in best.items()}
