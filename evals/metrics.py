"""Pure metric functions. Nothing here loads a model or touches the index.

Citation recall and precision follow ALCE (Gao et al. 2023, "Enabling Large
Language Models to Generate Text with Citations", ``eval.py: compute_autoais``):

* a sentence is **supported** when the concatenation of its cited passages
  entails it; a sentence with no citation (or citing a passage that cannot be
  resolved) is not supported. Citation recall = supported / claim sentences.
* a citation is **irrelevant** when it alone does not entail the sentence and
  the remaining citations do. As in ALCE's code, precision credit is only
  given inside supported sentences: every citation of an unsupported sentence
  counts as imprecise, a single citation of a supported sentence is precise,
  and in a supported multi-citation sentence each citation is precise unless it
  is irrelevant. Citation precision = precise citations / citations.
* ALCE averages both per answer (macro); answers with no claim sentences (e.g.
  an abstention made only of notices) are left out of the average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from evals.quotes import normalise

PASSAGE_JOINER = "\n"


class Judge(Protocol):
    """Decides entailment: does ``premise`` support everything in ``claim``?"""

    name: str

    def entails(self, premise: str, claim: str) -> bool: ...


# --------------------------------------------------------------------------- citations


def citation_is_exact(quote: str, doc_text: str, start: int, end: int) -> bool:
    """True when the citation's quote is exactly ``doc_text[start:end]`` (and non-empty)."""
    return 0 <= start < end <= len(doc_text) and doc_text[start:end] == quote


@dataclass(frozen=True)
class CitedSentence:
    """A claim sentence and the texts of the passages it cites, in citation order.

    ``None`` stands for a citation that cannot be resolved to a passage; ALCE
    treats such a sentence as unsupported.
    """

    text: str
    passages: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class SentenceVerdict:
    text: str
    supported: bool
    citations: int
    precise: int
    irrelevant: tuple[int, ...] = ()  # positions of irrelevant citations


@dataclass
class CitationScores:
    """ALCE citation recall / precision of one answer."""

    verdicts: list[SentenceVerdict] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return len(self.verdicts)

    @property
    def supported(self) -> int:
        return sum(v.supported for v in self.verdicts)

    @property
    def citations(self) -> int:
        return sum(v.citations for v in self.verdicts)

    @property
    def precise(self) -> int:
        return sum(v.precise for v in self.verdicts)

    @property
    def recall(self) -> float | None:
        return self.supported / self.sentences if self.sentences else None

    @property
    def precision(self) -> float | None:
        # ALCE scores an answer with sentences but no citations as precision 0.
        if not self.sentences:
            return None
        return self.precise / self.citations if self.citations else 0.0


def _joined(passages: Sequence[str]) -> str:
    return PASSAGE_JOINER.join(passages)


def judge_sentence(sentence: CitedSentence, judge: Judge) -> SentenceVerdict:
    """ALCE support and precision for one sentence."""
    n = len(sentence.passages)
    if n == 0 or any(p is None for p in sentence.passages):
        return SentenceVerdict(sentence.text, supported=False, citations=n, precise=0)
    passages = [p for p in sentence.passages if p is not None]
    supported = judge.entails(_joined(passages), sentence.text)
    if not supported:
        return SentenceVerdict(sentence.text, supported=False, citations=n, precise=0)
    if n == 1:
        return SentenceVerdict(sentence.text, supported=True, citations=1, precise=1)
    irrelevant = []
    for i, passage in enumerate(passages):
        if judge.entails(passage, sentence.text):
            continue  # condition A: it alone supports the sentence
        rest = passages[:i] + passages[i + 1 :]
        if judge.entails(_joined(rest), sentence.text):
            irrelevant.append(i)  # condition B: the others suffice without it
    return SentenceVerdict(
        sentence.text,
        supported=True,
        citations=n,
        precise=n - len(irrelevant),
        irrelevant=tuple(irrelevant),
    )


def alce_citation_scores(sentences: Sequence[CitedSentence], judge: Judge) -> CitationScores:
    """ALCE citation recall / precision over an answer's claim sentences."""
    return CitationScores([judge_sentence(s, judge) for s in sentences])


# --------------------------------------------------------------------------- answers


def contains_phrase(text: str, phrase: str) -> bool:
    """Case- and whitespace-insensitive containment."""
    return normalise(phrase).lower() in normalise(text).lower()


def phrases_found(text: str, phrases: Sequence[str]) -> list[str]:
    """The phrases (facts, key points) that occur in ``text``."""
    return [p for p in phrases if contains_phrase(text, p)]


def coverage(text: str, phrases: Sequence[str]) -> float | None:
    """Share of ``phrases`` found in ``text`` (``None`` when there are none)."""
    return len(phrases_found(text, phrases)) / len(phrases) if phrases else None


@dataclass(frozen=True)
class AbstentionScores:
    """Abstention as a binary classifier: positive = the system abstained."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float | None:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        actual = self.tp + self.fn
        return self.tp / actual if actual else None

    @property
    def accuracy(self) -> float | None:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else None


def abstention_scores(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> AbstentionScores:
    """Confusion counts for predicted abstentions against gold "unanswerable" labels."""
    if len(abstained) != len(unanswerable):
        raise ValueError("abstained and unanswerable must have the same length")
    pairs = list(zip(abstained, unanswerable, strict=True))
    return AbstentionScores(
        tp=sum(a and g for a, g in pairs),
        fp=sum(a and not g for a, g in pairs),
        fn=sum(g and not a for a, g in pairs),
        tn=sum(not a and not g for a, g in pairs),
    )


# --------------------------------------------------------------------------- retrieval


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of one document."""

    doc_id: str
    start: int
    end: int


def overlap(a: Span, b: Span) -> int:
    """Characters shared by two spans (0 for different documents)."""
    if a.doc_id != b.doc_id:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def is_hit(retrieved: Span, gold: Span, min_share: float = 0.5) -> bool:
    """A retrieved chunk hits when it covers at least ``min_share`` of the gold span."""
    length = gold.end - gold.start
    return length > 0 and overlap(retrieved, gold) >= min_share * length


def first_hit_rank(retrieved: Sequence[Span], gold: Span) -> int | None:
    """1-based rank of the first hit, or ``None`` when nothing retrieved hits."""
    for rank, span in enumerate(retrieved, 1):
        if is_hit(span, gold):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of queries with a hit in the top ``k``."""
    if not ranks:
        return None
    return sum(r is not None and r <= k for r in ranks) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float | None:
    """Mean of 1/rank (0 when nothing hit) over queries."""
    if not ranks:
        return None
    return sum(1 / r if r else 0.0 for r in ranks) / len(ranks)


# --------------------------------------------------------------------------- helpers


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the defined values (``None`` when there are none)."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def cohen_kappa(predicted: Sequence[bool], gold: Sequence[bool]) -> float | None:
    """Cohen's kappa between two binary labelings (``None`` when undefined)."""
    n = len(gold)
    if n == 0 or n != len(predicted):
        return None
    observed = sum(p == g for p, g in zip(predicted, gold, strict=True)) / n
    p_yes, g_yes = sum(predicted) / n, sum(gold) / n
    expected = p_yes * g_yes + (1 - p_yes) * (1 - g_yes)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)
