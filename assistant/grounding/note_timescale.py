"""The note's "WSoA actions/timescale check", from the area's action registers.

Per priority the latest register that lists its actions is read (the 2023 plan,
not the 2020 WSoA it replaced, so no action is counted twice): how many actions
carry each RAG rating, then the red, amber and overdue ones with reference, due
date and officer. Each listed action cites its row: the span from the first to
the last field shown, so the quote is the register's own text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.domain.doc_types import doc_type_label
from assistant.grounding.citations import CitationError, evidence_citation, notice
from assistant.grounding.corpus import Corpus
from assistant.grounding.records import Citation, Sentence, SentenceKind
from assistant.grounding.register_lines import field_evidence
from assistant.records import Action, DocumentInfo, FieldSpan
from assistant.timescale import timescale_check

if TYPE_CHECKING:
    from assistant.grounding.note import NoteKeys

#: Red, amber and overdue actions listed per priority; the counts cover the rest.
LISTED_PER_PRIORITY = 3
_RATING_ORDER = ("red", "amber", "green", "complete", "")
_ACTION_WORDS = 25


class PriorityCheck(BaseModel):
    """One priority's line of the timescale check and the actions it lists."""

    priority: int | None
    register_read: str = Field(
        description="the register read, e.g. 'accelerated progress plan (2023)'"
    )
    summary: Sentence = Field(description="counts by rating and overdue, the assistant's own line")
    listed: list[Sentence] = Field(default_factory=list, description="red/amber/overdue, cited")


class NoteTimescale(BaseModel):
    """The whole timescale check: the month it is taken at and one entry per priority."""

    at: str = Field(description="YYYY-MM: actions due before it and not complete are overdue")
    intro: Sentence
    priorities: list[PriorityCheck] = Field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        out = [self.intro]
        for p in self.priorities:
            out += [p.summary, *p.listed]
        return out


def check_month(as_of: str | None, docs: list[DocumentInfo]) -> str:
    """The note's date as YYYY-MM: ``as_of``, else the latest document's month.

    With no meeting date the latest document is the state of things the note can
    speak to; today's date would make every old action look overdue.
    """
    dated = sorted((d.date for d in docs if d.date), reverse=True)
    base = as_of or (dated[0] if dated else "")
    if len(base) >= 7:
        return base[:7]
    return f"{base}-12" if base else "9999-12"


def timescale_section(
    corpus: Corpus, area: str, docs: list[DocumentInfo], as_of: str | None, keys: NoteKeys
) -> NoteTimescale:
    """The timescale check over the registers among ``docs`` (already limited to as_of)."""
    at = check_month(as_of, docs)
    allowed = {d.doc_id: d for d in docs}
    actions = [a for a in corpus.actions(area) if a.doc_id in allowed]
    if not actions:
        return NoteTimescale(
            at=at, intro=notice(f"No action register found in the documents for {area}.")
        )
    latest = _latest_register_per_priority(actions)
    checks = timescale_check([a for a in actions if latest[a.priority] == a.doc_id], at)
    out = []
    for check in checks:
        doc = allowed[latest[check.priority]]
        every = [a for acts in check.by_rag.values() for a in acts]
        # Red before amber before merely overdue: the order an adviser reads them in.
        flagged = [a for rag in ("red", "amber") for a in check.by_rag.get(rag, [])]
        flagged += [a for a in check.overdue if a not in flagged]
        listed = [_action_sentence(corpus, a, keys) for a in flagged[:LISTED_PER_PRIORITY]]
        if len(flagged) > LISTED_PER_PRIORITY:
            more = len(flagged) - LISTED_PER_PRIORITY
            listed.append(notice(f"{more} further red, amber or overdue actions in the register."))
        out.append(
            PriorityCheck(
                priority=check.priority,
                register_read=f"{doc_type_label(doc.doc_type)} ({doc.date})",
                summary=notice(_summary(check.priority, every, len(check.overdue), doc)),
                listed=listed,
            )
        )
    intro = notice(
        f"From each priority's latest action register; overdue means due before {at} "
        "and not rated complete."
    )
    return NoteTimescale(at=at, intro=intro, priorities=out)


def _latest_register_per_priority(actions: list[Action]) -> dict[int | None, str]:
    """Priority -> the newest document listing actions for it."""
    latest: dict[int | None, Action] = {}
    for a in actions:
        if a.priority not in latest or a.date > latest[a.priority].date:
            latest[a.priority] = a
    return {p: a.doc_id for p, a in latest.items()}


def _summary(priority: int | None, every: list[Action], overdue: int, doc: DocumentInfo) -> str:
    counts = {a.rag: 0 for a in every}
    for a in every:
        counts[a.rag] += 1
    rated = ", ".join(
        f"{counts[r]} {r or 'unrated'}" for r in _RATING_ORDER if counts.get(r) is not None
    )
    name = f"Priority {priority}" if priority is not None else "Actions with no priority"
    plural = "action" if len(every) == 1 else "actions"
    return (
        f"{name}: {len(every)} {plural} in the {doc_type_label(doc.doc_type)} ({doc.date}): "
        f"{rated}; {overdue} overdue."
    )


def _first_words(text: str, words: int = _ACTION_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def _action_sentence(corpus: Corpus, action: Action, keys: NoteKeys) -> Sentence:
    """ "3.1.1 (amber; due Apr-23; Head of SEND): Collate details of …", citing its row."""
    who = action.responsible_officer or action.strategic_lead
    what = action.action or action.outcome
    details = [action.rag] if action.rag else []
    if action.due:
        details.append(f"due {' '.join(action.due.text.split())}")
    if who:
        details.append(" ".join(who.text.split()))
    text = action.reference + (f" ({'; '.join(details)})" if details else "")
    if what:
        text += f": {_first_words(what.text)}"
    shown = [action.reference_span, action.due, who, what or action.context]
    citation = _row_citation(corpus, action, [s for s in shown if s is not None])
    return Sentence(
        text=text,
        citations=[keys.key(citation)],
        # Every part of the line is a register field as written, not a paraphrase; a
        # register in a document addressed to an AI assistant is data, not support.
        supported=not citation.suspect,
        support_score=1.0,
        kind=SentenceKind.claim,
    )


def _row_citation(corpus: Corpus, action: Action, spans: list[FieldSpan]) -> Citation:
    document = corpus.document(action.doc_id)
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    for s in spans:
        if document.text[s.start : s.end] != s.text:
            raise CitationError(f"{action.action_id}: field span drifted from the document")
    # The row from its first shown field to its last, as one citable unit.
    row = field_evidence(action, FieldSpan(text="", start=start, end=end), document)
    return evidence_citation(row, document.text)
