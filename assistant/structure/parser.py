"""Parse a document's text into ordered segments labelled by priority and section.

The parser walks the lines once and records *boundaries*: a priority heading, a
section heading, or one of a few implicit changes (an APP impact table without a
header, a next-steps list without its heading, a switch from amber- to red-rated
actions). Each boundary opens a segment that runs to the next one. Segments that
hold nothing but headings are merged into the segment that follows, so a heading
such as "Evidence of impact" always travels with its content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from pydantic import BaseModel, Field, PrivateAttr

from assistant.domain.doc_types import DOC_TYPES
from assistant.records import DocType, Priority, SectionKind, Segment
from assistant.structure.inspection_areas import (
    RUNNING_HEADER,
    find_inspection_areas,
    is_areas_heading,
)
from assistant.structure.priorities import (
    TitleCandidate,
    best_titles,
    find_priority_headings,
    find_weakness_list,
)
from assistant.structure.sections import (
    Scope,
    find_action_refs,
    find_rag,
    is_wsoa_table_head,
    section_heading,
)
from assistant.structure.text import Line, split_lines, trim_span


class DocumentStructure(BaseModel):
    """A document's priorities and its segmentation into priority × section regions."""

    segments: list[Segment] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    _starts: tuple[int, list[int] | None] | None = PrivateAttr(None)  # for segment_at

    def title_of(self, number: int | None) -> str:
        """The best title for a priority number ("" when unknown or None)."""
        for priority in self.priorities:
            if priority.number == number:
                return priority.title
        return ""

    def segment_at(self, offset: int) -> Segment | None:
        """The segment holding character ``offset``, if any."""
        if self._starts is None or self._starts[0] != len(self.segments):
            every = [s.start for s in self.segments]
            self._starts = (len(every), every if every == sorted(every) else None)
        starts = self._starts[1]
        if starts is None:  # not in order: look at each
            return next((s for s in self.segments if s.start <= offset < s.end), None)
        index = bisect_right(starts, offset) - 1  # a long file has thousands of segments
        if index >= 0 and offset < self.segments[index].end:
            return self.segments[index]
        return None


@dataclass(frozen=True)
class _Boundary:
    line: int  # index of the line the segment starts at
    body_line: int  # first line that is not part of the heading(s)
    priority: int | None
    section: SectionKind
    rag: str = ""


# An APP impact-measure row: a theme number ("1.", "2, 4") then a reference cell.
_MEASURE_ROW = re.compile(r"^\d{1,2}\.?(?:\s*,\s*\d{1,2})*\t")
# Torbay lists actions by colour: "The following are amber rated actions:".
_RAG_GROUP = re.compile(r"\b(red|amber|green)[\s-]+rated\b", re.IGNORECASE)
_IMPLICIT_NEXT_STEPS = re.compile(r"^\s*-?\s*\(i\)\s")


def parse_structure(text: str, doc_type: DocType) -> DocumentStructure:
    """Split ``text`` into ordered, non-overlapping segments and find its priorities.

    Segments together cover all non-blank text; each has one priority (or None)
    and one section kind, plus the action references and RAG rating inside it.
    """
    lines = split_lines(text)
    weakness_list = find_weakness_list(lines)
    boundaries, candidates = _find_boundaries(lines, doc_type)
    # A numbered list item ends where the next number starts, so its title is
    # more reliable than a heading's, which may run on into a page-break fragment.
    titles = best_titles(weakness_list + candidates, preferred={c.line for c in weakness_list})
    priorities = [Priority(number=n, title=titles[n]) for n in sorted(titles)]
    segments: list[Segment] = []
    for boundary, following in zip(boundaries, [*boundaries[1:], None], strict=True):
        start = lines[boundary.line].start
        end = lines[following.line].start if following else len(text)
        start, end = trim_span(text, start, end)
        if start >= end:
            continue
        segment_text = text[start:end]
        segments.append(
            Segment(
                start=start,
                end=end,
                priority=boundary.priority,
                priority_title=titles.get(boundary.priority, "") if boundary.priority else "",
                section=boundary.section,
                action_refs=find_action_refs(segment_text),
                rag=boundary.rag or find_rag(segment_text),
            )
        )
    return DocumentStructure(segments=segments, priorities=priorities)


