"""Scoring one system's output for one QA item: answers, drafts and comparisons.

Each ``score_*`` function returns a flat, JSON-ready record; the runner collects
them and :func:`evals.runner.summarise` aggregates. Citation passages are the
citations' quotes; ``doc_text`` gives canonical document texts for exactness.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assistant.grounding.records import (
    Answer,
    Citation,
    Comparison,
    Draft,
    Sentence,
    SentenceKind,
)
from evals.items import QAItem
from evals.metrics import (
    CitationScores,
    CitedSentence,
    Judge,
    alce_citation_scores,
    citation_is_exact,
    coverage,
    phrases_found,
)

DocText = Callable[[str], str]
SECTIONS = ("progress", "impact", "next_steps")


def cited_sentences(
    sentences: Sequence[Sentence], citations: Sequence[Citation]
) -> list[CitedSentence]:
    """Claim sentences with their cited passages (notices are excluded, as in the brief)."""
    quotes = {c.key: c.quote for c in citations}
    return [
        CitedSentence(s.text, tuple(quotes.get(k) for k in s.citations))
        for s in sentences
        if s.kind == SentenceKind.claim
    ]


def sentences_text(sentences: Sequence[Sentence]) -> str:
    """The readable text of sentences, without citation keys."""
    return " ".join(s.text for s in sentences)


def exactness_record(citations: Sequence[Citation], doc_text: DocText) -> dict[str, Any]:
    """How many citations quote exactly ``show(doc_id).text[start:end]``, and which do not."""
    inexact = [
        f"{c.key} {c.doc_id}[{c.start}:{c.end}]"
        for c in citations
        if not citation_is_exact(c.quote, doc_text(c.doc_id), c.start, c.end)
    ]
    return {
        "citations": len(citations),
        "citations_exact": len(citations) - len(inexact),
        "inexact": inexact,
    }


def alce_record(scores: CitationScores) -> dict[str, Any]:
    return {
        "claim_sentences": scores.sentences,
        "supported_sentences": scores.supported,
        "cited": scores.citations,
        "precise_citations": scores.precise,
        "citation_recall": scores.recall,
        "citation_precision": scores.precision,
        "unsupported": [v.text for v in scores.verdicts if not v.supported],
    }


def score_answer(item: QAItem, answer: Answer, judge: Judge, doc_text: DocText) -> dict[str, Any]:
    """Facts found, abstention, citation exactness and ALCE scores for one answer."""
    text = sentences_text(answer.sentences) or answer.answer
    found = phrases_found(text, item.expected_facts)
    record: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "question": item.question,
        "abstained": answer.abstained,
        "answer": text,
        "facts_found": found,
        "facts_missing": [f for f in item.expected_facts if f not in found],
        "fact_share": coverage(text, item.expected_facts),
    }
    record |= exactness_record(answer.citations, doc_text)
    claims = cited_sentences(answer.sentences, answer.citations)
    record |= alce_record(alce_citation_scores(claims, judge))
    return record


def _section_coverage(key_points: dict[str, list[str]], texts: dict[str, str]) -> dict[str, Any]:
    per = {name: coverage(texts.get(name, ""), points) for name, points in key_points.items()}
    pooled_text = " ".join(texts.values())
    all_points = [p for points in key_points.values() for p in points]
    return {"key_point_coverage": per, "key_point_share": coverage(pooled_text, all_points)}


def score_draft(item: QAItem, draft: Draft, judge: Judge, doc_text: DocText) -> dict[str, Any]:
    """Key-point coverage per section, citation exactness and sentences supported."""
    sections = {name: getattr(draft.sections, name) for name in SECTIONS}
    texts = {name: sentences_text(sentences) for name, sentences in sections.items()}
    every = [s for sentences in sections.values() for s in sentences]
    record: dict[str, Any] = {"id": item.id, "kind": item.kind, "question": item.question}
    record |= _section_coverage(item.key_points, texts)
    record |= exactness_record(draft.citations, doc_text)
    record |= alce_record(alce_citation_scores(cited_sentences(every, draft.citations), judge))
    return record


def score_comparison(
    item: QAItem, comparison: Comparison, judge: Judge, doc_text: DocText
) -> dict[str, Any]:
    """Key-point coverage per area row (actions + evidence + next steps), citations, support."""
    rows = {row.local_area: row for row in comparison.rows}
    texts = {
        area: sentences_text([*row.actions, *row.evidence, *row.next_steps])
        for area, row in rows.items()
    }
    every = [s for row in comparison.rows for s in (*row.actions, *row.evidence, *row.next_steps)]
    record: dict[str, Any] = {"id": item.id, "kind": item.kind, "question": item.question}
    record |= _section_coverage(item.key_points, texts)
    record |= exactness_record(comparison.citations, doc_text)
    record |= alce_record(alce_citation_scores(cited_sentences(every, comparison.citations), judge))
    return record


def score_pooled(item: QAItem, answer: Answer, judge: Judge, doc_text: DocText) -> dict[str, Any]:
    """A draft or comparison written as one plain answer (the baseline): pooled coverage.

    The baseline has no sections or area rows, so each group of key points is
    looked for in the whole text; ``key_point_share`` is comparable across systems.
    """
    text = sentences_text(answer.sentences) or answer.answer
    record: dict[str, Any] = {"id": item.id, "kind": item.kind, "question": item.question}
    record |= _section_coverage(item.key_points, {"all": text})
    record["key_point_coverage"] = {
        name: coverage(text, points) for name, points in item.key_points.items()
    }
    record |= exactness_record(answer.citations, doc_text)
    claims = cited_sentences(answer.sentences, answer.citations)
    record |= alce_record(alce_citation_scores(claims, judge))
    return record
