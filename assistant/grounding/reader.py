"""Reading candidate units for a factoid: which one states the asked fact?

Search ranks passages *about* the question's topic; a factoid ("how many had been
reviewed so far", "what is Violet", "who chairs …") is answered by the one unit that
states the fact about the asked subject. Here each candidate is scored on:

- the question's *specific* words it holds, weighted by how rare each is among the
  candidates (the subject, "setting staff", "focus groups", outweighs "training"),
- its closeness in meaning (the relevance search gave it),
- whether its tense fits: a question about what was done ("so far", "actually", "had
  been") is not answered by a plan or target ("will review 60"), and a question about a
  target is not answered by a result.

The order changes only among candidates; what is kept, and whether the question is
answerable, is decided afterwards as before.
"""

from __future__ import annotations

import math
import re

from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.records import Evidence
from assistant.grounding.support import content_tokens
from assistant.index.glossary import expand_query

#: Weights of the three signals (rare shared words, meaning, tense fit).
WORDS, MEANING, TENSE = 0.55, 0.35, 0.15

# A closed grammatical vocabulary, so patterns are exact here: the asked tense.
_ACHIEVED = re.compile(
    r"\b(?:so far|to date|actually|already|yet|had been|have been|has been|were|was|did|"
    r"achieved|reached|delivered|completed|managed|received|sent back|made)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:target(?:s|ed)?|aim(?:s|ed)?|plan(?:s|ned)?\s+to|will|expected|trajector(?:y|ies)|"
    r"intend(?:s|ed)?|set as)\b",
    re.IGNORECASE,
)


def asked_tense(question: str) -> str:
    """'planned' (a target or plan is asked for), 'achieved', or '' (either)."""
    if _PLANNED.search(question):
        return "planned"
    if _ACHIEVED.search(question):
        return "achieved"
    return ""


def read_for_fact(question: str, topic: str, units: list[Evidence]) -> list[Evidence]:
    """``units`` best first for a factoid question (``topic``: its words without area and
    priority names)."""
    if len(units) < 2:
        return units
    words = content_tokens(topic)
    if not words:
        return units
    unit_words = [content_tokens(expand_query(u.text)) for u in units]
    weights = {w: _rarity(w, unit_words) for w in words}
    total = sum(weights.values()) or 1.0
    tense = asked_tense(question)
    best_relevance = max(u.relevance for u in units) or 1.0

    def score(item: tuple[Evidence, set[str]]) -> float:
        unit, held = item
        shared = sum(weight for word, weight in weights.items() if word in held) / total
        meaning = unit.relevance / best_relevance
        return WORDS * shared + MEANING * meaning + TENSE * _tense_fit(tense, unit)

    ranked = sorted(zip(units, unit_words, strict=True), key=score, reverse=True)
    return [unit for unit, _ in ranked]


def _rarity(word: str, unit_words: list[set[str]]) -> float:
    holding = sum(word in held for held in unit_words)
    return math.log(1 + len(unit_words) / (1 + holding)) if holding else 0.0


def _tense_fit(tense: str, unit: Evidence) -> float:
    planned = unit.kind is StatementKind.plan
    if tense == "achieved":
        return -1.0 if planned else 1.0
    if tense == "planned":
        return 1.0 if planned else 0.0
    return 0.0
