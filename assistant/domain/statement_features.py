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
    r"=\s?\d|\b\d+\s?/\s?(?:month|week|year)\b|"
    r"\b\d[\d,]*\s+(?:[a-z]+\s+)?(?:children|young people|cyp|families|parents|plans|ehcps?|"
    r"ehc plans|"
    r"referrals|assessments|requests|schools|settings|pupils|learners|weeks|days|months|"
    r"responses|respondents|cases|practitioners|staff|places|audits|complaints|tribunals|"
    r"appeals|exclusions|reviews|annual reviews|hours|people|new|more|fewer|additional)\b",
    re.IGNORECASE,
)
# How an outcome was measured or compared, with or without a figure.
MEASURE_WORDS = re.compile(
    r"\b(?:survey (?:results?|found|shows?|showed)|audits? (?:found|shows?|showed|identified)|"
    r"feedback (?:shows|showed|indicates|tells)|analysis (?:shows?|showed)|"
    r"(?:downward|upward|improving|declining) (?:trend|trajectory)|trajectory|increasing number|"
    r"(?:good|excellent|outstanding|poor) to (?:good|excellent|outstanding)|resulted in (?:reduced|"
    r"improved|increased|fewer|shorter)|within the 20[- ]week|"
    r"data (?:shows?|showed|indicates?)|(?:has|have) (?:increased|decreased|reduced|risen|fallen|"
    r"improved|doubled|halved|dropped)|increased (?:from|to|by)|decreased (?:from|to|by)|"
    r"reduced (?:from|to|by)|rose|fell|remains? (?:at|below|above)|compared (?:to|with)|"
    r"(?:above|below|in line with|better than|worse than) (?:the )?(?:national|regional|statistical"
    r"|england)|national average|timeliness|rated (?:good|outstanding|inadequate)|"
    r"(?:up|down) from|baseline of|out of \d+)\b",
    re.IGNORECASE,
)
# Future tense, intentions and targets: what is meant to happen.
HISTORICAL = re.compile(
    r"\bat the time of (?:the )?inspection\b|\bthere (?:were|was) (?:over |nearly |about )?\d|"
    r"\bhad been waiting\b|\bas at (?:mid-|the end of )?\w+",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|(?:we|they) aim|aims? to|intend(?:s|ed)? to|(?:we|they) plan to|going to|"
    r"(?:is|are) expected to|expected to (?:take place|be)|to be (?:completed|delivered|achieved|"
    r"in place|implemented|launched|developed|agreed|established|updated|monitored|reviewed)|"
    r"target(?:s|ed)?|by (?:the )?(?:end of )?" + _MONTHS + r"|by (?:20)?\d\d\b|by (?:q[1-4]|"
    r"spring|summer|autumn|winter|end of)|over the next|in the coming|next (?:year|term|"
    r"quarter))\b",
    re.IGNORECASE,
)
# Something done or under way. Extracted progress columns drop the auxiliary
# ("Co-produced strategy refreshed following engagement"), so participles count alone.
DONE = re.compile(
    r"\b(?:has|have|had) (?:now |also |recently |successfully |already |been )?(?:\w+ed|\w+en|"
    r"begun|made|run|taken|held|put|set up|met|co-produced)\b|"
    r"\b(?:was|were|is being|are being|has been|have been)\b|\b(?:completed|launched|established|"
    r"appointed|recruited|implemented|introduced|held|delivered|published|agreed|"
    r"created|undertaken|commissioned|commenced|concluded|started|began|attended|refreshed|"
    r"initiated|widened|trialled|trialed|now in place|in place|in post|on board|underway|under way|"
    r"under (?:construction|development|review)|in development|ongoing|in progress|continues|"
    r"continue to|progressing|progressed|(?:is|are) taking place|took place|working together)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(?:has|have|had|is|are|was|were|do|does|did) not\b|n't\b", re.IGNORECASE)
