"""Whether retrieved evidence answers a question, or the honest reply is "the documents do not say".

Retrieval always finds passages *about* a topic; these checks decide whether
they hold what was asked: the specific year, figure, sum or reference, and
enough of the question's meaning.
"""

from __future__ import annotations

import re

from assistant.domain.lexicon import FIGURE_RE
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.answer_type import section_words
from assistant.grounding.finder import query_coverage
from assistant.grounding.query import ParsedQuestion, retrieval_query
from assistant.grounding.records import Evidence
from assistant.grounding.scoping import Scope

# Calibrated on evals/datasets/qa.jsonl (answerable vs unanswerable); see docs/adr.
MIN_RELEVANCE = 0.42
MIN_COVERAGE = 0.4
WEAK_RELEVANCE = 0.35
HIGH_COVERAGE = 0.6
STRONG_RELEVANCE = 0.5
MIN_COVERAGE_STRONG = 0.25
MIN_RELEVANCE_TOPIC = 0.3


def answerable(parsed: ParsedQuestion, scope: Scope, units: list[Evidence]) -> bool:
    """Is the best evidence close enough to the question to answer from?"""
    # The first units (which may hold the asked-for date or venue) and the closest ones.
    closest = sorted(units, key=lambda u: u.relevance, reverse=True)[:3]
    top_units = [*units[:3], *(u for u in closest if u not in units[:3])]
    top = " ".join(u.text for u in top_units)
    if not specifics_covered(parsed.text, units[:3]):
        return False  # asks for a figure, year or reference this evidence does not give
    if scope.priority is not None:
        # The scope itself (this area's priority N, named or read from the topic) is
        # what was asked about; a topic guess still needs some evidence close to it.
        return not scope.inferred or max(u.relevance for u in units) >= MIN_RELEVANCE_TOPIC
    question = retrieval_query(parsed)
    best = max(u.relevance for u in top_units)
    # A unit in the section the question names ("the conclusion") covers that word.
    coverage = query_coverage(question, f"{top} {section_words(parsed.text, top_units)}")
    return (
        (best >= MIN_RELEVANCE and coverage >= MIN_COVERAGE)
        or (best >= STRONG_RELEVANCE and coverage >= MIN_COVERAGE_STRONG)
        or (best >= WEAK_RELEVANCE and coverage >= HIGH_COVERAGE)
    )


_YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")
# MR6, 2A, 11F; not a plural of a number ("5-18s", "the 1990s").
_IDENTIFIER = re.compile(r"\b(?!\d+s\b)(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{2,6}\b")
_QUANTITY = re.compile(
    r"\b(?:how many|how much|how long|what (?:percentage|proportion|share|rate|number)|average|"
    r"waiting times?|figures?)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"\b(?:percentage|proportion|share|rate)\b", re.IGNORECASE)
# Asking for a target ("what did X aim for"), not a result ("EHC plans" is not "planned").
_TARGET = re.compile(r"\b(?:targets?|aim(?:ed|s)?|trajector(?:y|ies)|planned|expected)\b", re.I)
_RATE = re.compile(r"\b\d+\s*(?:/|per|a)\s*(?:week|month|term|year)\b", re.I)  # "100 /month"
_DURATION = re.compile(r"\b(\d{1,3})[\s-]*(week|month|day)s?\b", re.I)
_MONEY = re.compile(r"\b(?:cost|budget|spend|spent|funding)\b", re.IGNORECASE)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_ORDINAL_REVIEW = re.compile(rf"\b({'|'.join(_ORDINALS)}) (?:monitoring |wsoa )?review\b", re.I)


def review_references(question: str) -> list[str]:
    """ "The fifth monitoring review" as the reference its note carries: "MR5"."""
    return [f"MR{_ORDINALS.index(m.lower()) + 1}" for m in _ORDINAL_REVIEW.findall(question)]


def specifics_first(question: str, units: list[Evidence]) -> list[Evidence]:
    """Put passages holding what the question asks for (a year, a sum, a figure) in front."""
    years = {m.group(1) for m in _YEAR.finditer(question)}
    quantity = bool(_QUANTITY.search(question))
    money = bool(_MONEY.search(question))

    def lacks(u: Evidence) -> tuple[bool, bool, bool]:
        has_year = any(y in u.text or u.date.startswith(y) for y in years)
        return (
            bool(years) and not has_year,
            money and "£" not in u.text,
            quantity and not FIGURE_RE.search(u.text),
        )

    return sorted(units, key=lacks)  # stable: relevance order within each group


def states_specifics(question: str, unit: Evidence) -> bool:
    """Does ``unit`` hold the year, reference and duration the question names ("in 2022",
    "MR6", "within 20 weeks")? A unit on the subject without them states another fact."""
    if not specifics_covered(question, [unit], quantity=False):
        return False
    return all(
        re.search(
            rf"\b(?:{number}|{_NUMBER_WORDS.get(number.lower(), number)})[\s-]*{unit_word}",
            unit.text,
            re.I,
        )
        for number, unit_word in _DURATION_ASKED.findall(question)
    )


_NUMBER_WORDS = dict(
    zip(
        ("one", "two", "three", "four", "five", "six", "eight", "ten", "twelve", "eighteen"),
        ("1", "2", "3", "4", "5", "6", "8", "10", "12", "18"),
        strict=True,
    )
)
_NUMBER_WORDS |= {v: k for k, v in _NUMBER_WORDS.items()}
# "within six weeks", "20-week": the duration a question names, in figures or words.
_DURATION_ASKED = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(w for w in _NUMBER_WORDS if w.isalpha())})[\s-]*(week|month|day)s?\b",
    re.I,
)


def specifics_covered(question: str, units: list[Evidence], quantity: bool = True) -> bool:
    """Figures, years and references a question asks for must be in the evidence.

    Retrieval finds passages *about* the topic even when none holds the answer
    ("How many EHC plans did Torbay issue in 2023?"); these checks catch the
    common case where the specific thing asked for is simply not there. ``quantity``
    False leaves the figure checks to a caller that read the units for the figure.
    """
    text = " ".join(u.text for u in units)
    dated = " ".join(u.text + " " + u.date for u in units)
    if any(year not in dated for year in {m.group(1) for m in _YEAR.finditer(question)}):
        return False
    # A reference may name the document itself ("MR5" is the fifth monitoring review's note).
    lowered = " ".join([text, *(f"{u.title} {u.doc_id}" for u in units)]).lower()
    for identifier in [*_IDENTIFIER.findall(question), *review_references(question)]:
        if not _YEAR.fullmatch(identifier) and identifier.lower() not in lowered:
            return False
    if quantity and _QUANTITY.search(question):
        figures = [u for u in units if FIGURE_RE.search(u.text) or _RATE.search(u.text)]
        if not figures:
            return False
        if _SHARE.search(question) and not re.search(r"%|per ?cent", text):
            return False
        if _MONEY.search(question) and "£" not in text:
            return False
        asked = {m.group(1) for m in _YEAR.finditer(question)}
        if asked:
            # "What proportion were issued in 2020": a plan's target is not that year's figure.
            if not _TARGET.search(question):
                figures = [u for u in figures if u.kind is not StatementKind.plan]
            figures = [
                u for u in figures if any(y in u.text or u.date.startswith(y) for y in asked)
            ]
        # "Within 20 weeks": the figure must be on that measure ("18 weeks" is another one).
        for number, unit in _DURATION.findall(question):
            figures = [u for u in figures if re.search(rf"\b{number}[\s-]*{unit}", u.text, re.I)]
        if not figures:
            return False
    return True
