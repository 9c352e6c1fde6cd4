"""Typed views of the hand-made datasets in ``evals/datasets/`` (see its README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.records import SearchFilters

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"

QAKind = Literal["answerable", "unanswerable", "compare", "draft"]


class RetrievalItem(BaseModel):
    """One question with one gold passage (``quote`` in ``doc_id``)."""

    id: str
    version: int
    question: str
    doc_id: str
    quote: str
    filters: dict[str, str | int] = Field(default_factory=dict)
    notes: str = ""

    def search_filters(self) -> SearchFilters | None:
        """The item's filters as :class:`SearchFilters` (``None`` when it has none)."""
        if not self.filters:
            return None
        return SearchFilters.model_validate(self.filters)


class GoldSpan(BaseModel):
    doc_id: str
    quote: str


class QAItem(BaseModel):
    """An answerable / unanswerable question, a comparison or a draft request."""

    id: str
    version: int
    kind: QAKind
    question: str
    area: str | None = None
    expected_facts: list[str] = Field(default_factory=list)
    gold: list[GoldSpan] = Field(default_factory=list)
    notes: str = ""
    theme: str | None = None
    areas: list[str] = Field(default_factory=list)
    priority: int | None = None
    key_points: dict[str, list[str]] = Field(
        default_factory=dict, description="per draft section, or per area for compare"
    )


class JudgePair(BaseModel):
    """A hand-labelled (passage, claim) pair for measuring the judge."""

    id: str
    version: int
    doc_id: str
    passage: str
    claim: str
    supported: bool
    notes: str = ""


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_retrieval(directory: Path = DATASETS_DIR) -> list[RetrievalItem]:
    return [RetrievalItem.model_validate(o) for o in _read_jsonl(directory / "retrieval.jsonl")]


def load_qa(directory: Path = DATASETS_DIR) -> list[QAItem]:
    return [QAItem.model_validate(o) for o in _read_jsonl(directory / "qa.jsonl")]


def load_qa_heldout(directory: Path = DATASETS_DIR) -> list[QAItem]:
    """Questions written after the system was tuned on qa.jsonl; never tuned on."""
    return [QAItem.model_validate(o) for o in _read_jsonl(directory / "qa_heldout.jsonl")]


#: The unseen factoid sets: ``tune`` and ``heldout`` (read while tuning the reader, see
#: evals/README.md), ``fresh`` (written after the reader was settled, scored, then read) and
#: ``sealed1`` and ``sealed2`` (each only scored until the next sealed set was written, then
#: read) and ``sealed`` (only ever scored). ``impact`` and ``impact_sealed``: questions about
#: evidence of impact and progress (2026-12-06); ``impact`` was read while tuning the
#: ranking of results, ``impact_sealed`` is only ever scored.
UNSEEN_SPLITS = (
    *("tune", "heldout", "fresh", "sealed1", "sealed2", "sealed", "sealed4"),
    *("impact", "impact_sealed", "impact_sealed2"),
)


def load_qa_unseen(split: str, directory: Path = DATASETS_DIR) -> list[QAItem]:
    """Factoid questions on the bundled documents by a reader who never saw the code:
    ``tune`` and ``heldout`` were read while building the factoid reader (``heldout`` only
    after it had been scored: 47.8% of facts before, 39.1% after the first version);
    ``fresh`` was written after the reader was settled and scored, then its misses read;
    ``sealed1`` (40 items, written 2026-12-04 by a helper who saw only the documents) was
    only scored until ``sealed2`` (40 more, by another such helper, later that day)
    existed, then read; ``sealed2`` likewise until ``sealed`` (40 more, 2026-12-06);
    ``sealed`` likewise until ``sealed4`` (40 more, 2026-12-06 late), which is only ever
    scored: its questions are never read while changing the reader (the report lists
    ids only). ``impact`` / ``impact_sealed`` (30 each, 2026-12-06, two helpers apart):
    evidence-of-impact and progress questions whose answer is an achieved result, not
    the target; ``impact`` was read while tuning how results are ranked, ``impact_sealed``
    only scored until ``impact_sealed2`` (30 more, 2026-12-06 late) existed, which is
    only ever scored."""
    path = directory / f"qa_unseen_{split}.jsonl"
    return [QAItem.model_validate(o) for o in _read_jsonl(path)]


def load_judge_pairs(directory: Path = DATASETS_DIR) -> list[JudgePair]:
    return [JudgePair.model_validate(o) for o in _read_jsonl(directory / "judge_pairs.jsonl")]
