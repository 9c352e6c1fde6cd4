"""Reading candidate units for a factoid: which one states the asked fact?

Search ranks passages *about* the question's topic; a factoid ("how many focus groups
had been held", "what is Violet", "which providers have sent it back", "who is the
accountable officer") is answered by the one unit that states the fact about the asked
subject. The question is read once into a :class:`FactQuestion` (what kind of thing it
asks for, its subject's words, the tense asked) and every candidate unit into a
:class:`Reading` scored on:

- the subject's words it holds, each weighted by how rare it is among the candidates
  (the subject, "focus groups", outweighs "speech and language"),
- its closeness in meaning (the relevance search gave it),
- whether it holds the kind of thing asked for: a count (in figures or words, "three
  focus groups"; a reference number such as 4.2.3 or a year is not a count), a share, a
  sum, a date, a person, an organisation, the expansion of the asked term,
- whether its tense fits: a question about what was done ("so far", "actually", "had
  been") is not answered by a plan or target ("will review 60"), and the reverse. The
  tense is read from the unit's own words first ("held to date", "created", "will
  have"), its statement kind only when the words do not say.

:func:`answer_units` then keeps the units that answer and decides, for kinds an answer
cannot do without, whether anything does: "the average caseload" is not answered by
"Review the caseloads …", which holds no figure. When only a plan or target holds the
asked figure and the question asks what was achieved, the reading says so
(:attr:`Choice.only_planned`) instead of presenting the target as the result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from assistant.domain.lexicon import NOT_NAMES
from assistant.domain.ratings import MONTHS, YEAR_MONTH
from assistant.domain.statement_features import ACTION_ROW
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.answer_type import ASKS, HOLDS, QUESTION_START, ROLE_ASKED, AnswerType
from assistant.grounding.records import Evidence
from assistant.grounding.support import content_tokens
from assistant.index.glossary import expand_query

#: Weights of the signals (subject words, meaning, asked kind held, tense fit).
WORDS, MEANING, KIND, TENSE = 0.45, 0.3, 0.2, 0.12
WHEN = 0.1  # the unit names the month the question asks about
#: What a subject word only the question's premise holds weighs, against the asked clause's.
SCENE = 0.5
#: ... when the asked clause names at least this many subject words of its own.
SCENE_WORDS = 2
#: A unit answers only if it holds this share of the subject's (weighted) words ...
MIN_FOCUS = 0.25
#: ... and scores within this of the best reading (several units may state the fact).
MARGIN = 0.06
#: The subject share of a unit that defines the asked term, before its other words.
DEFINED = 0.5
#: ... or within this, for a plural ask ("which providers", "what targets").
WIDE_MARGIN = 0.2
#: The subject share of a field labelled with the asked kind ("Venue:", "Date:").
FIELD = 1.0
#: The subject share of a unit naming the reference the question names ("Workstream 5",
#: "Area 4"), before its other words: "Workstream 5 Lead Richard Crockford" is who leads
#: workstream 5, though the question's other words ("the SEND Transformation Board") are
#: in other sentences.
NAMED_REFERENCE = 0.7
#: What a personal name adds to a "who" reading: "Richard Crockford" answers "who is the
#: lead" better than "the Tribunal Sub-Group ... and Workstream 3 Lead".
NAMED_PERSON = 0.1
#: What a deputy's, vice-chair's or co-lead's line keeps of its subject share.
DEPUTY = 0.6
#: How much a unit's lead-in counts towards its subject words.
LEAD_IN = 0.8
#: How far back a unit's lead-in reaches (within its paragraph).
LEAD_IN_CHARS = 300
#: Words this long match their longer or shorter forms ("trial" / "triall").
PREFIX = 5
#: A list's lines are entries of their own when most hold this many words.
ENTRY_WORDS = 3
#: A list's introduction shorter than this (a heading) reads with the paragraph above it.
INTRO_WORDS = 8
#: How far back a table row's action number may be.
ROW_CHARS = 700
#: At most this many units answer a factoid (a plural ask, one more).
MAX_UNITS = 3


class Fact(Enum):
    """The kinds of thing a factoid asks for (beyond :class:`AnswerType`'s)."""

    count = "count"
    share = "share"
    money = "money"
    date = "date"
    person = "person"
    organisation = "organisation"
    place = "place"
    definition = "definition"
    duration = "duration"  # "how long", "the average wait": weeks, months, days
    figure = "figure"  # any figure: a count, share, sum, duration ("the average wait")


class Tense(str, Enum):
    achieved = "achieved"
    planned = "planned"
    either = "either"


# -- the question ---------------------------------------------------------------------

_FACT_ASKS: dict[Fact, re.Pattern[str]] = {
    Fact.share: re.compile(
        r"\bwhat (?:%|percentage|proportion|share)\b|\bwhat share\b|\bper ?cent(?:age)?\b|"
        r"\bproportion of\b",
        re.I,
    ),
    Fact.money: re.compile(
        r"\bhow much\b.{0,40}\b(?:funding|fund(?:ed|s)?|cost|budget(?:ed|s)?|spend|spent|uplift|"
        r"money|invest(?:ed|ment)?)\b|\bwhat (?:\w+ )?(?:funding|budget|money|sum)\b|"
        r"\bwhat (?:grants?|allocation)\b|\bwhat (?:did|does|do|has|have|had) [\w'’ -]{0,40}?"
        r"\bspen[dt]\b",
        re.I,
    ),
    Fact.count: re.compile(
        r"\bhow many\b|\bwhat number\b|\bthe number of\b",
        re.I,
    ),
    Fact.figure: re.compile(
        r"\bhow much\b|\bwhat (?:rise|increase|fall|reduction|drop|cut)\b|"
        r"\b(?:(?:the|an|its|their) (?:average|median)|timeliness|rate of|targets?|"
        r"trajector(?:y|ies))\b|\bwhat (?:was|is|were|are) (?:the |its |their )?[\w' -]{0,40}"
        r"\b(?:rate|figure|performance|number)\b",
        re.I,
    ),
    Fact.duration: re.compile(
        r"\bhow long\b|\b(?:average|median|mean|longest) waits?\b|\bwait(?:ing)?[- ]times?\b|"
        r"\bwithin how many\b",
        re.I,
    ),
    # "Where", and "which school hosted it": a named place.
    Fact.place: re.compile(
        rf"{ASKS[AnswerType.place].pattern}|\bwhich (?:\w+ )?(?:schools?|venues?|"
        r"academ(?:y|ies)|hubs?|centres?|buildings?|sites?)\b",
        re.I,
    ),
    Fact.date: re.compile(
        rf"{QUESTION_START}when\b|\bby when\b|\bwhat (?:date|year|month|deadline)\b", re.I
    ),
    Fact.organisation: re.compile(
        r"\bwhich (?:\w+ )?(?:providers?|organisations?|trusts?|partners?|bodies|agencies|"
        r"services?|hospitals?|councils?)\b",
        re.I,
    ),
    Fact.person: re.compile(
        rf"{ASKS[AnswerType.person].pattern}|\bwhich (?:\w+ ){{0,2}}(?:executives?|officers?|"
        r"persons?|managers?|leads?|directors?|chairs?|people)\b|"
        r"\bwhat is (?:their|his|her) name\b",
        re.I,
    ),
}
# "What is Violet?", "what does 'EAS' stand for", "what does an amber (A) rating mean".
_DEFINITION = re.compile(
    r"\b[Ww]hat (?:is|are|was|were) (?:an? |the )?['‘“\"]?(?P<a>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)"
    r"['’”\"]?\s*\??\s*$|"
    r"\b[Ww]hat (?:does|do|did) (?:an? |the )?['‘“\"]?(?P<b>[\w'’ ()-]{1,40}?)['’”\"]?\s+"
    r"(?:stand for|mean|refer to|signify)\b",
)
_ACHIEVED_Q = re.compile(
    r"\b(?:so far|to date|actually|already|yet|had been|have been|has been|did|achieved|current|"
    r"currently|at present|presently|"
    r"reached|delivered|completed|managed|received|sent back|set up|held|how far|headway|"
    r"what progress|what (?:has|had) happened|finished)\b|"
    # "had the forum made", "how far had the provider got": -ed, -en and the common
    # irregular participles.
    r"\b(?:has|have|had)\s+(?:[\w'’-]+\s+){0,8}?(?:\w+(?:ed|en)|made|got|done|gone|begun|"
    r"run|set|put|held|built|brought|met|found|kept|sent|spent|won|led|begun)\b",
    re.I,
)
_PLANNED_Q = re.compile(
    r"\b(?:targets?|aim(?:s|ed)?|plan(?:s|ned)?\s+to|will|expected|trajector(?:y|ies)|"
    r"intend(?:s|ed)?|set as|hop(?:e|es|ed) to|going to|commit(?:ted|s)? to|pledged?|promised?)\b",
    re.I,
)
#: An event asked about in the present ("is being held"): the answer may say "will be".
_UPCOMING_Q = re.compile(r"\b(?:is|are) (?:[\w/'’-]+ ){0,8}?being (?:held|hosted)\b", re.I)
#: Roles a body may hold ("run by the YES Trust"), unlike "chair".
BODY_ROLES = frozenset({"run", "lead", "manage"})
# "Which providers …", "what waiting-time targets …": the asked thing is plural.
_PLURAL = re.compile(
    r"\b(?:what|which)\s+(?:[\w'’-]+\s+){0,3}?(?!(?:has|is|was|does|this|its|his)\b)"
    r"[a-z-]{2,}[^siu\W]s\b",  # not "status", "process", "analysis"
    re.I,
)
#: Words that frame a factoid rather than name its subject.
_FRAME = frozenset(
    content_tokens(
        "how many much what which who when where whose actually so far yet already "
        "had been have has did does do was were is are get got by number rise increase "
        "share proportion percentage extra new additional listed named mean stand for "
        "set aside target targets aim aims wsoa example instance according going "
        "figure figures total name one me "
        "january february march april may june july august september october november december"
    )
)


@dataclass(frozen=True)
class FactQuestion:
    """A factoid read once: what it asks for, about what, in which tense."""

    text: str
    kinds: frozenset[Fact]
    subject: frozenset[str]  # content words naming what the fact is about
    terms: tuple[str, ...] = ()  # what a definition question asks about ("Violet", "EAS")
    tense: Tense = Tense.either
    required: bool = True  # an answer without the asked kind is no answer ("how many")
    plural: bool = False  # "which providers", "what targets": several units may answer
    role: str = ""  # "who chairs the board": the person must be named in that role
    # "senior responsible owner (SRO)": a unit holding "SRO" holds those words too.
    aliases: tuple[tuple[str, frozenset[str]], ...] = ()
    scene: frozenset[str] = frozenset()  # subject words only the premise holds
    given: frozenset[str] = frozenset()  # figures the question states ("the 90% target")


def read_question(question: str, topic: str, figure: bool = False) -> FactQuestion:
    """``question`` read as a factoid; ``topic`` is its text without area and priority;
    ``figure``: the question was read (by meaning) as asking for a figure."""
    kinds = {kind for kind, pattern in _FACT_ASKS.items() if pattern.search(question)}
    if Fact.money in kinds or Fact.share in kinds:
        kinds -= {Fact.count, Fact.figure}  # "how much funding" wants a sum, not any number
    if kinds & {Fact.count, Fact.duration}:
        kinds.discard(Fact.figure)
    inferred = figure and not kinds
    if inferred:
        kinds.add(Fact.figure)  # read from its meaning only: a figure is likely, not a must
    terms: tuple[str, ...] = ()
    if match := _DEFINITION.search(question.strip()):
        terms = term_forms((match.group("a") or match.group("b") or "").strip(" '‘’“”\""))
        if terms:
            kinds.add(Fact.definition)
    premise, asked = split_premise(question)
    tense = asked_tense(asked) or asked_tense(question) or Tense.either
    # Not widened by the glossary: a unit's words are (read_units), so "EHC plan" asked is
    # held by a unit saying "EHCP" or "education, health and care plan" without the
    # spelled-out words counting as more subject than the unit repeats.
    # ("England's" leaves a token "s").
    subject = frozenset(w for w in content_tokens(expand_query(topic)) - _FRAME if len(w) > 1)
    # Words only the premise holds ("At inspection Shropshire had over 1,000 children
    # waiting …") set the scene; the asked clause names what is asked.
    # Unless the asked clause points back to it ("Who is leading that?") or names too
    # little of its own.
    in_asked = content_tokens(expand_query(asked)) & subject
    scene = (
        frozenset(subject - in_asked)
        if premise and len(in_asked) >= SCENE_WORDS and not _POINTS_BACK.search(asked)
        else frozenset()
    )
    required = bool(kinds) and not inferred
    plural = bool(_PLURAL.search(question))
    role = match.group(1).lower() if (match := ROLE_ASKED.search(question)) else ""
    if not role and (title := asked_title(question)):
        # "Who is Wirral's Director of Public Health", "what's the DCO's name": a person
        # named in that title, not anyone near its words.
        role = title
        kinds.add(Fact.person)
        required = True
    return FactQuestion(
        question,
        frozenset(kinds),
        subject,
        terms,
        tense,
        required,
        plural,
        role,
        aliases(topic),
        scene,
        frozenset(_number(n) for n in _GIVEN.findall(question)),
    )


#: Where a question's premise ends: a sentence's end, or a dash before the asked part
#: ("ND pathway, action 3.6.5 – redesigning the form. Who owns that?").
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z‘'“\"])|\s+[–—]\s+|\s+-\s+(?=[a-z]*\s*[Ww]h)")
_ASKING = re.compile(
    rf"{QUESTION_START}(?:how|what|which|who|whose|when|where|why|is|are|was|were|did|does|"
    r"do|has|have|had|can|could)\b|\?\s*$",
    re.I,
)


_POINTS_BACK = re.compile(
    r"\b(?:that|this|it|its|they|them|these|those|there)\b(?!\s+\w+ed\b)", re.I
)


def split_premise(question: str) -> tuple[str, str]:
    """``question`` as (premise, asked clause): "Wirral planned to audit 20 cases. How
    many had been reviewed?" asks its last sentence; the first only sets the scene."""
    parts = [p for p in _CLAUSE_END.split(question.strip()) if p.strip()]
    for n in range(len(parts) - 1, 0, -1):
        if _ASKING.search(parts[n]):
            return " ".join(parts[:n]), " ".join(parts[n:])
    return "", question


def asked_tense(text: str) -> Tense | None:
    """The tense ``text`` asks in, or None when it does not say. A plan's word outweighs
    an auxiliary ("what cut did Shropshire commit to" asks for the commitment)."""
    if _UPCOMING_Q.search(text):
        return None  # "where is the June event being held": it will be, or was
    if _PLANNED_Q.search(text):
        return Tense.planned
    if _ACHIEVED_Q.search(text):
        return Tense.achieved
    return None


#: Figures a question states ("planned to audit 20 cases", "the 90% target"): the premise,
#: so a unit holding only them does not hold the asked figure.
_GIVEN = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\d,]*\.\d)")


