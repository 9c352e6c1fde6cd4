"""'What must X improve?' over real inspection reports, scored against hand-written gold.

The 43 shipped reports are split in two (``datasets/inspection_split.json``): the parser
and the question routing were tuned on ``tune``; ``heldout`` is only scored. For each
report, three phrasings of the question are asked; an answer *names* a gold item when one
of its cited quotes holds the item's opening words (``datasets/inspection_gold/``, written
by readers who never saw the parser). Every citation is checked against the document.

These answers come from the reports' structure, not from search, so the corpus here is
the documents themselves (loaded through the real PDF pipeline) with the real embedder
for reading the question: no index to build, seconds instead of minutes.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest
from assistant.errors import AssistantError
from assistant.grounding.ask import Asker
from assistant.grounding.records import Answer, SentenceKind
from assistant.grounding.understanding import IntentClassifier
from assistant.records import Document, DocumentInfo
from assistant.settings import REPO_ROOT, Settings
from evals.items import DATASETS_DIR

LIBRARY = REPO_ROOT / "corpus" / "national"
GOLD_DIR = DATASETS_DIR / "inspection_gold"
SPLIT_FILE = DATASETS_DIR / "inspection_split.json"
#: The question of the issue and two paraphrases of it, none of them an example question.
PHRASINGS = (
    "What must {area} improve?",
    "According to its area SEND inspection, what does {area} need to do better?",
    "Which improvements did Ofsted and the CQC expect from {area}?",
)
#: An item is named when a cited quote holds the first this many words of its opening.
OPENING_WORDS = 7


@dataclass(frozen=True)
class GoldReport:
    file: str
    local_area: str
    openings: list[tuple[str, str]]  # (kind, opening words)


def load_gold(directory: Path = GOLD_DIR) -> dict[str, GoldReport]:
    gold = {}
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                openings = [(i["kind"], i["opening"]) for i in row["items"]]
                gold[row["file"]] = GoldReport(row["file"], row["local_area"], openings)
    return gold


def load_split(path: Path = SPLIT_FILE) -> dict[str, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"tune": data["tune"], "heldout": data["heldout"]}


def normalise(text: str) -> str:
    """Compare as a reader would: NFKC, one space for any whitespace, bullets dropped."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", re.sub(r"[▪•◼●■\uf0b7]", " ", text)).strip()


def names(opening: str, quotes: list[str]) -> bool:
    """Does one of the (normalised) quotes hold the gold opening's first words?"""
    words = " ".join(normalise(opening).split()[:OPENING_WORDS])
    return any(words in quote for quote in quotes)


class DocumentsCorpus:
    """The :class:`~assistant.grounding.corpus.Corpus` members these answers use, over
    documents loaded from files. Search is not one of them: a call to it is a bug here."""

    def __init__(self, documents: list[Document], embedder: Embeddings, settings: Settings):
        self.settings = settings
        self._embedder = embedder
        self._documents = {d.doc_id: d for d in documents}

    @property
    def embedder(self) -> Embeddings:
        return self._embedder

    def local_areas(self) -> list[str]:
        return sorted({d.local_area for d in self._documents.values()})

    def canonical_area(self, local_area: str) -> str:
        for area in self.local_areas():
            if area.lower() == local_area.lower():
                return area
        raise AssistantError(f"No documents for {local_area}.")

    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                **d.meta.model_dump(),
                chunks=0,
                pages=len(d.pages),
                chars=len(d.text),
                content_hash=d.content_hash,
            )
            for d in self._documents.values()
        ]

    def document(self, doc_id: str) -> Document:
        return self._documents[doc_id]

    def priorities(self, local_area: str | None = None) -> list[Any]:
        return []

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the inspection eval's answers must not call Corpus.{name}")


@dataclass
class PhrasingScore:
    phrasing: str
    items: int = 0
    named: int = 0
    reports: int = 0
    complete_reports: int = 0
    citations: int = 0
    inexact: list[str] = field(default_factory=list)
    heading_repeats: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "phrasing": self.phrasing,
            "items": self.items,
            "named": self.named,
            "recall": self.named / self.items if self.items else None,
            "reports": self.reports,
            "complete_reports": self.complete_reports,
            "citations": self.citations,
            "inexact_citations": self.inexact,
            "heading_repeats": self.heading_repeats,
            "misses": self.misses,
            "mean_seconds": sum(self.seconds) / len(self.seconds) if self.seconds else None,
            "max_seconds": max(self.seconds, default=None),
        }


def score_answer(answer: Answer, gold: GoldReport, document: Document, score: PhrasingScore):
    """Add one answer's figures to ``score``."""
    quotes = [normalise(c.quote) for c in answer.citations]
    for citation in answer.citations:
        score.citations += 1
        if document.text[citation.start : citation.end] != citation.quote:
            score.inexact.append(f"{gold.file}:{citation.key}")
    for sentence in answer.sentences:
        if sentence.kind is SentenceKind.claim and sentence.text.lower().startswith("areas for"):
            score.heading_repeats.append(f"{gold.file}: {sentence.text[:60]}")
    named = 0
    for kind, opening in gold.openings:
        if names(opening, quotes):
            named += 1
        else:
            score.misses.append(f"{gold.file} ({kind}): {opening}")
    score.items += len(gold.openings)
    score.named += named
    score.reports += 1
    score.complete_reports += named == len(gold.openings)


def evaluate_inspection(
    classifier: IntentClassifier,
    settings: Settings,
    splits: tuple[str, ...] = ("tune", "heldout"),
) -> dict[str, Any]:
    """Per split, per phrasing: items named, reports complete, citations exact, seconds."""
    gold = load_gold()
    split = load_split()
    manifest = Manifest.load(LIBRARY / "manifest.json")
    files = sorted({f for name in splits for f in split[name]})
    documents = [load_document(LIBRARY / f, manifest=manifest) for f in files]
    corpus = DocumentsCorpus(documents, classifier.embedder, settings)
    asker = Asker(corpus, None, classifier=classifier)  # type: ignore[arg-type]
    classifier.classify("warm up")  # trains on the examples: start-up, not a question's time
    by_file = {d.source: d for d in documents}
    result: dict[str, Any] = {}
    for name in splits:
        scores = []
        for phrasing in PHRASINGS:
            score = PhrasingScore(phrasing)
            for file in split[name]:
                report = gold[file]
                question = phrasing.format(area=report.local_area)
                started = time.perf_counter()
                answer = asker.ask(question)
                score.seconds.append(time.perf_counter() - started)
                score_answer(answer, report, by_file[file], score)
            scores.append(score.summary())
        items = sum(s["items"] for s in scores)
        result[name] = {
            "reports": len(split[name]),
            "phrasings": scores,
            "recall": sum(s["named"] for s in scores) / items if items else None,
            "min_recall": min(s["recall"] for s in scores),
        }
    return result
