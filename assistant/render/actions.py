"""Action registers as text lines and JSON, pure functions (used by `wsoa actions`)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from assistant.records import Action, FieldSpan, cite_page
from assistant.timescale import PriorityTimescale

_ACTION_WIDTH = 70


def citation_json(doc_id: str, span: FieldSpan) -> dict[str, Any]:
    """A field's citation: where it is, and the quote that sits there."""
    return {
        "doc_id": doc_id,
        "page": span.page,
        "page_label": span.page_label,
        "start": span.start,
        "end": span.end,
        "quote": span.text,
    }


def action_json(action: Action) -> dict[str, Any]:
    """An action with every present field given as text plus its citation."""
    return {
        "doc_id": action.doc_id,
        "local_area": action.local_area,
        "doc_type": action.doc_type.value,
        "date": action.date,
        "priority": action.priority,
        "reference": action.reference,
        "rag": action.rag,
        "due_month": action.due_month,
        "source": action.source.value,
        "fields": {
            name.removesuffix("_span"): {
                "text": span.text,
                "citation": citation_json(action.doc_id, span),
            }
            for name, span in action.spans().items()
        },
    }


def timescale_json(checks: list[PriorityTimescale]) -> list[dict[str, Any]]:
    return [
        {
            "local_area": c.local_area,
            "priority": c.priority,
            "by_rag": {rag or "unrated": len(acts) for rag, acts in c.by_rag.items()},
            "overdue": [{"doc_id": a.doc_id, "reference": a.reference} for a in c.overdue],
        }
        for c in checks
    ]


def _short(text: str, width: int = _ACTION_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def action_line(action: Action) -> str:
    """ "3.1.1  amber  Apr-23 (2023-04)  ND Workstream to confirm  Collate details …  p. 2"."""
    due = action.due.text if action.due else "—"
    if action.due_month and " ".join(due.split()) != action.due_month:
        due = f"{' '.join(due.split())} ({action.due_month})"
    who = action.responsible_officer or action.strategic_lead
    what = action.action or action.outcome or action.context
    return (
        f"  {action.reference:<8} {action.rag or '—':<8} {due:<26} "
        f"{_short(who.text, 30) if who else '—':<30}  {_short(what.text) if what else '—'}"
        f"  {cite_page(action.reference_span.page_label, action.reference_span.page)}"
    )


def actions_text(actions: list[Action], checks: list[PriorityTimescale] | None = None) -> str:
    """Actions grouped by document, then priority; then the timescale check if given."""
    if not actions:
        return "No actions match."
    lines: list[str] = []
    for (doc_id, date), in_doc in groupby(actions, key=lambda a: (a.doc_id, a.date)):
        lines.append(f"# {doc_id} ({date})")
        ordered = sorted(in_doc, key=lambda a: (a.priority is None, a.priority or 0))
        for priority, in_priority in groupby(ordered, key=lambda a: a.priority):
            lines.append(f"Priority {priority}" if priority is not None else "No priority")
            lines.extend(action_line(a) for a in in_priority)
        lines.append("")
    for check in checks or []:
        counts = ", ".join(f"{rag or 'unrated'} {len(acts)}" for rag, acts in check.by_rag.items())
        overdue = ", ".join(f"{a.reference} ({a.date})" for a in check.overdue) or "none"
        lines.append(f"Timescale check, priority {check.priority}: {counts}; overdue: {overdue}")
    return "\n".join(lines).rstrip()