def _number(text: str) -> str:
    return text.replace(",", "").rstrip(".")


def without_given(text: str, given: frozenset[str]) -> str:
    """``text`` with the figures the question itself states blanked out."""
    if not given:
        return text
    return _GIVEN.sub(lambda m: " " if _number(m.group(0)) in given else m.group(0), text)


_TITLE = r"(?P<title>[A-Z][\w&-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w&-]*)*)"
_TITLE_ASKED = (
    re.compile(
        rf"\b(?i:who (?:is|was|are|were) )(?:(?i:the|their|its) |[A-Z][\w-]*['’]s )?{_TITLE}"
        r"(?=\s*(?:\?|$|,|\b(?:for|in|at|on|within|across)\b))"
    ),
    re.compile(rf"\bwhat(?:'s|’s| is| was) (?:the |their |its )?{_TITLE}['’]s name\b", re.I),
    re.compile(rf"\bname of (?:the |their |its )?{_TITLE}", re.I),
)


def asked_title(question: str) -> str:
    """The title a person is asked by ("Director of Public Health", "DCO") as a pattern
    matching it or its initials, or ""."""
    for pattern in _TITLE_ASKED:
        if match := pattern.search(question):
            words = match.group("title").split()
            forms = [r"\s+".join(re.escape(w) for w in words)]
            initials = "".join(w[0] for w in words if w[0].isupper())
            if len(initials) > 1 and len(words) > 1:
                forms.append(rf"\b{initials}\b")
            return "(?:" + "|".join(forms) + ")"
    return ""


