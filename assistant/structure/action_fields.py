"""Building blocks shared by the action parsers: spans, references, the Action itself."""

from __future__ import annotations

import re

from assistant.domain.columns import ActionField
from assistant.domain.ratings import due_month, normalise_rag
from assistant.records import (
    Action,
    ActionSource,
    DocType,
    Document,
    FieldSpan,
)
from assistant.structure.parser import DocumentStructure
from assistant.structure.text import trim_span

# A whole cell (or listing item) that is an action reference: "3.1.1", "4.11.10",
# "1.1.a", "2A.3", "11F", "12 A.1". Ranges ("3.1.1 to 3.1.7") and theme numbers
# ("1.") are not references.
REFERENCE = re.compile(
    r"(?<![\w.])(?:\d{1,2}(?:\.\d{1,2}){1,3}(?:\.?[a-z])?|\d{1,2} ?[A-H](?:\.\d{1,2})?)(?![\w.])"
)
REFERENCE_CELL = re.compile(rf"^{REFERENCE.pattern}$")

# The Action attribute each column field fills; baseline and milestone columns
# belong to impact measures, not to actions, and are not kept.
FIELD_ATTRIBUTE: dict[ActionField, str] = {
    ActionField.theme: "theme",
    ActionField.action: "action",
    ActionField.strategic_lead: "strategic_lead",
    ActionField.responsible_officer: "responsible_officer",
    ActionField.due: "due",
    ActionField.desired_impact: "desired_impact",
    ActionField.progress: "progress",
    ActionField.evidence: "evidence",
    ActionField.rag: "rag_text",
}
# Documents whose dotted references start with their priority number ("3.1.1" is P3).
_NUMBERED_BY_PRIORITY = frozenset({DocType.wsoa, DocType.accelerated_progress_plan})


def normalise_reference(text: str) -> str:
    """'12 A.1' -> '12A.1'; other references are kept as written."""
    return re.sub(r"\s+", "", text)


def field_span(document: Document, start: int, end: int) -> FieldSpan | None:
    """The trimmed span ``[start, end)`` as a FieldSpan, or None when it holds only space."""
    start, end = trim_span(document.text, start, end)
    if start >= end:
        return None
    return FieldSpan(
        text=document.text[start:end],
        start=start,
        end=end,
        page=document.page_at(start),
        page_label=document.page_label_at(start),
    )


def make_action(
    document: Document,
    structure: DocumentStructure,
    reference_span: FieldSpan,
    source: ActionSource,
    fields: dict[str, FieldSpan | None],
    *,
    priority: int | None = None,
    rag: str = "",
) -> Action:
    """An Action with its priority, due month and rating derived from its fields.

    The priority is the given one, else that of the segment the reference sits in,
    else (in a WSoA or plan) the leading number of a dotted reference.
    """
    reference = normalise_reference(reference_span.text)
    if priority is None:
        segment = structure.segment_at(reference_span.start)
        priority = segment.priority if segment else None
    if priority is None and document.doc_type in _NUMBERED_BY_PRIORITY and "." in reference:
        head = reference.split(".")[0]
        priority = int(head) if head.isdigit() else None
    due = fields.get("due")
    rag_text = fields.get("rag_text")
    return Action(
        doc_id=document.doc_id,
        local_area=document.local_area,
        doc_type=document.doc_type,
        date=document.date,
        priority=priority,
        reference=reference,
        source=source,
        reference_span=reference_span,
        due_month=due_month(due.text) if due else None,
        rag=rag or _rating(rag_text, due),
        **fields,
    )


def _rating(rag_text: FieldSpan | None, due: FieldSpan | None) -> str:
    """The RAG cell's rating; a due cell that reads "Completed" rates the action complete."""
    if rag_text is not None:
        return normalise_rag(rag_text.text)
    if due is not None and due.text.strip().lower() in {"complete", "completed"}:
        return "complete"
    return ""
