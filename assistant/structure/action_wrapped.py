"""Actions from column-wrapped tables: the 2020 Shropshire WSoA.

Its PDF extraction put each cell on lines of its own, so a row reads:

    3.1.1 Establish data set/s to report and      <- reference + action text
    monitor impact of actions taken
                                                  <- blank line ends the action cell
    Dec 20 CC NO/PACC/SM                          <- completion date, lead, partners
    MPFT ND workstream members ...                <- partners, resources, measures

A row runs from its reference line to the next one. Reference, action text,
completion date and lead are recognised; the resources / "how will we know" /
progress columns run into each other and are left to the chunks. A two-part
reference line ("3.1 Establish efficient DN pathway") is the outcome of the rows
below it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from assistant.domain.ratings import MONTHS
from assistant.records import Action, ActionSource, Document, FieldSpan, SectionKind, Segment
from assistant.structure.action_fields import field_span, make_action
from assistant.structure.parser import DocumentStructure
from assistant.structure.text import Line

_ROW_START = re.compile(r"^\s*(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)(?:\s+(?=[A-Z(‘'\"])|\s*$)")
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s*\d{2,4}"
# A completion-date cell at the start of a line: "Dec 20", "Sep 20 and ongoing",
# "Oct 20 to Mar 21", "Ongoing", "TBC"; a continuation may sit on the next line.
_UNTIL = rf"(?:[ \t]+(?:and|to|-|–)(?:\s*(?:ongoing|{_MONTH}))?)?"
_DUE = re.compile(
    rf"^[ \t]*({_MONTH}{_UNTIL}|ongoing|on-going|tbc)\b",
    re.IGNORECASE | re.MULTILINE,
)
_INLINE_DUE = re.compile(rf"[ \t]({_MONTH})(?=[ \t]|$)", re.IGNORECASE | re.MULTILINE)
# The lead: an officer abbreviation such as "CC", "DoP/DCS", "CC/NO", "HoVS".
_LEAD = re.compile(r"[ \t]+([A-Z][A-Za-z]{0,4}(?:[ \t]?/[ \t]?[A-Z][A-Za-z]{0,4})*)(?=[\s/,]|$)")
# Partner and resource cells that follow the date in the lead's place.
_NOT_LEAD = frozenset({"Existing", "No", "Officer", "All"})


def parse_wrapped_actions(
    document: Document, structure: DocumentStructure, lines: list[Line]
) -> list[Action]:
    """Actions from every column-wrapped action table of ``document``."""
    actions: list[Action] = []
    content_starts = [ln.content_start for ln in lines]  # ascending, like the lines
    for segment in structure.segments:
        seg_lines = lines[
            bisect_left(content_starts, segment.start) : bisect_left(content_starts, segment.end)
        ]
        if _is_wrapped(segment, seg_lines):
            actions.extend(_segment_actions(document, structure, segment, seg_lines))
    return actions


def _is_wrapped(segment: Segment, seg_lines: list[Line]) -> bool:
    if segment.section is not SectionKind.actions:
        return False
    content = [ln for ln in seg_lines if not ln.blank]
    row_starts = sum(1 for ln in content if _ROW_START.match(ln.text))
    tab_rows = sum(1 for ln in content if ln.is_row)
    return row_starts >= 2 and tab_rows < 0.2 * len(content)


def _segment_actions(
    document: Document, structure: DocumentStructure, segment: Segment, seg_lines: list[Line]
) -> list[Action]:
    starts = [i for i, ln in enumerate(seg_lines) if _ROW_START.match(ln.text)]
    actions: list[Action] = []
    outcome: FieldSpan | None = None
    for first, following in zip(starts, [*starts[1:], len(seg_lines)], strict=True):
        row = seg_lines[first:following]
        match = _ROW_START.match(row[0].text)
        assert match is not None
        ref_start, ref_end = row[0].start + match.start(1), row[0].start + match.end(1)
        if match.group(1).count(".") == 1:
            outcome = field_span(document, row[0].start, row[0].end)
            continue
        reference = field_span(document, ref_start, ref_end)
        assert reference is not None
        fields = _row_fields(document, row, ref_end, segment)
        fields["outcome"] = outcome
        actions.append(
            make_action(document, structure, reference, ActionSource.wrapped_row, fields)
        )
    return actions


def _row_fields(
    document: Document, row: list[Line], ref_end: int, segment: Segment
) -> dict[str, FieldSpan | None]:
    """Action text (its first paragraph), completion date and lead."""
    text = document.text
    # The action cell starts after the reference, or (when the reference stands
    # alone on its line) at the first line that has text.
    body = [row[0]] if text[ref_end : row[0].end].strip() else []
    rest = row[1:]
    while not body and rest:
        if not rest[0].blank and not _due_at(text, rest[0]):
            body = [rest[0]]
        elif not rest[0].blank:
            break
        rest = rest[1:]
    for line in list(rest):
        if line.blank or _due_at(text, line):
            break
        body.append(line)
        rest = rest[1:]
    limit = min(row[-1].end, segment.end)
    action_start = ref_end if body and body[0] is row[0] else (body[0].start if body else ref_end)
    action_end = body[-1].end if body else ref_end
    due = next((m for ln in rest if (m := _due_at(text, ln, limit))), None)
    if due is None:  # "1.3.2 Content and format of JSNA agreed Feb 21 DPH Insights"
        due = _INLINE_DUE.search(text, action_start, action_end)
        if due is not None:
            action_end = due.start(1)
    fields: dict[str, FieldSpan | None] = {
        "action": field_span(document, action_start, min(action_end, segment.end))
    }
    if due is None:
        return fields
    fields["due"] = field_span(document, due.start(1), due.end(1))
    line_end = text.find("\n", due.end(1))
    line_end = len(text) if line_end < 0 else line_end
    if "\n" not in text[due.start(1) : due.end(1)]:
        lead = _LEAD.match(text, due.end(1), line_end)
        if lead and _is_lead(lead.group(1)):
            fields["responsible_officer"] = field_span(document, lead.start(1), lead.end(1))
    return fields


def _due_at(text: str, line: Line, limit: int | None = None) -> re.Match[str] | None:
    """The completion date opening ``line`` (it may run on up to ``limit``), if any.

    A word-only date ("Ongoing", "TBC") must stand alone or before a lead ("Ongoing
    SEN"), not run on as action text ("ongoing commissioning of").
    """
    match = _DUE.match(text, line.start, line.end if limit is None else limit)
    if match is None or match.group(1)[:3].lower() in MONTHS:
        return match
    after = text[match.end(1) : line.end].strip()
    return match if not after or after[0].isupper() else None


def _is_lead(token: str) -> bool:
    return token not in _NOT_LEAD and sum(ch.isupper() for ch in token) >= 2