_SPELLED_OUT = re.compile(r"((?:[\w'’-]+\s+){1,6})\(([A-Z]{2,6})s?\)")


def aliases(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Abbreviations the question spells out ("senior responsible owner (SRO)"): the short
    form's token and the words it stands for (the last words whose initials spell it)."""
    found = []
    for words, short in _SPELLED_OUT.findall(text):
        parts = words.split()[-len(short) :]
        if "".join(p[0] for p in parts).upper() == short:
            found.append((short.lower(), frozenset(content_tokens(" ".join(parts)))))
    return tuple(found)


def term_forms(term: str) -> tuple[str, ...]:
    """The ways a document may write the asked term: as asked, and for "an amber (A)
    rating" also its short form in brackets and its first word ("A", "amber")."""
    if not term:
        return ()
    forms = [term]
    forms += [f.strip(" '‘’“”\"") for f in re.findall(r"\(([^)]{1,12})\)", term)]
    head = re.sub(r"\s*\([^)]*\)", "", term).split()
    if len(head) > 1:
        forms.append(head[0])
    return tuple(dict.fromkeys(f for f in forms if f))


# -- what a unit holds ---------------------------------------------------------------

# A count: digits that are not a reference (4.2.3, 5.1.10), a year, a date or a time.
_COUNT_DIGITS = re.compile(
    r"(?<![\d.,/:£-])\b(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:,\d{3})+|\d+)\b(?![.:/]\d)"
    r"(?!(?:st|nd|rd|th)\b)(?!\+)"  # not "1st", nor an age "18+"
)
_LABELLED = re.compile(
    r"\b(?:outcome|priority|pillar|workstream|strand|area|action|appendix|page|section|phase|"
    r"stage|tier|year|wave|mr|ks|asw|p\.)\s*\d+[a-z]?\b",
    re.I,
)


def references(text: str) -> set[str]:
    """The numbered references ``text`` names, folded: "Workstream 5" -> "workstream5"."""
    return {re.sub(r"\W", "", found.lower()) for found in _LABELLED.findall(text)} - {""}


def _labels(references: set[str]) -> set[str]:
    """The kinds of the references: {"workstream5", "area2"} -> {"workstream", "area"}."""
    return {re.sub(r"\d+[a-z]?$", "", r) for r in references}


_LIST_NUMBER = re.compile(r"(?:^|(?<=\s))\d{1,2}[.)](?=\s)")
_COUNT_WORDS = re.compile(
    r"\bno (?:\w+ )?\w+s\b|\b(?:none|zero|nil)\b|"  # "no permanent exclusions" counts 0
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|dozens?)\b",
    re.I,
)
_SHARE = re.compile(
    r"\d\s*%|\bper ?cent\b|\b\d+ (?:out )?of (?:the )?\d+\b|\b(?:half|a third|a quarter|"
    r"two thirds|three quarters)\b",
    re.I,
)
_DURATION = re.compile(
    r"\b(?:\d+(?:\.\d+)?|a|one|two|three|four|five|six|eight|ten|twelve|eighteen|twenty)"
    r"(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:weeks?|wks?|months?|days?|years?)\b",
    re.I,
)
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w&'’-]*\s+){1,7}(?:Trust|Hospitals?|Council|ICB|CCG|Service|Services|"
    r"Forum|Partnership|Board|College|University|Foundation|Group|Alliance|Team)\b|"
    r"\b(?:NHS|ICB|CCG|CAMHS|MPFT|IASS)\b"
)


