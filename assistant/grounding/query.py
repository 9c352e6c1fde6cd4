"""Understanding a question: which local area, which (local) priority, what kind of answer.

Priority numbers are local: "priority 5" in Shropshire is EHC plan quality, in
Torbay ASW 5 is preparation for adulthood. So a number is only resolved
together with an area; without one, callers answer per area.
"""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, Field

from assistant.domain.lexicon import PRIORITY_KEYWORD
from assistant.grounding.intent_examples import QuestionIntent
from assistant.grounding.understanding import (
    IntentClassifier,
    area_mentions,
    date_bounds,
    mask,
    question_measure,
    question_theme,
)
from assistant.records import SectionKind

# The documents' own keywords ("Priority", "ASW", "Pillar", "Workstream"...) plus
# the adviser's shorthand "P5".
_PRIORITY = re.compile(
    rf"\b(?:{PRIORITY_KEYWORD}|p)\s*(?:no\.?\s*)?(\d{{1,2}})\b",
    re.IGNORECASE,
)


class Intent(str, Enum):
    general = "general"
    impact = "impact"
    progress = "progress"
    next_steps = "next_steps"


_INTENT_WORDS = {
    Intent.impact: ("evidence", "impact", "difference", "how do we know", "outcome", "measur"),
    Intent.next_steps: ("next step", "follow-up", "follow up", "what next", "still to do"),
    Intent.progress: ("progress", "done", "action", "achiev"),
}

INTENT_SECTIONS = {
    Intent.impact: {SectionKind.impact, SectionKind.measures},
    Intent.next_steps: {SectionKind.next_steps, SectionKind.follow_up},
    Intent.progress: {SectionKind.progress, SectionKind.actions, SectionKind.general_update},
    Intent.general: set(),
}


class Shape(str, Enum):
    """What kind of reply the question wants, which decides how the answer is built."""

    figure = "figure"  # how many / what % / what was X: the unit holding the figure first
    actions = "actions"  # which actions are red / amber / overdue: the action register
    evidence = "evidence"  # what evidence for priority N: measured impact, then progress
    general = "general"


# Question shapes as data, tried in order; the first that matches wins.
QUESTION_SHAPES: tuple[tuple[Shape, re.Pattern[str]], ...] = (
    (
        Shape.actions,
        re.compile(
            r"\bactions?\b.{0,60}\b(?:red|amber|green|complete[d]?|rag|rated|overdue|"
            r"behind schedule|late|past (?:their|its) due)\b|"
            r"\b(?:red|amber|green|overdue)\b.{0,30}\bactions?\b",
            re.IGNORECASE,
        ),
    ),
    (
        Shape.evidence,
        re.compile(
            r"\b(?:what|which)\b.{0,30}\b(?:evidence|impact)\b|\bhow do (?:we|they) know\b",
            re.IGNORECASE,
        ),
    ),
    (
        Shape.figure,
        re.compile(
            r"\b(?:how many|how much|how long|what (?:%|percentage|proportion|share|rate|number)|"
            r"what (?:was|is|were|are) (?:the )?[\w' -]{0,60}"
            r"(?:timeliness|rate|figure|performance|number|percentage|waits?|waiting times?)|"
            r"what is the rate of|"
            r"what [\w' -]{0,30}(?:targets?|trajector(?:y|ies)|timescales?)\b"
            r".{0,20}\b(?:set|agree))\b",
            re.IGNORECASE,
        ),
    ),
)

_RAG_WORDS = {"red": "red", "amber": "amber", "green": "green", "complete": "complete"}
_OVERDUE = re.compile(r"\b(?:overdue|behind schedule|late|past (?:their|its) due)\b", re.I)
# "What did the advisers ask …": their questions are the answer.
_FOLLOW_UP = re.compile(
    r"\b(?:follow[ -]?up|next steps?|questions? (?:raised|asked))\b|"
    r"\b(?:did|do|does|have|has)\b.{0,40}\bask(?:ed)?\b",
    re.I,
)


class ParsedQuestion(BaseModel):
    """What a question asks, read once: the one record every answer path works from."""

    text: str
    areas: list[str]
    priority: int | None
    intent: Intent
    shape: Shape = Shape.general
    ask: QuestionIntent = Field(
        QuestionIntent.general, description="what is asked, read by meaning (understanding.py)"
    )
    confidence: float = Field(0.0, description="the intent classifier's probability for ``ask``")
    theme: str | None = Field(None, description="the theme the question's words name")
    measure: str = Field("", description="what a figure question counts or measures")
    date_from: str | None = Field(None, description="'since 2023': YYYY or YYYY-MM")
    date_to: str | None = Field(None, description="'before 2023': YYYY or YYYY-MM")
    rag: str | None = Field(None, description="the RAG rating asked about (actions shape)")
    overdue: bool = Field(False, description="asks which actions are overdue or behind")
    as_of: str | None = Field(None, description="YYYY-MM the question names ('in April 2022')")
    wants_follow_up: bool = Field(
        False, description="asks about next steps or follow-up: questions may be shown"
    )


