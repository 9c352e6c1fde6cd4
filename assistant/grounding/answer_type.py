"""What kind of thing a question asks for, and which evidence units hold it.

"When was …" wants a date, "where …" a place, "who chairs …" a person, "how often …"
a frequency, "why …" a reason, "what did the survey find" a result. Retrieval ranks
passages *about* the question's topic; the unit that answers it is the one on that
topic that also holds the asked-for thing ("The postholder has taken up role in April
2022."), so such units go first. Meeting headers ("Date: 5th February 2024", "Venue:
Tor Hill House") and resource cells ("£10K grant funding") are furniture for every
other question, but they are the answer to "when / where / who / how much funding".
"""

from __future__ import annotations

import re
from enum import Enum

from assistant.domain.lexicon import FIGURE_RE
from assistant.grounding.records import Evidence
from assistant.records import SectionKind


class AnswerType(str, Enum):
    date = "date"
    place = "place"
    person = "person"
    money = "money"
    frequency = "frequency"
    reason = "reason"
    voice = "voice"  # what people say: their words
    result = "result"  # what a survey, audit or review found


# Where a question word may start a (sub)question: "…, and who", "Shropshire APP - who is".
QUESTION_START = r"(?:^|\band\s+|[,;:]\s*|\s[-–—]\s+)"
ASKS: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.date: re.compile(
        rf"{QUESTION_START}when\b|\bby when\b|\bwhat (?:date|year|month)\b|\bhow long ago\b", re.I
    ),
    AnswerType.place: re.compile(rf"{QUESTION_START}where\b|\bwhat venue\b", re.I),
    AnswerType.person: re.compile(rf"{QUESTION_START}who\b", re.I),
    AnswerType.money: re.compile(
        r"\bhow much\b.{0,40}\b(?:funding|fund(?:ed|s)?|cost|budget|spend|spent|uplift|money)\b|"
        r"\bwhat (?:funding|budget|money)\b|\bhow much (?:extra |additional )?funding\b",
        re.I,
    ),
    AnswerType.frequency: re.compile(
        r"\bhow (?:often|frequently)\b|\b(?:a|per|each) (?:week|month|term|year)\b", re.I
    ),
    AnswerType.reason: re.compile(
        rf"{QUESTION_START}why\b|\bwhat (?:is|are|was|were) the reasons?\b", re.I
    ),
    AnswerType.voice: re.compile(
        r"\bwhat (?:do|did|does)\b.{0,50}\b(?:say|think|feel)\b|\bwhat have\b.{0,50}\bsaid\b",
        re.I,
    ),
    AnswerType.result: re.compile(
        r"\bwhat did\b.{0,60}\b(?:find|show|reveal|conclude)\b|"
        r"\bwhat were the (?:results|findings)\b",
        re.I,
    ),
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
HOLDS: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.date: re.compile(
        rf"\b{_MONTH}\b[\s-]*(?:20)?\d\d\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s*{_MONTH}\b|"
        r"\b(?:19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:spring|summer|autumn|winter) term\b",
        re.I,
    ),
    AnswerType.place: re.compile(
        r"\bvenue\b|\b(?:held|hosted|taking place|takes place|take place|based|located|sits?) "
        r"(?:in|at|within)\b|\b(?:School|House|Hall|Centre|Center|Academy|Office|Library)\b"
    ),
    AnswerType.person: re.compile(
        r"\b[A-Z][a-z]+ (?:[A-Z]['’]?)?[A-Z][a-z]+\b\s*(?:[,(–-]|\t|\s(?:is|was|has|as|will)\b)|"
        r"\b(?:[Cc]hair(?:ed|s)? (?:by )?|[Ll]ed by |[Cc]hair\b\s+)[A-Z][a-z]+"
    ),
    AnswerType.money: re.compile(r"£\s?\d|\b\d+(?:\.\d+)?\s?(?:k|m|million)\b", re.I),
    AnswerType.frequency: re.compile(
        r"\b(?:bi-?|half-?)?(?:weekly|monthly|termly|quarterly|annually|yearly|daily)\b|"
        r"\bevery (?:\w+ )?(?:week|month|term|year|quarter)s?\b|\b(?:once|twice) a\b|"
        r"\bper (?:week|month|term|year)\b|/\s?month\b",
        re.I,
    ),
    AnswerType.reason: re.compile(
        r"\bbecause\b|\bdue to\b|\bas a result of\b|\bcaused by\b|\bowing to\b|"
        r"\binhibited by\b|\bresult(?:s|ing)? from\b|\bthe reasons?\b",
        re.I,
    ),
    AnswerType.voice: re.compile(
        r"\b(?:say|says|said|told|tell|feel|felt|describe[sd]?|report(?:ed)? that)\b|[‘“]", re.I
    ),
    AnswerType.result: re.compile(
        rf"{FIGURE_RE.pattern}|\b(?:found|finds|showed|shows|revealed|concluded|identified) "
        r"(?:that\b)?|\bresponses?\b.{0,40}\b(?:said|reported|rated)\b",
        re.I,
    ),
}