def holds(kind: Fact, text: str, terms: tuple[str, ...] = ()) -> bool:
    """Does ``text`` hold a thing of ``kind`` (for a definition: the term, expanded)?"""
    flat = " ".join(text.split())
    if kind in (Fact.count, Fact.figure):
        undated = HOLDS[AnswerType.date].sub(" ", flat)  # "Sep 20", "2020" are not counts
        undated = _LABELLED.sub(" ", undated)  # "Outcome 2", "Year 4" name, not count
        if kind is Fact.count:
            # "within 18 weeks" is a time, "14. Actions" a list number. (A share still
            # answers "how many plans were issued within 20 weeks": "71%" of them.)
            undated = _LIST_NUMBER.sub(" ", _DURATION.sub(" ", undated))
        if _COUNT_DIGITS.search(undated) or _COUNT_WORDS.search(undated):
            return True
        return kind is Fact.figure and bool(_SHARE.search(flat) or "£" in flat)
    if kind is Fact.person:  # "who funded it": a body answers as well as a person
        return bool(HOLDS[AnswerType.person].search(flat) or _ORGANISATION.search(flat)) or (
            has_name(flat)
        )
    if kind is Fact.duration:
        return bool(_DURATION.search(flat))
    if kind is Fact.share:
        return bool(_SHARE.search(flat))
    if kind is Fact.organisation:
        return bool(_ORGANISATION.search(flat))
    if kind is Fact.definition:
        return any(defines(term, flat) for term in terms)
    return bool(HOLDS[AnswerType(kind.value)].search(flat))