# Agreed actions and requests addressed to someone: "DfE to share ...", "Provide data on ...".
ASSIGNED = re.compile(
    r"^[\s\-•▪*\d.)]*(?:[A-Z][\w/&' ]{0,40} (?:to|will) (?:share|provide|send|confirm|update|"
    r"circulate|arrange|consider|review|agree|report|set up|meet|follow up|look|explore|check|"
    r"discuss|ensure|liaise|submit|develop|produce|clarify|bring|identify)\b|"
    r"(?-i:(?!SEND\b))"  # "SEND tracking meetings …" is the acronym, not "send …"
    r"(?:share|provide|send|confirm|circulate|arrange|consider|clarify|explore|"
    r"identify|follow up|update on|report back|bring)\b)",
    re.IGNORECASE,
)
# An action-plan row whose first cell is a reference such as "3.1.1" or "2A.3".
ACTION_ROW = re.compile(
    r"^\s*(?:\d{1,2}[.\s]?[A-H]?(?:\.\d{1,2}){0,3}[a-z]?\s*\t|"
    r"\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]?\s+[A-Z])"
)
# A reference cell anywhere in a row: "1. Actions to ensure ...<tab>5.1.1<tab>Develop ...".
ACTION_CELL = re.compile(r"\t\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]?\t")
# Running headers, page footers and document furniture.
FURNITURE = re.compile(
    r"^(?:page\s*\|?\s*\d+(?:\s+of\s+\d+)?|\d+\s*\|\s*page|revised final version\b.{0,20}|"
    r"final version\b.{0,20}|official(?:[- ]sensitive)?|draft|not protectively marked|"
    r"(?:area send inspection|joint area send inspection|inspection) (?:of|in) [\w ,'&-]{2,60}"
    r"(?:local area partnership)?\s*\d*|[\w ,'&-]{2,60} local area partnership|"
    r"ofsted\s*\|?\s*cqc|www\.[\w./-]+|©.*|crown copyright.*)\s*$",
    re.IGNORECASE,
)
# Headings that stand alone as a unit: the fixed questions and sections of an
# inspection report and of a review note. A heading names what follows; it is not evidence.
HEADING = re.compile(
    r"^(?:what is it like to be a child or young person with send in this area\?|"
    r"what is the area partnership doing that is effective\?|"
    r"what does the area partnership need to do better\?|information about (?:this inspection|"
    r"the local area(?: partnership)?)|inspection (?:team|outcome)|local area partnership details|"
    r"areas? for (?:priority action|improvement)|(?:area send|"
    r"joint area send) inspection of .{2,60}|"
    r"(?:wsoa\s+)?(?:draft )?note of (?:standard )?wsoa review meeting|"
    r"progress on (?:key actions|the wsoa "
    r"strands?).{0,40}|evidence of impact|key next steps|agreed actions.{0,40}|support received in "
    r"this reporting period.{0,60}|update on (?:any )?actions (?:jointly )?agreed.{0,120}|"
    r"any additional "
    r"information|conclusion and summary.{0,20}|general update on progress.{0,60})\s*$",
    re.IGNORECASE,
)
# A priority or outcome heading: "Area 4<tab>Significant waiting times ...", "Priority Area 4: SLCN
# Pathways", "Outcome 1<tab>Quality of EHC Plans", "5.2.c Quality of Professional Advice".
PRIORITY_HEADING = re.compile(
    r"^\s*(?:(?:priority area|priority|area|asw|pillar|workstream|"
    r"strand)\s*\d{1,2}[a-z]?\s*[:\t\n–-]"
    r"|(?:priority|area|asw|pillar)\s*\d{1,2}\s+[A-Z][^\n\t]*$|outcome \d+\s*[:\t]\s*[^\t\n]{0,40}$"
    r"|\d{1,2}\.\d{1,2}\.?[a-z]?\s*-?\s+[A-Z][^.\t\n]{0,50}$)",
    re.IGNORECASE,
)
# The fixed wording at the end of every Ofsted/CQC report: team, licence, how to complain.
STANDARD_TEXT = re.compile(
    r"^(?:the inspection was led by|this inspection was carried out at the request|"
    r"this publication "
    r"is available at|if you are not happy with the inspection|you may reuse this information|"
    r"to view "
    r"this licence|if you would like a copy of this document|the office for standards in education|"
    r"it assesses council children|"
    r"http|www\.|local authority\s+integrated care board|name of authority)",
    re.IGNORECASE,
)
# A membership list: "Workstream 4 Lead James Backhouse, Assistant Director Education, ...".
ROLE = re.compile(r"\b(?:lead|head of|director|manager|chair|officer)\b", re.IGNORECASE)
INSPECTOR_NAMES = re.compile(r"\b(?:HMI|Ofsted Inspector|CQC (?:lead )?inspector)\b", re.IGNORECASE)
# Lead, date and resource cells of a column-wrapped action table: "Mar 21 DoP CC. managers".
DATE_CELL = re.compile(r"^\s*(?:from )?" + _MONTHS + r"\s*\d{2}\b", re.IGNORECASE)
# Header words beyond the column labels proper: "Progress against actions/impact & RAG rating".
LABEL_WORDS = frozenset(
    {
        *("against", "rating", "rag", "cost", "and/or", "time", "resources", "resource"),
        *("actions/impact", "impact", "&", "nov", "sep", "how", "will", "we", "know?"),
        *("progress", "completion", "date", "lead", "delivery", "partners"),
    }
)
# A line that is only a date, or only a label and its value: "Date: 5 February 2024".
META_LINE = re.compile(
    r"^(?:date|venue|location|present|apologies|attendees|time|local area|chair|"
    r"inspection dates?|dates? of (?:the )?inspection|lead inspector|published)\b[^.]{0,120}$",
    re.IGNORECASE,
)
# Inspectors reporting what leaders have done: "Leaders have co-produced training ...".
LEADERS_DID = re.compile(
    r"^[\s◼▪•]*(?:for example, )?(?:the )?(?:leaders?|senior leaders|"
    r"the (?:local area )?partnership|"
    r"(?:the )?local area|the area|the icb|the council|the lap|they|[\w ]{0,30}practitioners)\b"
    r"[^.]{0,40}?\b(?:have|has) (?:recently |now |also |successfully |begun to |started to )?"
    r"(?:\w+ed|made|begun|co-produced)\b|\bis in development\b|\battended\b",
    re.IGNORECASE,
)
# Counting what was put in place is activity, not impact: "74 new places commissioned".
ACTIVITY_OUTPUT = re.compile(
    r"\b(?:commissioned|appointed|recruited|created|funded|trained|delivered|held|sent|opened)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\?[\s)\"'”*_]*$")
