"""Lines of a draft computed from the action register: RAG position, red/amber and overdue actions.

A count such as "4 amber, 3 red" is not in any single passage, so it cannot be quoted.
It is kept grounded by citing every action row it counts (the RAG cell, or the
reference in a note's "three red rated actions: …" listing): the figure is derived from
the cited spans, so it is marked supported by construction rather than by wording.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from assistant.domain.doc_types import doc_type_label
from assistant.domain.injection import document_flagged
from assistant.grounding.records import Evidence
from assistant.grounding.render_evidence import clean
from assistant.records import Action, Document, FieldSpan, SectionKind
from assistant.timescale import is_overdue

RAG_ORDER = ("complete", "green", "amber", "red")
#: Ratings a note's next steps should name: the actions that are behind.
BEHIND = ("red", "amber")


class Bullet(BaseModel):
    """One line of a draft section, before keys are assigned."""

    text: str
    units: list[Evidence] = Field(default_factory=list, description="cited; empty for a notice")
    derived: bool = Field(
        False, description="computed from the cited register rows (a count), not quoted"
    )


def field_evidence(action: Action, span: FieldSpan, document: Document, key: str = "") -> Evidence:
    """An action field (or a run of fields) as a citable unit, re-read from the document."""
    return Evidence(
        key=key,
        doc_id=action.doc_id,
        title=document.title,
        local_area=action.local_area,
        doc_type=action.doc_type,
        date=action.date,
        page=document.page_at(span.start),
        page_label=document.page_label_at(span.start),
        start=span.start,
        end=span.end,
        text=document.text[span.start : span.end],
        priority=action.priority,
        section=SectionKind.timescale_check,
        suspect=document_flagged(document),  # a register planted with orders is untrusted too
    )


def latest_register(actions: list[Action]) -> list[Action]:
    """The actions of the newest document that registers any: older registers are superseded."""
    if not actions:
        return []
    newest = max(actions, key=lambda a: a.date).doc_id
    return [a for a in actions if a.doc_id == newest]


def _rating_span(action: Action) -> FieldSpan:
    return action.rag_text or action.reference_span


def _source(action: Action) -> str:
    return f"the {doc_type_label(action.doc_type)} ({action.date})"


def rag_position(actions: list[Action], document: Document) -> Bullet | None:
    """ "Of 12 actions in the accelerated progress plan (2023-02): 3 complete, 2 amber, …"."""
    register = latest_register(actions)
    if not register:
        return None
    rated = [a for a in register if a.rag]
    if not rated:
        return Bullet(text=f"No RAG ratings are given for these actions in {_source(register[0])}.")
    counts = Counter(a.rag for a in rated)
    parts = [f"{counts[r]} {r}" for r in RAG_ORDER if counts[r]]
    unrated = len(register) - len(rated)
    if unrated:
        parts.append(f"{unrated} not rated")
    return Bullet(
        text=f"Of {len(register)} actions in {_source(register[0])}: {', '.join(parts)}.",
        units=[field_evidence(a, _rating_span(a), document) for a in rated],
        derived=True,
    )


def _named(action: Action) -> str:
    return f"{action.reference} {clean(action.action.text)}" if action.action else action.reference


def behind_schedule(actions: list[Action], document: Document, at: str | None) -> list[Bullet]:
    """Red and amber actions, then actions due before ``at`` (YYYY-MM) and not complete."""
    register = latest_register(actions)
    bullets = []
    for rating in BEHIND:
        rows = [a for a in register if a.rag == rating]
        if rows:
            bullets.append(
                Bullet(
                    text=f"Rated {rating} in {_source(rows[0])}: "
                    + "; ".join(_named(a) for a in rows)
                    + ".",
                    units=[field_evidence(a, _rating_span(a), document) for a in rows]
                    + [field_evidence(a, a.action, document) for a in rows if a.action],
                    derived=True,
                )
            )
    for action in register:
        if at and action.due and is_overdue(action, at):
            bullets.append(
                Bullet(
                    text=f"Due {clean(action.due.text)} and not reported complete by {at}: "
                    f"{_named(action)}.",
                    units=[field_evidence(action, action.due, document)]
                    + ([field_evidence(action, action.action, document)] if action.action else []),
                    derived=True,
                )
            )
    return bullets