_NAME = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?:[A-Z]\.? )?([A-Z]['’]?[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?)\b"
)


def _names(text: str) -> Iterator[str]:
    """The people ``text`` names ("Karen Levell", "David Shaw"): two capitalised words,
    neither of them a word these documents capitalise for roles, bodies or dates."""
    for first, last in _NAME.findall(text):
        if first not in NOT_NAMES and last not in NOT_NAMES:
            yield f"{first} {last}"


def has_name(text: str) -> bool:
    """Does ``text`` name a person (see :func:`_names`)?"""
    return any(_names(text))


def _beyond(name: str, subject: frozenset[str]) -> bool:
    """Is ``name`` more than the question's own words ("the SEND Transformation Board"
    names nobody for "who leads workstream 5 on the board")?"""
    return not content_tokens(name) <= subject


def named_beyond(text: str, subject: frozenset[str]) -> bool:
    """Does ``text`` name a person or body (see :func:`holds`) in words the question's
    ``subject`` does not hold?"""
    flat = " ".join(text.split())
    found = [
        m.group(0)
        for pattern in (HOLDS[AnswerType.person], _ORGANISATION)
        for m in pattern.finditer(flat)
    ]
    return any(_beyond(name, subject) for name in [*found, *_names(flat)])


def names_in_role(role: str, text: str, subject: frozenset[str], bodies: bool = False) -> bool:
    """Is someone named in ``role`` ("Chair Simone White", "Jo Bloggs (Chair)") in ``text``,
    and not in that role for a body the question's ``subject`` does not name ("Cath
    Griffiths (PCPW Chair)", "Chair of the Parent Carer Partnership" chair other bodies
    than the board asked about)?"""
    flat = " ".join(text.split())
    # The body before the role is an acronym ("PCPW Chair"): only the role ignores case.
    pattern = rf"(?:\b([A-Z]{{2,}})\s+)?(?<![Cc]o-)(?<![Vv]ice )(?<![Dd]eputy )(?i:{role})\w*"
    for found in re.finditer(pattern, flat):
        body = found.group(1) or ""
        if of := _OF_BODY.match(flat, found.end()):
            body = f"{body} {of.group(1)}"
        words = content_tokens(body)  # "Head of SEND" names no other body: SEND is everyone's
        if words and not words & subject:
            continue
        # Forty characters either side, widened to whole words ("SEND", not "D").
        start = flat.rfind(" ", 0, max(0, found.start() - 40)) + 1
        end = flat.find(" ", found.end() + 40)
        around = flat[start : end if end >= 0 else len(flat)]
        if has_name(around) or HOLDS[AnswerType.person].search(around):
            return True
        if bodies and any(_beyond(b.group(0), subject) for b in _ORGANISATION.finditer(around)):
            return True
    return False


_OF_BODY = re.compile(r"\s+of (?:the )?((?:[A-Z][\w&'’-]*\s*){1,6})")


_DEFINES = re.compile(r"\s*(?:[,(:–—-]|(?:is|are|means?|refers? to|the|stands?)\b)", re.I)


def defines(term: str, text: str) -> bool:
    """Does ``text`` say what ``term`` is: its expansion ("EAS … Education Access Service"),
    an apposition ("Violet the SEND van"), or "X is / means / refers to …"?"""
    flags = 0 if any(c.isupper() for c in term) else re.I
    for found in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags):
        if _DEFINES.match(text[found.end() : found.end() + 40]):
            return True
    if term.isupper() and len(term) >= 2 and term in text:
        initials = "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]+", text))
        return term in initials
    return False