def question_shape(question: str) -> Shape:
    """The first shape in :data:`QUESTION_SHAPES` whose pattern the question matches."""
    for shape, pattern in QUESTION_SHAPES:
        if pattern.search(question):
            return shape
    return Shape.general


#: How an intent read by meaning shapes the answer (section wanted, reply shape).
INTENT_ROUTES: dict[QuestionIntent, tuple[Intent, Shape]] = {
    QuestionIntent.impact: (Intent.impact, Shape.evidence),
    QuestionIntent.progress: (Intent.progress, Shape.general),
    QuestionIntent.next_steps: (Intent.next_steps, Shape.general),
    QuestionIntent.figure: (Intent.general, Shape.figure),
    QuestionIntent.actions: (Intent.general, Shape.actions),
}


#: Below this probability the classifier's reading gives way to the keyword tables.
MIN_CONFIDENCE = 0.3


def parse_question(
    question: str, known_areas: list[str], classifier: IntentClassifier | None = None
) -> ParsedQuestion:
    """Areas (from those indexed), a priority number, the intent and the other slots.

    With a classifier the intent is read by meaning (``understanding``); without one
    (unit tests of the slot extractors) it falls back to the keyword tables above.
    """
    lower = question.lower()
    areas = area_mentions(question, known_areas)
    match = _PRIORITY.search(question)
    priority = int(match.group(1)) if match else None
    intent = Intent.general
    for candidate, words in _INTENT_WORDS.items():
        if any(w in lower for w in words):
            intent = candidate
            break
    shape = question_shape(question)
    ask, confidence = _legacy_ask(intent, shape), 0.0
    if classifier is not None:
        score = classifier.classify(mask(question, known_areas, _PRIORITY))
        confidence = score.probability
        # A confident reading decides; an unsure one (a question unlike every example)
        # keeps the keyword tables' reading, which was tuned on the team's questions.
        if score.probability >= MIN_CONFIDENCE or score.intent is QuestionIntent.out_of_scope:
            ask = score.intent
            intent, shape = INTENT_ROUTES.get(ask, (Intent.general, Shape.general))
    rag = next((r for w, r in _RAG_WORDS.items() if re.search(rf"\b{w}\b", lower)), None)
    date_from, date_to = date_bounds(question)
    return ParsedQuestion(
        text=question,
        areas=areas,
        priority=priority,
        intent=intent,
        shape=shape,
        ask=ask,
        confidence=confidence,
        theme=question_theme(question),
        measure=question_measure(question),
        date_from=date_from,
        date_to=date_to,
        rag=rag if shape is Shape.actions else None,
        overdue=shape is Shape.actions and (bool(_OVERDUE.search(question)) or rag is None),
        as_of=question_month(question),
        wants_follow_up=bool(_FOLLOW_UP.search(question)) or ask is QuestionIntent.next_steps,
    )


def _legacy_ask(intent: Intent, shape: Shape) -> QuestionIntent:
    if shape is Shape.actions:
        return QuestionIntent.actions
    if shape is Shape.figure:
        return QuestionIntent.figure
    return {
        Intent.impact: QuestionIntent.impact,
        Intent.progress: QuestionIntent.progress,
        Intent.next_steps: QuestionIntent.next_steps,
    }.get(intent, QuestionIntent.general)


_MONTHS = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+(20\d\d)\b", re.IGNORECASE)
_ISO_MONTH = re.compile(r"\b(20\d\d)-(0[1-9]|1[0-2])\b")


def question_month(question: str) -> str | None:
    """The month a question names, as YYYY-MM ("in April 2022", "at 2023-09"), else None."""
    if match := _MONTH_YEAR.search(question):
        return f"{match.group(2)}-{_MONTHS.index(match.group(1).lower()) + 1:02d}"
    if match := _ISO_MONTH.search(question):
        return f"{match.group(1)}-{match.group(2)}"
    return None


# How documents report a change a question asks about in its own words ("has the
# backlog come down?" is answered by "had been reduced to 210").
_CHANGE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:c[oa]me?s? down|go(?:ne|es)? down|fall(?:en|s|ing)?|fell|dropp?(?:ed|ing)?|"
            r"shr[iau]nk\w*|cut|lower(?:ed)?|decreas\w*|reduc\w*|backlogs?|dent|shorter)\b",
            re.I,
        ),
        "reduced reduction decreased fallen",
    ),
    (
        re.compile(
            r"\b(?:go(?:ne|es)? up|r[io]s[ei]n?|rises|grow\w*|grew|increas\w*|improv\w*|"
            r"better|more|higher)\b",
            re.I,
        ),
        "increased improved risen",
    ),
)


