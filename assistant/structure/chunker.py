"""Chunk a document along its structure rather than in fixed windows.

A chunk never crosses a segment boundary (so it has one priority and one
section). Inside a segment the text is cut into units (paragraphs, list items,
table rows) and consecutive units are packed up to ``max_chars``. Only a unit that
is too long on its own is split, at paragraph or sentence boundaries; a table row
is kept whole up to twice the limit because half a row loses its meaning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from assistant.records import Chunk, Document, SectionKind, Segment
from assistant.structure.parser import DocumentStructure, parse_structure
from assistant.structure.sections import find_action_refs, find_rag
from assistant.structure.text import Line, ends_sentence, is_bullet, split_lines, trim_span

# A row of the column-wrapped Shropshire WSoA tables starts with its reference:
# "1.1.2 Publish the SEND Strategy" or an outcome row "2.1 SEND Provider Action Plans".
_WRAPPED_ROW_START = re.compile(r"^\s*\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s+[A-Z(‘'\"]")
_HEADING_MAX = 100
_TINY = 80
# Cut points for an over-long unit, tried in order: paragraphs and sentences,
# then line ends, then any whitespace.
_CUT_LEVELS = (re.compile(r"\n[ \t]*\n\s*|(?<=[.!?])\s+"), re.compile(r"\n\s*"), re.compile(r"\s+"))


@dataclass(frozen=True)
class Unit:
    """A span that should not be split: a paragraph, list item or table row."""

    start: int
    end: int
    row: bool = False
    heading: bool = False

    @property
    def size(self) -> int:
        return self.end - self.start


def chunk_document(
    document: Document, max_chars: int = 1200, *, structure: DocumentStructure | None = None
) -> list[Chunk]:
    """Cut ``document`` into citable chunks that follow its priorities and sections.

    ``structure`` may be passed when the caller has already parsed the document.
    Each chunk's text is exactly ``document.text[start:end]``.
    """
    structure = structure or parse_structure(document.text, document.doc_type)
    lines = split_lines(document.text)
    chunks: list[Chunk] = []
    starts, ends = [ln.start for ln in lines], [ln.end for ln in lines]
    for segment in structure.segments:
        # Only the segment's lines (found by bisection: a long file has many segments).
        near = lines[bisect_right(ends, segment.start) : bisect_left(starts, segment.end)]
        units = split_units(document.text, near, segment)
        for start, end in pack_units(document.text, units, max_chars):
            chunks.append(_make_chunk(document, structure, segment, start, end))
    return chunks


def split_units(text: str, lines: list[Line], segment: Segment) -> list[Unit]:
    """Cut a segment into units: paragraphs, list items and table rows."""
    seg_lines = [ln for ln in lines if ln.end > segment.start and ln.start < segment.end]
    if _is_wrapped_table(seg_lines, segment):
        return _wrapped_rows(text, seg_lines, segment)
    units: list[Unit] = []
    open_start: int | None = None
    open_end = 0
    open_lines = 0

    def close() -> None:
        nonlocal open_start, open_lines
        if open_start is not None:
            units.append(_unit(text, open_start, open_end, lines=open_lines))
        open_start, open_lines = None, 0

    for line in seg_lines:
        start, end = max(line.start, segment.start), min(line.end, segment.end)
        if line.blank:
            close()
        elif line.is_row:
            close()
            units.append(_unit(text, start, end, row=True))
        elif open_start is None or is_bullet(line):
            close()
            open_start, open_end, open_lines = start, end, 1
        else:  # a hard-wrapped continuation of the open paragraph or item
            open_end, open_lines = end, open_lines + 1
    close()
    return [unit for unit in units if unit.size > 0]


def _unit(text: str, start: int, end: int, *, row: bool = False, lines: int = 1) -> Unit:
    start, end = trim_span(text, start, end)
    body = text[start:end]
    heading = (
        not row
        and lines == 1
        and len(body) <= _HEADING_MAX
        and (not ends_sentence(body) or body.rstrip().endswith(":"))
    )
    return Unit(start, end, row=row, heading=heading)


def _is_wrapped_table(seg_lines: list[Line], segment: Segment) -> bool:
    """An action table whose cells were extracted one per line (Shropshire WSoA)."""
    if segment.section is not SectionKind.actions:
        return False
    content = [ln for ln in seg_lines if not ln.blank]
    row_starts = sum(1 for ln in content if _WRAPPED_ROW_START.match(ln.text))
    tab_rows = sum(1 for ln in content if ln.is_row)
    return row_starts >= 2 and tab_rows < 0.2 * len(content)


def _wrapped_rows(text: str, seg_lines: list[Line], segment: Segment) -> list[Unit]:
    """One unit per table row: from a reference line to the next one, blank lines included."""
    starts = [segment.start]
    starts += [ln.start for ln in seg_lines if _WRAPPED_ROW_START.match(ln.text)]
    starts = sorted({max(s, segment.start) for s in starts})
    units = []
    for start, end in zip(starts, [*starts[1:], segment.end], strict=True):
        s, e = trim_span(text, start, end)
        if s < e:
            units.append(Unit(s, e, row=s != segment.start or len(starts) == 1))
    return units


def pack_units(text: str, units: list[Unit], max_chars: int) -> list[tuple[int, int]]:
    """Pack consecutive units into spans of at most ``max_chars`` where possible.

    Headings travel with the unit after them; a unit longer than the limit gets
    its own span(s); a tiny trailing span joins the one before it.
    """
    spans: list[tuple[int, int]] = []
    group: list[Unit] = []

    def flush() -> None:
        if group:
            spans.append((group[0].start, group[-1].end))
            group.clear()

    for unit in units:
        # Only a short run of headings is carried whole onto the next unit; a long
        # run of heading-like lines (a membership list) is ordinary content.
        leading_headings = (
            bool(group)
            and all(u.heading for u in group)
            and group[-1].end - group[0].start <= 2 * _HEADING_MAX
        )
        if unit.size > max_chars:
            start = group[0].start if leading_headings else unit.start
            if not leading_headings:
                flush()
            group.clear()
            if unit.row and unit.end - start <= 2 * max_chars:
                spans.append((start, unit.end))
            else:
                spans.extend(split_long(text, start, unit.end, max_chars))
            continue
        if group and not leading_headings and unit.end - group[0].start > max_chars:
            carried: list[Unit] = []
            while len(group) > 1 and group[-1].heading and len(carried) < 2:
                carried.insert(0, group.pop())
            flush()
            group.extend(carried)
        group.append(unit)
    flush()
    return _merge_tiny(spans, max_chars)


def _merge_tiny(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Join spans shorter than ``_TINY`` to a neighbour (the previous one when it fits)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            merged
            and (end - start < _TINY or merged[-1][1] - merged[-1][0] < _TINY)
            and end - merged[-1][0] <= 2 * max_chars
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def split_long(
    text: str, start: int, end: int, max_chars: int, level: int = 0
) -> list[tuple[int, int]]:
    """Split an over-long span at the gentlest cut points that bring it under the limit."""
    start, end = trim_span(text, start, end)
    if end - start <= max_chars:
        return [(start, end)] if start < end else []
    if level == len(_CUT_LEVELS):  # one enormous word: cut it hard
        return [(s, min(s + max_chars, end)) for s in range(start, end, max_chars)]
    cuts = [m.end() for m in _CUT_LEVELS[level].finditer(text, start, end)]
    pieces = [(a, b) for a, b in zip([start, *cuts], [*cuts, end], strict=True) if a < b]
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for piece_start, piece_end in pieces:
        if current and piece_end - current[0] <= max_chars:
            current = (current[0], piece_end)
            continue
        if current:
            spans.append(trim_span(text, *current))
        if piece_end - piece_start > max_chars:
            spans.extend(split_long(text, piece_start, piece_end, max_chars, level + 1))
            current = None
        else:
            current = (piece_start, piece_end)
    if current:
        spans.append(trim_span(text, *current))
    return _merge_tiny([span for span in spans if span[0] < span[1]], max_chars)


def _make_chunk(
    document: Document, structure: DocumentStructure, segment: Segment, start: int, end: int
) -> Chunk:
    text = document.text[start:end]
    return Chunk(
        chunk_id=f"{document.doc_id}:{start}-{end}",
        doc_id=document.doc_id,
        title=document.title,
        local_area=document.local_area,
        doc_type=document.doc_type,
        date=document.date,
        priority=segment.priority,
        priority_title=structure.title_of(segment.priority),
        section=segment.section,
        # The chunk's own references: the segment's full list would tag every
        # chunk of an action table with every action of the priority.
        action_refs=find_action_refs(text),
        rag=find_rag(text) or segment.rag,
        page=document.page_at(start),
        page_label=document.page_label_at(start),
        start=start,
        end=end,
        text=text,
    )