_PLANNED_TEXT = re.compile(
    r"\bwill\b|\bto be (?:\w+ed|held|set|done|made|in place)\b|\bplanned\b|\bplans? to\b|"
    r"\btargets?\b|\baims? to\b|\bintends?\b|\bexpected to\b|\btrajectory\b|\bby (?:the end of )?"
    r"(?:20\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+20\d\d)\b|"
    r"\bwe would\b|\bshould\b",
    re.I,
)
_ACHIEVED_TEXT = re.compile(
    r"\b(?:has|have|had)\s+(?:now\s+|already\s+|also\s+)?(?:been\s+)?\w+(?:ed|en|t|un|ld)\b|"
    r"\b(?:was|were)\s+\w+(?:ed|en|t|un|ld)\b|\bto date\b|\bso far\b|\bnow in place\b|"
    r"\b(?:is|are) (?:now )?in place\b|\bachieved\b|\b(?:created|established|completed|"
    r"delivered|appointed|recruited|launched|provided|held|received|started|secured|"
    r"reduced|increased|improved|rose|fell|undertaken|implemented|published)\b|"
    r"\bcurrent(?:ly)? (?:at|stands?|average|rate|figure|level|performance|position)\b",
    re.I,
)


_REACHED = re.compile(
    r"\b(?:to date|so far|achieved|baseline|now at|current(?:ly)? (?:at|stands?|average|rate|"
    r"figure|level|performance|position|\d))\b",
    re.I,
)


def unit_tense(unit: Evidence) -> Tense:
    """What a unit reports: done (achieved), intended (planned), or it does not say.

    In a plan, a share of a population "having been trained" is a measure of success, a
    target, unless the unit says it is the current figure or one reached to date."""
    planned = bool(_PLANNED_TEXT.search(unit.text))
    achieved = bool(_ACHIEVED_TEXT.search(unit.text))
    if unit.kind is StatementKind.plan and _SHARE.search(unit.text):
        planned, achieved = not _REACHED.search(unit.text), bool(_REACHED.search(unit.text))
    if achieved != planned:
        return Tense.achieved if achieved else Tense.planned
    if unit.kind is StatementKind.plan:
        return Tense.planned
    if unit.kind in (StatementKind.progress, StatementKind.measured_impact):
        return Tense.achieved
    return Tense.either


# -- reading the candidates ------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One candidate unit read against a factoid."""

    unit: Evidence
    score: float
    focus: float  # weighted share of the subject's words the unit holds
    has_kind: bool  # holds the kind of thing asked for (True when none is asked)
    tense: Tense


def read_units(
    fact: FactQuestion, units: list[Evidence], before: list[str] | None = None
) -> list[Reading]:
    """Every unit read against ``fact``, best first. ``before[i]`` is the text leading up
    to unit i in its paragraph: "Responses have already been received from …" answers
    "which providers sent the template back" because the sentence before it names the
    template, so a unit's subject words count those of its lead-in, a little less."""
    if not units:
        return []
    held = [_subject_words(fact, content_tokens(expand_query(u.text))) for u in units]
    around = (
        [_subject_words(fact, content_tokens(b)) for b in before]
        if before
        else [set() for _ in units]
    )
    weights = {w: _rarity(w, held) * (SCENE if w in fact.scene else 1) for w in fact.subject}
    total = sum(weights.values())
    best_relevance = max(u.relevance for u in units) or 1.0

    def share(words: set[str]) -> float:
        return sum(weights[w] for w in fact.subject if w in words) / total if total else 0.0

    # "By mid-September 2020, how many …": the unit of that month ("As at mid-September …")
    # over one of another time ("At the time of the inspection …").
    months = _months(fact.text)
    asked_references = references(fact.text)
    asked_labels = _labels(asked_references)
    readings = []
    for unit, words, lead_in in zip(units, held, around, strict=True):
        focus = max(share(words), LEAD_IN * share(words | lead_in))
        if _DEPUTY.search(unit.text) and not _DEPUTY.search(fact.text):
            focus *= DEPUTY  # "Deputy SRO" is not who the SRO is
        if _NEXT_MEETING.search(unit.text) and not _NEXT_MEETING.search(fact.text):
            focus *= DEPUTY  # where the next meeting is is not where this one was
        named = references(unit.text)
        if asked_references & named:
            focus = NAMED_REFERENCE + (1 - NAMED_REFERENCE) * focus
        elif asked_labels & _labels(named):
            focus *= DEPUTY  # "Workstream 3 Lead" does not lead workstream 5
        field = labelled_as(fact.kinds, unit.text)
        if field:
            # "Venue:\tTor Hill House": a field whose label is the asked kind states it.
            focus = max(focus, FIELD)
        defined = bool(fact.terms) and holds(Fact.definition, unit.text, fact.terms)
        if defined:
            # The unit says what the asked term is: that is the subject, whatever else.
            focus = max(focus, DEFINED + (1 - DEFINED) * focus)
        has_kind = (
            not fact.kinds
            or defined
            or any(_held(k, unit.text, fact) for k in fact.kinds - {Fact.definition})
        )
        # A record's field fits whatever tense is asked: it states what the record is of.
        tense = fact.tense if field else unit_tense(unit)
        score = (
            WORDS * focus
            + MEANING * max(unit.relevance, 0.0) / best_relevance
            + KIND * (has_kind if fact.kinds else 0.5)
            + TENSE * _tense_fit(fact.tense, tense)
            + WHEN * bool((months - _dated_month(unit.date)) & _months(unit.text))
            + NAMED_PERSON * (Fact.person in fact.kinds and has_name(unit.text))
        )
        readings.append(Reading(unit, round(score, 4), round(focus, 3), has_kind, tense))
    return sorted(readings, key=lambda r: r.score, reverse=True)


