"""Does a sentence say only what its cited evidence says? Lexical + embedding checks.

A sentence is supported when every number it states appears in its cited
evidence, and its content words are mostly found there (lexical recall), or
somewhat found there and the meaning is close (embedding cosine). The
thresholds were set against the hand-labelled pairs in
``evals/datasets/judge_pairs.jsonl`` (see docs/adr/0003-support-check.md).
"""

from __future__ import annotations

import re

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.index.embedder import cosine as vector_cosine
from assistant.index.lexical import tokenize

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
# Words that carry no claim of their own in this domain's sentences.
_GENERIC = frozenset(
    [
        "send",
        "local",
        "area",
        "areas",
        "priority",
        "priorities",
        "report",
        "reported",
        "reports",
        "note",
        "notes",
        "document",
        "documents",
        "say",
        "says",
        "also",
        "including",
        "include",
        "includes",
        "work",
        "working",
        "how",
        "far",
        "many",
        "much",
        "what",
        "who",
        "when",
        "where",
        "which",
        "why",
        "did",
        "does",
        "done",
        "has",
        "have",
        "been",
        "being",
        "there",
        "any",
        "about",
        "know",
        "tell",
        "give",
        "show",
        "out",
    ]
)

VERBATIM = 0.9
LEXICAL_STRONG = 0.6
LEXICAL_WEAK = 0.34
COSINE_WEAK = 0.55


class SupportVerdict(BaseModel):
    supported: bool
    lexical: float
    cosine: float
    missing_numbers: list[str]
    suspect_only: bool = False  # cited only passages addressed to an AI assistant

    @property
    def score(self) -> float:
        return round(max(self.lexical, (self.lexical + self.cosine) / 2), 4)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip("%") for n in _NUMBER.findall(text)}


def content_tokens(text: str) -> set[str]:
    return {t for t in tokenize(text) if t not in _GENERIC and not _NUMBER.fullmatch(t)}


def lexical_recall(sentence: str, evidence: str) -> float:
    """Share of the sentence's content words that appear in the evidence."""
    words = content_tokens(sentence)
    if not words:
        return 1.0
    return len(words & content_tokens(evidence)) / len(words)


class SupportChecker:
    """Checks sentences against evidence; the embedder is injected (real or fake)."""

    def __init__(self, embedder: Embeddings | None = None) -> None:
        self.embedder = embedder

    def check(
        self, sentence: str, evidence_texts: list[str], suspect: list[bool] | None = None
    ) -> SupportVerdict:
        """Is ``sentence`` supported by ``evidence_texts``?

        ``suspect`` marks texts from passages addressed to an AI assistant ("ignore
        previous instructions ..."): they are data, never support. A sentence is checked
        against the other texts only, so one resting on them alone is unsupported.
        """
        if suspect and any(suspect):
            trusted = [t for t, bad in zip(evidence_texts, suspect, strict=True) if not bad]
            if not trusted:
                return SupportVerdict(
                    supported=False, lexical=0.0, cosine=0.0, missing_numbers=[], suspect_only=True
                )
            evidence_texts = trusted
        if not evidence_texts:
            return SupportVerdict(supported=False, lexical=0.0, cosine=0.0, missing_numbers=[])
        joined = "\n".join(evidence_texts)
        missing = sorted(_numbers(sentence) - _numbers(joined))
        lexical = lexical_recall(sentence, joined)
        cosine = 0.0
        # A (near-)verbatim sentence needs no second opinion; anything looser gets one.
        if self.embedder is not None and lexical < VERBATIM:
            vectors = self.embedder.embed_documents([sentence, *evidence_texts])
            cosine = max(vector_cosine(vectors[0], v) for v in vectors[1:])
        supported = not missing and (
            lexical >= LEXICAL_STRONG or (lexical >= LEXICAL_WEAK and cosine >= COSINE_WEAK)
        )
        return SupportVerdict(
            supported=supported,
            lexical=round(lexical, 4),
            cosine=round(cosine, 4),
            missing_numbers=missing,
        )
