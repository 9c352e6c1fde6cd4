"""The signals the statement-kind rules look at, computed once per evidence unit.

Each signal is a named yes/no question about a unit ("does it give a figure?",
"is it written in the future tense?") so that a rule in
:mod:`assistant.domain.statement_kinds` reads as a sentence and can be explained.
The word lists are domain vocabulary: how advisers, areas and inspectors write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.domain.columns import is_header_row, is_label_line
from assistant.records import DocType, SectionKind

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"

# A figure that reports a quantity: "71%", "45/68", "£380k", "12 out of 15",
# "30 children", "from 12 to 20 weeks". Years, dates and action references are not figures.
FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s?%|\bper ?cent\b|£\s?\d|\b\d+\s?/\s?\d+\b(?!\s?\d)|\b\d+ (?:out )?of \d+\b|"
    r"\b\d[\d,]*\s+(?:children|young people|cyp|families|parents|plans|ehcps?|ehc plans|"
    r"referrals|assessments|requests|schools|settings|pupils|learners|weeks|days|months|"
    r"responses|respondents|cases|practitioners|staff|places|audits|complaints|tribunals|"
    r"appeals|exclusions|reviews|annual reviews|hours|people|new|more|fewer|additional)\b",
    re.IGNORECASE,
)
# How an outcome was measured or compared, with or without a figure.
MEASURE_WORDS = re.compile(
    r"\b(?:survey(?:ed|s)?|audit(?:ed|s)?|feedback (?:shows|showed|indicates|tells)|"
    r"data (?:shows?|showed|indicates?)|(?:has|have) (?:increased|decreased|reduced|risen|fallen|"
    r"improved|doubled|halved|dropped)|increased (?:from|to|by)|decreased (?:from|to|by)|"
    r"reduced (?:from|to|by)|rose|fell|remains? (?:at|below|above)|compared (?:to|with)|"
    r"(?:above|below|in line with|better than|worse than) (?:the )?(?:national|regional|statistical"
    r"|england)|national average|timeliness|rated (?:good|outstanding|inadequate)|"
    r"(?:up|down) from|baseline of)\b",
    re.IGNORECASE,
)
# Future tense, intentions and targets: what is meant to happen.
FUTURE = re.compile(
    r"\b(?:will|shall|we aim|aims? to|intend(?:s|ed)? to|plan(?:s|ned)? to|going to|"
    r"to be (?:completed|delivered|achieved|in place|implemented|launched|developed|agreed)|"
    r"target(?:s|ed)?|by (?:the )?(?:end of )?" + _MONTHS + r"|by (?:20)?\d\d\b|by (?:q[1-4]|"
    r"spring|summer|autumn|winter|end of)|over the next|in the coming|next (?:year|term|quarter))\b",
    re.IGNORECASE,
)
# Something done or under way.
DONE = re.compile(
    r"\b(?:has|have|had) (?:now |also |recently |successfully |been )?\w+(?:ed|en|un|t)\b|"
    r"\b(?:was|were|is being|are being|has been|have been)\b|\b(?:completed|launched|established|"
    r"appointed|recruited|developed|implemented|introduced|held|delivered|published|agreed|"
    r"created|undertaken|commissioned|started|began|attended|co-produced|now in place|in place|"
    r"underway|under way|ongoing|in progress|continues|continue to|progressing)\b",
    re.IGNORECASE,
)
# Agreed actions and requests addressed to someone: "DfE to share ...", "Provide data on ...".
ASSIGNED = re.compile(
    r"^[\s\-•▪*\d.)]*(?:[A-Z][\w/&' ]{0,40} (?:to|will) (?:share|provide|send|confirm|update|"
    r"circulate|arrange|consider|review|agree|report|set up|meet|follow up|look|explore|check|"
    r"discuss|ensure|liaise|submit|develop|produce|clarify|bring|identify)\b|"
    r"(?:share|provide|send|confirm|circulate|arrange|consider|clarify|explore|"
    r"identify|follow up|update on|report back|bring)\b)",
    re.IGNORECASE,
)
# An action-plan row whose first cell is a reference such as "3.1.1" or "2A.3".
ACTION_ROW = re.compile(r"^\s*(?:\d{1,2}[.\s]?[A-H]?(?:\.\d{1,2}){0,3}[a-z]?)\s*\t")
# Running headers, page footers and document furniture.
FURNITURE = re.compile(
    r"^(?:page\s*\|?\s*\d+(?:\s+of\s+\d+)?|\d+\s*\|\s*page|revised final version\b.{0,20}|"
    r"final version\b.{0,20}|official(?:[- ]sensitive)?|draft|not protectively marked|"
    r"(?:area send inspection|joint area send inspection|inspection) (?:of|in) [\w ,'&-]{2,60}"
    r"(?:local area partnership)?\s*\d*|[\w ,'&-]{2,60} local area partnership|"
    r"ofsted\s*\|?\s*cqc|www\.[\w./-]+|©.*|crown copyright.*)\s*$",
    re.IGNORECASE,
)
# A line that is only a date, or only a label and its value: "Date: 5 February 2024".
META_LINE = re.compile(
    r"^(?:date|venue|location|present|apologies|attendees|time|local area|chair|"
    r"inspection dates?|dates? of (?:the )?inspection|lead inspector|published)\b[^.]{0,120}$",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\?\s*[)\"'”]?\s*$")
NO_IMPACT_YET = re.compile(
    r"\bno (?:measurable )?(?:evidence of )?impact\b|\btoo early\b|\bearly stage\b|"
    r"\bnot yet (?:able|possible|measurable|evident)\b",
    re.IGNORECASE,
)
RECOMMENDATION = re.compile(r"\bshould\b|\bmust\b|\bneed(?:s)? to\b", re.IGNORECASE)

_PLAN_TYPES = frozenset({DocType.wsoa, DocType.accelerated_progress_plan})
_NOTE_TYPES = frozenset({DocType.review_note, DocType.preparation_template})


@dataclass(frozen=True)
class UnitFeatures:
    """One evidence unit as the statement-kind rules see it."""

    text: str
    section: SectionKind = SectionKind.other
    doc_type: DocType = DocType.other

    @cached_property
    def flat(self) -> str:
        """The text on one line, with tabs and newlines folded to single spaces."""
        return re.sub(r"\s+", " ", self.text).strip()

    @cached_property
    def cells(self) -> list[str]:
        """Non-empty tab-separated cells ("" rows give one cell: the whole text)."""
        return [c.strip() for c in self.text.split("\t") if c.strip()]

    @cached_property
    def lines(self) -> list[str]:
        return [ln.strip() for ln in self.text.split("\n") if ln.strip()]

    # --- boilerplate --------------------------------------------------------
    @property
    def header_row(self) -> bool:
        """Any line is a table header row naming columns."""
        return any(is_header_row(ln.split("\t")) for ln in self.text.split("\n"))

    @property
    def label_line(self) -> bool:
        """The whole unit is column-label words (a header split over lines)."""
        return is_label_line(self.flat)

    @property
    def furniture(self) -> bool:
        """Page footer, running header or document marking, on every line."""
        return bool(self.lines) and all(FURNITURE.match(ln) for ln in self.lines)

    @property
    def meta_line(self) -> bool:
        return bool(META_LINE.match(self.flat)) and len(self.flat) < 140

    @property
    def words(self) -> int:
        return len(re.findall(r"[A-Za-z]{2,}", self.text))

    # --- content signals ----------------------------------------------------
    @property
    def figure(self) -> bool:
        return bool(FIGURE.search(self.text))

    @property
    def measure_words(self) -> bool:
        return bool(MEASURE_WORDS.search(self.text))

    @property
    def future(self) -> bool:
        return bool(FUTURE.search(self.text))

    @property
    def done(self) -> bool:
        return bool(DONE.search(self.text))

    @property
    def question(self) -> bool:
        return bool(QUESTION.search(self.text))

    @property
    def assigned(self) -> bool:
        return bool(ASSIGNED.match(self.text))

    @property
    def no_impact_yet(self) -> bool:
        return bool(NO_IMPACT_YET.search(self.text))

    @property
    def recommendation(self) -> bool:
        return bool(RECOMMENDATION.search(self.text))

    @property
    def action_row(self) -> bool:
        return bool(ACTION_ROW.match(self.text))

    # --- where the unit sits -------------------------------------------------
    @property
    def in_plan(self) -> bool:
        """From a WSoA or accelerated progress plan (documents of intentions)."""
        return self.doc_type in _PLAN_TYPES

    @property
    def in_note(self) -> bool:
        return self.doc_type in _NOTE_TYPES

    @property
    def in_inspection(self) -> bool:
        return self.doc_type is DocType.inspection_report