# Capitalised: "may" is a verb, "May 2022" a month.
_MONTH = re.compile(
    r"\b(" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\b"
)


def _months(text: str) -> set[int]:
    """The months ``text`` names, as numbers ("mid-September" -> {9})."""
    return {MONTHS[name.lower()] for name in _MONTH.findall(text)}


def _dated_month(date: str) -> set[int]:
    """The month of a document's date ("2022-05" -> {5}): a question naming it names the
    document ("the May 2022 review note"), not the time a sentence speaks of."""
    found = YEAR_MONTH.match(date[:7])
    return {int(found.group(2))} if found else set()


_DEPUTY = re.compile(r"\b(?:deputy|vice|co-)", re.I)
_NEXT_MEETING = re.compile(r"\bnext (?:meeting|review|visit)\b", re.I)


def lead_in(unit: Evidence, document_text: str) -> str:
    """The text before ``unit`` in its paragraph (at most :data:`LEAD_IN_CHARS`). A blank
    line inside a sentence (where extraction broke a line) does not end the paragraph;
    in a plan's table the row is the paragraph: a resource cell ("£10K Grant funding")
    reads with its action ("6.1.9 Implement … restorative practice"), up to
    :data:`ROW_CHARS` back."""
    row = document_text[max(0, unit.start - ROW_CHARS) : unit.start]
    numbered = list(_ROW_START.finditer(row))
    if numbered:
        return row[numbered[-1].start() :]
    line_start = document_text.rfind("\n", 0, unit.start) + 1
    if _LIST_ITEM.match(document_text, line_start):
        # "- June event will be held in Prenton High School": a list's item reads with
        # the paragraph introducing the list, not with the items above it.
        return _list_intro(document_text, line_start)
    before = row[-LEAD_IN_CHARS:]
    pieces = before.split("\n\n")
    kept = pieces[-1]
    for piece in reversed(pieces[:-1]):
        if piece.rstrip().endswith((".", ":", ";", "!", "?")) or not piece.strip():
            break
        kept = f"{piece} {kept}"
    return kept


_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*–]|\d{1,2}[.)])[ \t]+")


def _list_intro(document_text: str, line_start: int) -> str:
    """The paragraph before the list whose item starts at ``line_start`` (its last
    :data:`LEAD_IN_CHARS`), or "" when the list opens its section."""
    lines = document_text[max(0, line_start - 4 * LEAD_IN_CHARS) : line_start].split("\n")
    while lines and (not lines[-1].strip() or _in_list(lines[-1])):
        lines.pop()
    intro: list[str] = []
    # A heading over the list ("Progress on key actions") reads with the one above it
    # ("Area 5 Inconsistency in the quality of input …").
    while lines and len(" ".join(intro).split()) < INTRO_WORDS:
        while lines and lines[-1].strip() and not _in_list(lines[-1]):
            intro.insert(0, lines.pop())
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and _in_list(lines[-1]):
            break
    return " ".join(intro)[-LEAD_IN_CHARS:]


def _in_list(line: str) -> bool:
    """An item, or an indented line within the list (an item that lost its bullet)."""
    return bool(_LIST_ITEM.match(line)) or line[:1] in (" ", "\t")


#: Where a plan's table row starts: its action number at the start of a line ("6.1.9 ").
_ROW_START = re.compile(r"(?:^|\n)\s*\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s")


_TAIL = re.compile(r"^[a-z][^.!?\n]{0,160}[.!?][\"”’)]?\s+(?=[A-Z])")


def without_tail(unit: Evidence) -> Evidence:
    """A unit opening on the end of the sentence before it ("partnership board. This is
    now being strengthened …") starts at its own first sentence (the span moves forward)."""
    tail = _TAIL.match(unit.text)
    if tail is None or tail.end() >= len(unit.text):
        return unit
    start = unit.start + tail.end()
    return unit.model_copy(update={"start": start, "text": unit.text[tail.end() :]})


def lines_of(unit: Evidence) -> list[Evidence]:
    """A list of labelled lines ("EAS M'ger  Education Access Service (SC)  Christine
    Kerry", one role a line) as one unit per line, each with its exact span; any other
    unit as it is. One line states one fact: citing the whole list would not say which."""
    lines = [line for line in unit.text.split("\n") if line.strip()]
    rows = len(lines) == 2 and all("\t" in line for line in lines)  # two rows of a table
    if (len(lines) < 3 and not rows) or unit.kind is not StatementKind.boilerplate:
        return [unit]
    entries = [line.split() for line in unit.text.split("\n") if line.strip()]
    if sum(len(words) >= ENTRY_WORDS for words in entries) * 2 < len(entries):
        return [unit]  # a cell wrapped a word or two a line ("£10K \nGrant \nfunding"): one
    parts = []
    offset = 0
    for line in unit.text.split("\n"):
        stripped = line.strip()
        if len(stripped) > 3:
            start = unit.start + offset + line.index(stripped)
            parts.append(
                unit.model_copy(
                    update={"start": start, "end": start + len(stripped), "text": stripped}
                )
            )
        offset += len(line) + 1
    return parts


