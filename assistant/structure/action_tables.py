"""Actions from tab-separated tables: the 2023 APP, .docx tables, any register with a header.

A header row ("Actions | Reference | Actions Designed to Lead to Improvement |
Strategic Lead | Responsible Officer | By When | ... | RAG") names the fields of the
rows below it and is never itself an action. A row whose reference cell holds a
reference ("3.1.1") opens an action; a row without one continues the action above
(its cells fill that action's empty fields). "Outcome 1 | ..." rows label the
actions under them. Impact-measure and score-card tables ("Priority Area 3 Impacts",
"Score Card KPI") are not registers: their reference cells hold ranges of the
actions they measure ("3.1.1 to 3.1.7"), so they are skipped rather than
registered twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain.columns import ActionField, column_field, is_header_row
from assistant.records import Action, ActionSource, Document, FieldSpan, SectionKind
from assistant.structure.action_fields import (
    FIELD_ATTRIBUTE,
    REFERENCE_CELL,
    field_span,
    make_action,
)
from assistant.structure.parser import DocumentStructure
from assistant.structure.text import Line

_OUTCOME_ROW = re.compile(r"^outcome\s+\d{1,2}\b", re.IGNORECASE)
# A header cell that makes its table an impact-measure or score-card table.
_MEASURE_HEADER = re.compile(r"\b(impacts|score ?card|kpis?)\b|^impact measure", re.IGNORECASE)
# How far from the header's reference column a row's reference may have drifted
# (the APP's extraction shifts some rows by a cell).
_DRIFT = 2


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass
class _Open:
    """The action being built: its reference span and fields so far."""

    reference: FieldSpan
    fields: dict[str, FieldSpan | None] = field(default_factory=dict)


@dataclass(frozen=True)
class _Table:
    columns: list[ActionField | None]
    reference_column: int


def cells_of(line: Line) -> list[Cell]:
    """Every tab-separated cell of a line with its offsets, empty cells included."""
    cells, offset = [], line.start
    for raw in line.text.split("\t"):
        cells.append(Cell(offset, offset + len(raw), raw.strip()))
        offset += len(raw) + 1
    return cells


def action_table(cells: list[Cell]) -> _Table | None:
    """The column layout a header row announces, or None when it is not an action register."""
    columns = [column_field(c.text) for c in cells]
    if ActionField.reference not in columns or ActionField.action not in columns:
        return None
    if any(_MEASURE_HEADER.search(c.text) for c in cells):
        return None
    return _Table(columns, columns.index(ActionField.reference))


def parse_table_actions(
    document: Document, structure: DocumentStructure, lines: list[Line]
) -> list[Action]:
    """Actions from every tab-separated action table of ``document``."""
    actions: list[Action] = []
    table: _Table | None = None
    outcome: FieldSpan | None = None
    theme: FieldSpan | None = None
    current: _Open | None = None
    priority: int | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            actions.append(
                make_action(
                    document, structure, current.reference, ActionSource.table_row, current.fields
                )
            )
        current = None

    for line in lines:
        if line.blank:
            continue
        segment = structure.segment_at(line.content_start)
        if segment is not None and segment.priority != priority:
            close()
            priority, table, outcome, theme = segment.priority, None, None, None
        if segment is not None and segment.section is SectionKind.measures:
            close()
            table = None
            continue
        if _OUTCOME_ROW.match(line.stripped):
            close()
            outcome, theme = field_span(document, line.start, line.end), None
            continue
        if "\t" not in line.text:
            close()  # prose between tables ends the table above it
            table = None
            continue
        cells = cells_of(line)
        if is_header_row([c.text for c in cells]):
            close()
            table, theme = action_table(cells), None
            continue
        if table is None:
            continue
        at = _reference_cell(cells, table.reference_column)
        if at is None:
            if current is not None:
                _fill(document, current, table, cells)
            continue
        close()
        reference = field_span(document, cells[at].start, cells[at].end)
        assert reference is not None  # a matched reference cell is never blank
        fields = _row_fields(document, table, cells, at)
        theme = fields.get("theme") or theme
        fields["theme"], fields["outcome"] = theme, outcome
        current = _Open(reference, fields)
    close()
    return actions


def _reference_cell(cells: list[Cell], column: int) -> int | None:
    """Index of the row's reference cell: the header's column, or the nearest drifted one."""
    for distance in range(_DRIFT + 1):
        for index in (column - distance, column + distance):
            if 0 <= index < len(cells) and REFERENCE_CELL.match(cells[index].text):
                return index
    return None


def _row_fields(
    document: Document, table: _Table, cells: list[Cell], at: int
) -> dict[str, FieldSpan | None]:
    """Map a row's cells to fields, anchored on its reference cell.

    Cells before the reference are the theme ("1. Actions to ensure clarity ...").
    Cells after it line up with the header's columns after the reference column;
    when the row's reference sits left of the header's, the empty cells the shift
    pushed after it are dropped first.
    """
    fields: dict[str, FieldSpan | None] = {}
    before = [c for c in cells[:at] if c.text]
    if before:
        fields["theme"] = field_span(document, before[0].start, before[-1].end)
    after = cells[at + 1 :]
    shift = at - table.reference_column
    while shift < 0 and after and not after[0].text:
        after, shift = after[1:], shift + 1
    for offset, cell in enumerate(after):
        column = table.reference_column + 1 + offset
        if column < len(table.columns) and cell.text:
            _put(fields, table.columns[column], field_span(document, cell.start, cell.end))
    return fields


def _fill(document: Document, current: _Open, table: _Table, cells: list[Cell]) -> None:
    """A row without a reference: its cells fill the open action's empty fields."""
    for index, cell in enumerate(cells):
        if index < len(table.columns) and index != table.reference_column and cell.text:
            column = table.columns[index]
            if index < table.reference_column:
                column = ActionField.theme
            _put(current.fields, column, field_span(document, cell.start, cell.end))


def _put(
    fields: dict[str, FieldSpan | None], column: ActionField | None, span: FieldSpan | None
) -> None:
    attribute = FIELD_ATTRIBUTE.get(column) if column is not None else None
    if attribute and span is not None and fields.get(attribute) is None:
        fields[attribute] = span