#: Asked types an answer cannot do without: a "when" answer with no date in it, or a
#: "what did it find" answer holding no finding, is not an answer.
REQUIRED = frozenset({AnswerType.date, AnswerType.result})
#: Boilerplate rules whose units still answer these types (header lines, resource cells).
MEETING_HEADER = "meeting or document header"
RESOURCE_CELLS = "lead, date and resource cells"
HEADER_RULES = frozenset({MEETING_HEADER, RESOURCE_CELLS})
HEADER_TYPES = frozenset({AnswerType.date, AnswerType.place, AnswerType.person, AnswerType.money})
#: Words in a question that name a section of a note or report.
SECTION_WORDS: tuple[tuple[re.Pattern[str], SectionKind], ...] = (
    (re.compile(r"\bconclu(?:sion|ded|de)\b|\boverall\b", re.I), SectionKind.conclusion),
    (re.compile(r"\bagree(?:d|ment)?\b", re.I), SectionKind.agreed_actions),
    (
        re.compile(r"\bareas? for improvement\b|\bimprove\b", re.I),
        SectionKind.areas_for_improvement,
    ),
    (re.compile(r"\brag\b|\bon track\b|\bbehind schedule\b", re.I), SectionKind.timescale_check),
)
#: A typed unit goes first only if it is this close to the best unit's relevance.
TYPED_REACH = 0.35


#: "Which priority areas …", "what are the areas for improvement": the titles are the answer.
_ASKS_PRIORITIES = re.compile(
    r"\b(?:which|what)\b.{0,20}\b(?:priorit(?:y|ies)(?: areas)?|areas? (?:for improvement|of "
    r"weakness)|weaknesses|strands|pillars|workstreams)\b(?!\s+\d)",
    re.I,
)
PRIORITY_HEADING = "priority or outcome heading"


def asks_for_priorities(question: str) -> bool:
    """Does the question ask what the priorities or areas for improvement are?"""
    return bool(_ASKS_PRIORITIES.search(question))


def asked_types(question: str) -> set[AnswerType]:
    """The answer types the question asks for (several for "when and where …")."""
    return {t for t, pattern in ASKS.items() if pattern.search(question)}


def holds(answer_type: AnswerType, text: str) -> bool:
    return bool(HOLDS[answer_type].search(" ".join(text.split())))


# The document's own event: its header's date, venue and chair answer questions about it.
_EVENT = re.compile(
    r"\b(?:meeting|review|inspection|revisit|visit|report|board|panel|forum|group)\b", re.I
)


_MEETING = re.compile(r"\bmeeting\b", re.I)