def _subject_words(fact: FactQuestion, words: set[str]) -> set[str]:
    """The subject's words among ``words``, a word also matching its other forms that the
    light stemmer leaves apart ("trialling" / "trialed", "assess" / "assessment")."""
    words = words | {w for short, long in fact.aliases for w in long if short in words}
    found = set()
    for word in fact.subject:
        if word in words or (
            len(word) >= PREFIX
            and any(
                other[:PREFIX] == word[:PREFIX]
                and (other.startswith(word) or word.startswith(other))
                for other in words
            )
        ):
            found.add(word)
    return found


_FIELD_LABELS = {
    Fact.place: r"venue|location|place|held at|address",
    Fact.date: r"date|dated|date of (?:the )?(?:meeting|review|visit)",
}


_PLACES = r"(?:schools?|venues?|academ(?:y|ies)|hubs?|centres?|buildings?|sites?|halls?|colleges?)"
_WHICH_PLACE = re.compile(rf"\bwhich (?:\w+ )?{_PLACES}\b", re.I)
_NAMED_PLACE = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){1,5}(?:School|Academy|College|House|Hall|Centre|Center|Library|"
    r"Office|Hub|Building|Campus)s?\b"
)


def labelled_as(kinds: frozenset[Fact], text: str) -> bool:
    """Is ``text`` a field ("Venue:\tTor Hill House") labelled with one of ``kinds``?"""
    return any(
        re.match(rf"\s*(?:{_FIELD_LABELS[k]})\s*[:\t]", text, re.I)
        for k in kinds & _FIELD_LABELS.keys()
    )


def _held(kind: Fact, text: str, fact: FactQuestion) -> bool:
    """Does ``text`` hold the asked ``kind``; for "who chairs / runs X", someone in that
    role (a body may run a school: "run by the YES Trust")?"""
    if kind is Fact.person and fact.role:
        if fact.role in BODY_ROLES and has_name(text) and _action_row(text):
            return True  # an action plan's row: the name in its "lead" column leads it
        return names_in_role(fact.role, text, fact.subject) or (
            fact.role in BODY_ROLES and names_in_role(fact.role, text, fact.subject, bodies=True)
        )
    if kind is Fact.person:
        # "Who is the new joint commissioner leading the Market Position Statement work":
        # a name the question already says ("Market Position Statement") names nobody.
        return named_beyond(text, fact.subject)
    if kind is Fact.place and _WHICH_PLACE.search(fact.text):
        # "Which school?" asks for one by name: "in Wirral schools" names none.
        return bool(_NAMED_PLACE.search(text)) or labelled_as(frozenset({kind}), text)
    if fact.required and kind in (Fact.count, Fact.figure, Fact.share, Fact.money):
        # (Not for "did it hit its goal of 92%": there the figure's own line answers.)
        text = without_given(text, fact.given)  # "the audit will review 20" restates it
    return holds(kind, text, fact.terms)


def _action_row(text: str) -> bool:
    """Does a line of ``text`` open with an action's number ("5.1.2\tUpdate EHCP …")?"""
    return any(ACTION_ROW.match(line) for line in text.splitlines())


def _rarity(word: str, held: list[set[str]]) -> float:
    holding = sum(word in words for words in held)
    # A subject word no candidate holds still counts against every candidate.
    return math.log(1 + len(held) / (1 + holding))


def _tense_fit(asked: Tense, found: Tense) -> float:
    if asked is Tense.either or found is Tense.either:
        return 0.0
    return 1.0 if asked is found else -1.0


@dataclass(frozen=True)
class Choice:
    """The units that answer a factoid, or why none does."""

    units: list[Evidence] = field(default_factory=list)
    only_planned: list[Evidence] = field(default_factory=list)  # targets for an achieved ask

    @property
    def answered(self) -> bool:
        return bool(self.units)


def choose(fact: FactQuestion, readings: list[Reading]) -> Choice:
    """The readings that state the fact: on the subject, holding the asked kind, in the
    asked tense; several only when they score alike (the fact stated twice, or in parts)."""
    fitting = [r for r in readings if (r.has_kind or not fact.required) and r.focus >= MIN_FOCUS]
    if not fitting:
        return Choice()
    if fact.tense is Tense.achieved:
        done = [r for r in fitting if r.tense is not Tense.planned]
        if not done:
            return Choice(only_planned=[r.unit for r in fitting[:1]])
        fitting = done
    best = fitting[0].score
    reach = WIDE_MARGIN if fact.plural else MARGIN
    kept: dict[str, Evidence] = {}  # a key or header repeated on every page: cited once
    for reading in fitting:
        if reading.score >= best - reach and (reading.has_kind or reading is fitting[0]):
            kept.setdefault(" ".join(reading.unit.text.lower().split()), reading.unit)
    return Choice(units=list(kept.values())[: MAX_UNITS + fact.plural])
