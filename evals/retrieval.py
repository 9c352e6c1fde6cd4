"""Retrieval eval: recall@1, recall@5 and MRR@10 per search mode (and for the baseline).

A hit is a retrieved chunk of the gold document covering at least half of the
gold quote's span; the span is found with ``find_quote`` in the canonical text
(``Assistant.show``), so PDF quotes resolve against the cleaned text. The
item's ``filters`` are applied; the baseline's splits carry only ``local_area``
and ``doc_type``, so its search ignores a ``priority`` filter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.index.retriever import Mode
from assistant.service import Assistant
from evals.baseline import LangChainBaseline
from evals.items import RetrievalItem
from evals.metrics import Span, first_hit_rank, mean_reciprocal_rank, recall_at
from evals.quotes import find_quote

MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
MODE_LABELS = {"hybrid": "hybrid", "dense": "dense only", "lexical": "BM25 only"}
BASELINE = "baseline"
DEPTH = 10  # results fetched per query; MRR is MRR@10

Progress = Callable[[str], None]


@dataclass
class RetrievedItem:
    """One query's outcome in one mode."""

    id: str
    question: str
    gold: Span | None
    rank: int | None
    top: list[Span] = field(default_factory=list)


@dataclass
class ModeScores:
    mode: str
    items: list[RetrievedItem]

    @property
    def ranks(self) -> list[int | None]:
        return [i.rank for i in self.items]

    def summary(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "label": MODE_LABELS.get(self.mode, self.mode),
            "n": len(self.items),
            "recall@1": recall_at(self.ranks, 1),
            "recall@5": recall_at(self.ranks, 5),
            "mrr@10": mean_reciprocal_rank(self.ranks),
            "misses@5": [i.id for i in self.items if i.rank is None or i.rank > 5],
        }

    def misses(self, k: int = 5) -> list[RetrievedItem]:
        return [i for i in self.items if i.rank is None or i.rank > k]


def gold_span(assistant: Assistant, doc_id: str, quote: str) -> Span | None:
    """The quote's span in the canonical text of ``doc_id`` (``None`` when absent)."""
    found = find_quote(assistant.document(doc_id).text, quote)
    return Span(doc_id, *found) if found else None


def _search_spans(assistant: Assistant, item: RetrievalItem, mode: Mode, depth: int) -> list[Span]:
    results = assistant.search(item.question, item.search_filters(), k=depth, mode=mode)
    return [Span(r.chunk.doc_id, r.chunk.start, r.chunk.end) for r in results]


def _baseline_spans(baseline: LangChainBaseline, item: RetrievalItem, depth: int) -> list[Span]:
    filters = item.search_filters()
    chunks = baseline.retrieve(
        item.question,
        local_area=filters.local_area if filters else None,
        doc_type=filters.doc_type if filters else None,
        k=depth,
    )
    return [Span(c.document.doc_id, c.start, c.end) for c in chunks]


def evaluate_retrieval(
    assistant: Assistant,
    items: Sequence[RetrievalItem],
    modes: Sequence[Mode] = MODES,
    baseline: LangChainBaseline | None = None,
    depth: int = DEPTH,
    progress: Progress | None = None,
) -> list[ModeScores]:
    """Scores per mode (plus ``"baseline"`` when a baseline is given)."""
    golds = {i.id: gold_span(assistant, i.doc_id, i.quote) for i in items}
    runs: list[tuple[str, Callable[[RetrievalItem], list[Span]]]] = [
        (mode, functools.partial(_search_spans, assistant, mode=mode, depth=depth))
        for mode in modes
    ]
    if baseline is not None:
        runs.append((BASELINE, functools.partial(_baseline_spans, baseline, depth=depth)))
    scores = []
    for name, run in runs:
        if progress:
            progress(f"retrieval: {name} ({len(items)} queries)")
        outcomes = []
        for item in items:
            gold = golds[item.id]
            spans = run(item)
            rank = first_hit_rank(spans, gold) if gold else None
            outcomes.append(RetrievedItem(item.id, item.question, gold, rank, spans[:5]))
        scores.append(ModeScores(name, outcomes))
    return scores
