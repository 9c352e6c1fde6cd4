"""Answering "which actions are red / amber / overdue" from the action register.

Retrieval finds passages *about* RAG ratings; the register knows which actions
carry which rating and when each was due. Every sentence here is composed from
an action's fields and cites the exact spans it was composed from (the listing's
sentence, the reference with its group label, or the table row), so each key
resolves to ``document.text[start:end]`` like any other citation.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from assistant.domain.injection import document_flagged
from assistant.grounding.citations import notice
from assistant.grounding.corpus import Corpus
from assistant.grounding.query import ParsedQuestion
from assistant.grounding.records import Evidence, Sentence
from assistant.grounding.register_lines import field_evidence
from assistant.records import Action, ActionSource, FieldSpan

# More than this many actions reads as a register dump: the rest are counted, not listed.
MAX_LISTED = 12
# Fields shown for a table-row action, as "field: value", in this order.
ROW_FIELDS = (("action", "action"), ("due", "due"), ("responsible_officer", "lead"))


_COUNT_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)  # fmt: skip


def asked_month(parsed: ParsedQuestion, today: date | None = None) -> str:
    """The month overdue is judged at: the question's own date, else this month."""
    return parsed.as_of or (today or date.today()).strftime("%Y-%m")


def register_actions(
    corpus: Corpus, parsed: ParsedQuestion, area: str, today: date | None = None
) -> list[Action]:
    """The area's actions the question asks about, from the newest document that has any."""
    overdue_at = asked_month(parsed, today) if parsed.overdue else None
    found = corpus.actions(area, parsed.priority, rag=parsed.rag, overdue_at=overdue_at)
    if parsed.rag and not parsed.overdue:
        # A rating is a judgement at one meeting: the latest document that rates is the answer.
        newest = max((a.date for a in found), default="")
        found = [a for a in found if a.date == newest]
    return found


def _joined(first: FieldSpan, last_end: int) -> FieldSpan:
    return FieldSpan(text="", start=first.start, end=last_end, page=first.page)


def cited_spans(action: Action) -> list[FieldSpan]:
    """The spans a sentence about ``action`` cites.

    A listing ("There are three red rated actions: / Pillar 5 (…): 11F, 12B") cites its
    sentence and the group label through the reference; a table row cites the row
    from the reference to its last field used.
    """
    ref = action.reference_span
    if action.source is ActionSource.rag_listing:
        spans = [action.context] if action.context else []
        label = action.outcome
        if label and label.end <= ref.start and ref.start - label.end < 200:
            return [*spans, _joined(label, ref.end)]
        return [*spans, ref]
    fields = [getattr(action, name) for name, _ in ROW_FIELDS] + [action.rag_text]
    ends = [f.end for f in fields if f is not None and f.start >= ref.start]
    return [_joined(ref, max(ends, default=ref.end))]


def action_sentence(action: Action, why: str) -> str:
    """One plain sentence about an action: reference, group, the fields that matter."""
    group = (
        action.outcome.text if action.outcome and action.source is ActionSource.rag_listing else ""
    )
    head = f"{action.reference} ({group})" if group else action.reference
    if action.source is ActionSource.rag_listing:
        return f"{head} is {why}."
    parts = [
        f"{label}: {' '.join(getattr(action, name).text.split())}"
        for name, label in ROW_FIELDS
        if getattr(action, name) is not None
    ]
    return f"{head} is {why} — " + "; ".join(parts) + "."


def _why(action: Action, parsed: ParsedQuestion, at: str) -> str:
    if parsed.overdue:
        return f"overdue at {at} (due {action.due.text if action.due else action.due_month})"
    return f"rated {action.rag}"


def answer_from_register(
    corpus: Corpus, parsed: ParsedQuestion, area: str, first_key: int, today: date | None = None
) -> tuple[list[Sentence], list[Evidence]]:
    """Sentences (an opening line, then one cited sentence per action) and their evidence.

    Returns ([], []) when the register holds nothing for the question, so the caller
    can fall back to searching the text.
    """
    actions = register_actions(corpus, parsed, area, today)
    if not actions:
        return [], []
    at = asked_month(parsed, today)
    what = f"overdue at {at} (due before that month, not marked complete)"
    if not parsed.overdue:
        what = f"rated {parsed.rag}" if parsed.rag else "in the register"
    by_doc: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        by_doc[action.doc_id].append(action)
    sentences: list[Sentence] = []
    evidence: dict[tuple[str, int, int], Evidence] = {}
    listed = 0
    for doc_id, group in by_doc.items():
        document = corpus.document(doc_id)
        count = len(group)
        noun = "action is" if count == 1 else "actions are"
        # Notes spell small counts out ("three red rated actions"); so does the answer.
        spelled = _COUNT_WORDS[count] if count < len(_COUNT_WORDS) else str(count)
        sentences.append(
            notice(
                f"{spelled.capitalize()} {area} {noun} {what} in “{document.title}” "
                f"({document.date}):"
            )
        )
        for action in group:
            if listed == MAX_LISTED:
                break
            keys = []
            for span in cited_spans(action):
                spot = (doc_id, span.start, span.end)
                if spot not in evidence:
                    key = f"E{first_key + len(evidence)}"
                    evidence[spot] = field_evidence(action, span, document, key)
                keys.append(evidence[spot].key)
            text = action_sentence(action, _why(action, parsed, at))
            # Composed only from the cited fields' own words, so it is supported by them,
            # unless they come from a document addressed to an AI assistant (data only).
            trusted = not document_flagged(document)
            sentences.append(
                Sentence(text=text, citations=keys, supported=trusted, support_score=1.0)
            )
            listed += 1
    if listed < len(actions):
        sentences.append(
            notice(f"{len(actions) - listed} more; `wsoa actions --area {area}` lists them all.")
        )
    return sentences, list(evidence.values())