def _find_boundaries(
    lines: list[Line], doc_type: DocType
) -> tuple[list[_Boundary], list[TitleCandidate]]:
    candidates: list[TitleCandidate] = []
    headings: dict[int, tuple[int, int]] = {}  # line -> (number, body line)
    if doc_type is DocType.inspection_report:
        for area in find_inspection_areas(lines, doc_type):
            headings[area.first_line] = (area.number, area.first_line)
            candidates.append(TitleCandidate(area.number, area.title, area.first_line))
    else:
        for heading in find_priority_headings(lines, doc_type):
            headings[heading.line] = (heading.number, heading.body_line)
            candidates.append(TitleCandidate(heading.number, heading.title, heading.line))

    start_section = DOC_TYPES[doc_type].start_section
    boundaries = [_Boundary(0, 0, None, start_section)]
    skip_until = 0
    for line in lines:
        current = boundaries[-1]
        if line.index in headings:
            number, body = headings[line.index]
            section = DOC_TYPES[doc_type].priority_section
            boundaries.append(_Boundary(line.index, body, number, section))
            skip_until = body
            continue
        if line.blank or line.index < skip_until or RUNNING_HEADER.match(line.text):
            continue
        found = _section_change(line, doc_type, current)
        if found is not None and found.line == current.line:
            boundaries[-1] = found  # the same segment, now known to carry a RAG rating
        elif found is not None:
            boundaries.append(found)
    return _merge_heading_only(_pull_back(boundaries, lines), lines, doc_type), candidates


def _section_change(line: Line, doc_type: DocType, current: _Boundary) -> _Boundary | None:
    """A boundary opened at ``line``, or None when the line continues the segment."""
    heading = section_heading(line, doc_type)
    if heading is None and is_areas_heading(line):
        heading = (SectionKind.areas_for_improvement, Scope.outside)
    if heading is not None:
        section, scope = heading
        priority = current.priority if scope is Scope.within else None
        if section is SectionKind.header and current.section is SectionKind.header:
            return None  # a title line inside the header, not a new part
        return _Boundary(line.index, line.index + 1, priority, section)
    implicit = _implicit_section(line, doc_type, current)
    if implicit is not None:
        return _Boundary(line.index, line.index, current.priority, implicit)
    if current.section is SectionKind.timescale_check:
        colour = _RAG_GROUP.search(line.text)
        if colour and colour.group(1).lower() != current.rag:
            if not current.rag:  # the first colour group rates the segment it is in
                return replace(current, rag=colour.group(1).lower())
            return replace(
                current, line=line.index, body_line=line.index, rag=colour.group(1).lower()
            )
    return None


def _implicit_section(line: Line, doc_type: DocType, current: _Boundary) -> SectionKind | None:
    """Section changes that the documents make without a heading."""
    if current.priority is None:
        return None
    if (
        doc_type is DocType.accelerated_progress_plan
        and current.section is SectionKind.actions
        and _MEASURE_ROW.match(line.text)
    ):
        return SectionKind.measures  # APP P5's milestone table has no header row
    if current.section is SectionKind.impact and _IMPLICIT_NEXT_STEPS.match(line.text):
        return SectionKind.next_steps  # Wirral lists next steps "(i)..." without the heading
    if (
        doc_type is DocType.wsoa
        and current.section in (SectionKind.measures, SectionKind.introduction)
        and is_wsoa_table_head(line)
    ):
        return SectionKind.actions
    return None


def _is_heading_line(line: Line, doc_type: DocType) -> bool:
    return (
        section_heading(line, doc_type) is not None
        or is_areas_heading(line)
        or bool(RUNNING_HEADER.match(line.text))
    )


def _pull_back(boundaries: list[_Boundary], lines: list[Line]) -> list[_Boundary]:
    """Start each segment at the running page header printed just above its heading."""
    pulled = boundaries[:1]
    for boundary in boundaries[1:]:
        start = boundary.line
        while start - 1 > pulled[-1].line and (
            lines[start - 1].blank or RUNNING_HEADER.match(lines[start - 1].text)
        ):
            start -= 1
        while lines[start].blank:  # never start a segment on a blank line
            start += 1
        pulled.append(replace(boundary, line=start))
    return pulled


def _merge_heading_only(
    boundaries: list[_Boundary], lines: list[Line], doc_type: DocType
) -> list[_Boundary]:
    """Fold segments that contain only heading lines into the segment after them."""
    merged: list[_Boundary] = []
    pending_start: int | None = None
    for boundary, following in zip(boundaries, [*boundaries[1:], None], strict=True):
        start = boundary.line if pending_start is None else pending_start
        end = following.line if following else len(lines)
        body = lines[max(boundary.body_line, boundary.line) : end]
        has_body = any(not ln.blank and not _is_heading_line(ln, doc_type) for ln in body)
        tiny = sum(len(ln.stripped) for ln in lines[boundary.line : end]) < 40
        if following is not None and (not has_body or tiny):
            if merged and boundary.priority not in (None, following.priority):
                # A priority's closing table header ("Priority Area 3 Score Card
                # KPI") stays with that priority: the previous segment absorbs it.
                pending_start = None
                continue
            pending_start = start
            continue
        merged.append(replace(boundary, line=start))
        pending_start = None
    return merged