def header_rules(question: str) -> frozenset[str]:
    """Boilerplate rules whose units this question may be answered from: a meeting or
    report header for when / where / who about the meeting or report itself, resource
    cells for "how much funding"."""
    types = asked_types(question)
    rules: set[str] = set()
    if types & {AnswerType.date, AnswerType.place, AnswerType.person} and _EVENT.search(question):
        rules.add(MEETING_HEADER)
    if AnswerType.money in types:
        rules.add(RESOURCE_CELLS)
    if asks_for_priorities(question):
        rules.add(PRIORITY_HEADING)
    return frozenset(rules)


def asked_sections(question: str) -> set[SectionKind]:
    """Sections a question names ("the conclusion", "agreed", "areas for improvement")."""
    return {section for pattern, section in SECTION_WORDS if pattern.search(question)}


def section_words(question: str, units: list[Evidence]) -> str:
    """The question's words naming a section that one of ``units`` sits in: being in
    "Conclusion" is what makes a sentence the advisers' conclusion."""
    found = []
    for pattern, section in SECTION_WORDS:
        match = pattern.search(question)
        if match and any(u.section is section for u in units):
            found.append(match.group(0))
    return " ".join(found)


def typed_first(question: str, units: list[Evidence]) -> list[Evidence]:
    """Units holding what the question asks for first; otherwise the order is kept.

    Header lines (kept by :func:`header_rules`) that do not hold it are dropped.

    A unit goes to the front only if it is within reach of the best unit's relevance,
    or it is a header line (whose few words embed poorly but hold the date or venue).
    """
    types = asked_types(question)
    # Header lines and resource cells were kept for what they hold; without it they are
    # furniture again ("Mar 21 CC/NO PACC" holds no sum of money).
    units = [u for u in units if u.kind_rule not in HEADER_RULES or answers_type(question, u)]
    if not types or not units:
        return units
    best = max(u.relevance for u in units)
    # A question about the meeting itself: the note's own date and venue come before
    # dates mentioned in passing (a report's header may name another event).
    own_header = MEETING_HEADER in header_rules(question) and bool(_MEETING.search(question))

    role = ROLE_ASKED.search(question)
    # "When and where was the review held?" is not answered by the next meeting's line.
    other_event = None if _NEXT_EVENT.search(question) else _NEXT_EVENT

    def key(u: Evidence) -> tuple[bool, int, bool]:
        header = u.kind_rule in HEADER_RULES
        later = bool(other_event and other_event.search(u.text))
        if u.relevance < best - TYPED_REACH and not header:
            return (later, 0, True)
        held = sum(holds(t, u.text) for t in types)
        if role and holds_role(role.group(1), u.text):
            held += 1  # "who chaired": the one named as chair, not a co-chair
        return (later, -held, not (own_header and header))

    return sorted(units, key=key)  # stable: the incoming order within each group


ROLE_ASKED = re.compile(r"\bwho (?:\w+ )?(chair|lead|head|run|manage)", re.I)
_NEXT_EVENT = re.compile(r"\b(?:next|future|following) (?:meeting|review|visit)\b", re.I)


def holds_role(role: str, text: str) -> bool:
    """Is someone in ``text`` named in the role itself ("(Chair)"), not as co- or deputy?"""
    return bool(re.search(rf"(?<!co-)(?<!vice )(?<!deputy )\b{role}", text, re.I))


def answers_type(question: str, unit: Evidence) -> bool:
    """Does ``unit`` hold one of the things the question asks for?"""
    return any(holds(t, unit.text) for t in asked_types(question))


#: Words added to the search for a type the documents write in few ways.
TYPE_TERMS = {AnswerType.frequency: "monthly weekly termly quarterly annually meet"}


def typed_query(question: str, query: str) -> str:
    """``query`` with the words that typically carry the asked type ("bi-monthly")."""
    extra = [TYPE_TERMS[t] for t in asked_types(question) if t in TYPE_TERMS]
    return " ".join([query, *extra])


def required_missing(question: str, units: list[Evidence]) -> bool:
    """True when the question asks for a date or a finding and none of ``units`` holds one."""
    required = asked_types(question) & REQUIRED
    return any(not any(holds(t, u.text) for u in units) for t in required)