# The frame of a question about results ("What evidence is there that …", "Is there any
# sign that …"): words every review note's "Evidence of impact" heading shares, so
# searching with them finds the headings' sections rather than the asked result.
_RESULT_FRAME = re.compile(
    r"\b(?:what|which|is there|are there|do we have|can \w+ (?:show|point to)|how do we know)"
    r"(?: any)?(?: \w+){0,2}? (?:evidence|signs?|data|proof|results?|numbers|figures)"
    r"(?: (?:is there|are there|do we have|shows?|say|shows? us))?(?: (?:that|of|on|about|for))?\b"
    r"|\bhow do we know(?: that)?\b",
    re.I,
)


def change_words(question: str) -> str:
    """The words documents use for a change the question asks about, else ''."""
    return " ".join(words for pattern, words in _CHANGE_WORDS if pattern.search(question))


# Words any question about results uses, whatever it is about.
_RESULT_WORDS = re.compile(
    r"\b(?:evidence|impact|difference|mak(?:e|es|ing)|made|work(?:s|ing)?|improv\w*|"
    r"chang\w*|results?|show\w*|measur\w*|signs?|data|figures|numbers|outcomes?|progress|"
    r"achiev\w*|managed|actually|real|any|yet|so far|since|now)\b",
    re.I,
)


def result_subject(parsed: ParsedQuestion) -> str:
    """What a question about results is about: "waiting times for speech and language
    therapy" of "What evidence is there that waiting times for … have come down?"."""
    subject = _RESULT_WORDS.sub(" ", _RESULT_FRAME.sub(" ", retrieval_query(parsed)))
    for pattern, _ in _CHANGE_WORDS:
        subject = pattern.sub(" ", subject)
    return re.sub(r"\s+", " ", subject).strip()


def result_query(parsed: ParsedQuestion) -> str:
    """What to search for a question about results: its subject without the frame,
    with the words documents use for the change it asks about."""
    subject = _RESULT_FRAME.sub(" ", retrieval_query(parsed))
    return re.sub(r"\s+", " ", f"{subject} {change_words(parsed.text)}").strip()


def retrieval_query(parsed: ParsedQuestion, priority_title: str = "") -> str:
    """The question with area/priority words swapped for the priority's own title."""
    text = parsed.text
    if parsed.priority is not None:
        text = _PRIORITY.sub(" ", text)
    for area in parsed.areas:
        text = re.sub(rf"\b{re.escape(area)}('s)?\b", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    return f"{text} {priority_title}".strip()


# Where a question names a place: "What is Bristol doing", "Bristol's", "in Bristol".
# A pattern, not a list of every English local authority: the list would need keeping
# up to date, and any place the documents never mention cannot be answered anyway.
_PLACE = re.compile(
    r"\b(?:[Ww]hat (?:is|are)|[Hh]ow (?:is|are)) ([A-Z][a-z]+(?: [A-Z][a-z]+)?) doing\b|"
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)'s\b|"
    r"\b(?:in|for|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
)
# Capitalised words that are not places (the rest of the domain's words are acronyms).
NOT_PLACES = frozenset(
    {
        *("Ofsted", "DfE", "England", "English", "Priority", "Area", "Pillar", "Strand"),
        *("Written", "Statement", "Action", "Accelerated", "Progress", "Plan", "The"),
    }
)


# Capitalised because they open the question ("Is Torbay's priority 5 complete?").
_OPENING_WORDS = frozenset(
    {
        *("Is", "Are", "Was", "Were", "Has", "Have", "Had", "Does", "Do", "Did", "Can"),
        *("Could", "Will", "Would", "Should", "What", "How", "When", "Where", "Why", "Which"),
        *("Who", "Tell", "Show", "List", "Give", "Summarise", "Summarize", "Describe"),
    }
)


def named_places(question: str) -> list[str]:
    """Capitalised place-like names the question is about (may include known areas)."""
    names = []
    for match in _PLACE.finditer(question):
        name = next(g for g in match.groups() if g)
        first, _, rest = name.partition(" ")
        if first in _OPENING_WORDS and rest:
            name = first = rest
        if first not in NOT_PLACES and first not in _MONTH_NAMES:
            names.append(name)
    return names


_MONTH_NAMES = frozenset(m.capitalize() for m in _MONTHS)
