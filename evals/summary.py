"""Aggregate per-item records (from :mod:`evals.answers`) into one system's metrics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evals.metrics import abstention_scores, mean

Record = dict[str, Any]


def _of_kind(records: Sequence[Record], *kinds: str) -> list[Record]:
    return [r for r in records if r.get("kind") in kinds and "error" not in r]


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _coverage_by(records: Sequence[Record]) -> dict[str, float | None]:
    names = sorted({name for r in records for name in r.get("key_point_coverage", {})})
    return {
        name: mean(
            [r["key_point_coverage"].get(name) for r in records if "key_point_coverage" in r]
        )
        for name in names
    }


def summarise(records: Sequence[Record]) -> dict[str, Any]:
    """One system's metrics over all its item records (errors count against it)."""
    scored = [r for r in records if "error" not in r]
    answers = _of_kind(records, "answerable", "unanswerable")
    answerable = _of_kind(records, "answerable")
    drafts = _of_kind(records, "draft")
    compares = _of_kind(records, "compare")
    cited = sum(r["citations"] for r in scored)
    exact = sum(r["citations_exact"] for r in scored)
    abstention = abstention_scores(
        [r["abstained"] for r in answers], [r["kind"] == "unanswerable" for r in answers]
    )
    draft_claims = sum(r["claim_sentences"] for r in drafts)
    return {
        "items": len(records),
        "errors": [r["id"] for r in records if "error" in r],
        "citations": cited,
        "citation_exactness": _share(exact, cited),
        "inexact_citations": {r["id"]: r["inexact"] for r in scored if r["inexact"]},
        # ALCE: per-answer scores, averaged over answers that make claims.
        "citation_recall": mean([r["citation_recall"] for r in answers]),
        "citation_precision": mean([r["citation_precision"] for r in answers]),
        "fact_share": mean([r["fact_share"] for r in answerable]),
        "all_facts": _share(sum(r["fact_share"] == 1 for r in answerable), len(answerable)),
        "abstention": {
            "precision": abstention.precision,
            "recall": abstention.recall,
            "accuracy": abstention.accuracy,
            "tp": abstention.tp,
            "fp": abstention.fp,
            "fn": abstention.fn,
            "tn": abstention.tn,
        },
        "wrongly_abstained": [r["id"] for r in answerable if r["abstained"]],
        "wrongly_answered": [
            r["id"] for r in _of_kind(records, "unanswerable") if not r["abstained"]
        ],
        "draft_key_points": _coverage_by(drafts),
        "draft_key_point_share": mean([r["key_point_share"] for r in drafts]),
        "draft_supported": _share(sum(r["supported_sentences"] for r in drafts), draft_claims),
        "compare_key_points": _coverage_by(compares),
        "compare_key_point_share": mean([r["key_point_share"] for r in compares]),
        "compare_citation_recall": mean([r["citation_recall"] for r in compares]),
        "seconds_per_answer": mean([r["seconds"] for r in answers]),
    }