NO_IMPACT_YET = re.compile(
    r"\bno (?:measurable )?(?:evidence of )?impact\b|\btoo early\b|\bearly stage\b|"
    r"\bnot yet (?:able|possible|measurable|evident)\b",
    re.IGNORECASE,
)
RECOMMENDATION = re.compile(
    r"\bshould\b|\bmust\b|\bneeds? to\b|\bneeds to be given\b|\bask that\b", re.IGNORECASE
)
# A numbered outcome of a plan: "3.1 Efficient neurodevelopmental pathways are coproduced".
NUMBERED_OUTCOME = re.compile(r"^\s*(?:outcome \d+\s*[\t:]\s*|\d{1,2}\.\d{1,2}\s+)[A-Z‘'\"]")

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
    def heading(self) -> bool:
        """A fixed section heading or question of a report or note."""
        return bool(HEADING.match(self.flat))

    @property
    def priority_heading(self) -> bool:
        """A short priority, outcome or numbered sub-heading with no statement after it."""
        return (
            bool(PRIORITY_HEADING.match(self.text))
            and self.words <= 40
            and not self.done
            and not self.future
        )

    @property
    def standard_text(self) -> bool:
        """Inspection-report furniture: team, licence, complaints, addresses."""
        if STANDARD_TEXT.match(self.flat):
            return True
        return bool(INSPECTOR_NAMES.search(self.flat)) and not self.done

    @property
    def role_list(self) -> bool:
        """Names and job titles only (governance membership), no statement."""
        return len(ROLE.findall(self.flat)) >= 2 and not (self.done or self.future or self.assigned)

    @property
    def date_cell(self) -> bool:
        """Due date, lead and resource cells run together, with no statement."""
        return bool(DATE_CELL.match(self.text)) and self.words <= 12

    @property
    def wrapped_fragment(self) -> bool:
        """Cells wrapped a word or two per line (leads, budgets): no sentence in it."""
        lines = self.lines
        words = [len(ln.split()) for ln in lines]
        return len(lines) >= 3 and sum(words) / len(lines) <= 1.5 and not self.flat.endswith(".")

    @property
    def mostly_labels(self) -> bool:
        """Column-label words with at most a short caption after them."""
        words = re.findall(r"[a-z’'/&?]+", self.flat.lower())
        if not words:
            return False
        labels = [w for w in words if w in LABEL_WORDS or is_label_line(w)]
        first = re.findall(r"[a-z’'/&?]+", self.lines[0].lower()) if self.lines else []
        first_is_label = bool(first) and all(w in LABEL_WORDS or is_label_line(w) for w in first)
        return len(labels) >= 0.7 * len(words) or (first_is_label and len(words) <= 14)

    @property
    def meta_line(self) -> bool:
        return bool(META_LINE.match(self.flat)) and len(self.flat) < 140

    @property
    def sentence(self) -> bool:
        """Running prose that ends like a sentence (not a table row, title or label)."""
        return "\t" not in self.text and self.flat.endswith((".", "!", "?", ";"))

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
    def historical(self) -> bool:
        """A figure the plan reports about the past ("at the time of the inspection there were
        over 1000 children waiting"), not a target it sets."""
        return bool(HISTORICAL.search(self.text)) and not self.future_first

    @property
    def done(self) -> bool:
        return bool(DONE.search(self.text))

    @property
    def done_first(self) -> bool:
        """Done or under way, said before any future or intention in the unit."""
        done, future = DONE.search(self.text), FUTURE.search(self.text)
        if done is None:
            return False
        return future is None or done.start() < future.start()

    @property
    def future_first(self) -> bool:
        """Future or intention, said before anything done in the unit."""
        done, future = DONE.search(self.text), FUTURE.search(self.text)
        if future is None:
            return False
        return done is None or future.start() < done.start()

    @property
    def activity_output(self) -> bool:
        return bool(ACTIVITY_OUTPUT.search(self.text))

    @property
    def negated(self) -> bool:
        return bool(NEGATED.search(self.text))

    @property
    def leaders_did(self) -> bool:
        return bool(LEADERS_DID.search(self.flat)) and not self.negated

    @property
    def numbered_outcome(self) -> bool:
        return bool(NUMBERED_OUTCOME.match(self.text))

    @property
    def action_refs(self) -> bool:
        return bool(re.search(r"\b\d{1,2} ?[A-H](?:\.\d)?\b|\b\d\.\d{1,2}\.\d", self.text))

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
        return bool(ACTION_ROW.match(self.text) or ACTION_CELL.search(self.text))

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
