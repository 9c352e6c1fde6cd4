"""Cues of text that tells a reader of the document what to output, in several languages.

Each cue is a family of words on the folded text (lower case, no accents: see
``injection_text``): who is addressed (an AI, a summariser, "any summary"), what it
is told to do (say, state, rate, leave out, do not mention), what is overridden
("previous instructions", "whatever the tables say"), and the shapes such orders take
("when asked, say ...", "the Board agreed that any summary ... should record"), and
orders that name no reader: what is made from this document ("any record derived from
this paper", "for onward reporting") and content prescribed for it ("the only figure to
give").

The cues are features of the classifier in :mod:`assistant.domain.injection_model`,
not verdicts on their own: "summary" and "must state" both occur in real reports.
Word lists cover English, French, Welsh, German, Spanish, Italian, Portuguese, Dutch,
Polish, Romanian, Turkish, Somali, Urdu, Punjabi and Arabic (from the tuning set and
from general vocabulary, not from the held-out phrasings).
"""

from __future__ import annotations

import re

from assistant.domain.injection_lexicon import (
    ANY_OUTPUT,
    AUDIENCE,
    DECISION,
    DERIVED,
    DIRECTIVE,
    DISMISS,
    FRAMED,
    IMPERATIVE,
    MACHINE,
    MACHINE_JOB,
    MODAL,
    OUTPUT,
    OVERRIDE,
    PRESCRIBED,
    RATING,
    ROLEPLAY,
    SECOND_PERSON,
    SECRET,
    WHEN_ASKED,
)

CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("machine", MACHINE),
        ("output", OUTPUT),
        ("directive", DIRECTIVE),
        ("override", OVERRIDE),
        ("secret", SECRET),
        ("second_person", SECOND_PERSON),
        ("when_asked", WHEN_ASKED),
        ("decision", DECISION),
        ("modal", MODAL),
        ("any_output", ANY_OUTPUT),
        ("audience", AUDIENCE),
        ("rating", RATING),
        ("imperative", IMPERATIVE.pattern),
        ("dismiss", DISMISS),
        ("roleplay", ROLEPLAY.pattern),
        ("derived", DERIVED),
        ("machine_job", MACHINE_JOB),
        ("prescribed", PRESCRIBED),
        ("framed", FRAMED),
    )
)


#: Cues naming who is told what to output; an order needs one of these and one of TOLD.
ADDRESSED = frozenset(
    {
        "machine",
        "second_person",
        "any_output",
        "audience",
        "when_asked",
        "decision",
        "override",
        "secret",
        "imperative",
        "roleplay",
        "dismiss",
        "derived",
        "machine_job",
    }
)
TOLD = frozenset(
    {"directive", "rating", "override", "secret", "dismiss", "roleplay", "prescribed", "framed"}
)

#: What makes an addressed window an order: being told something, or an output or modal.
_TOLD_OR_OUTPUT = TOLD | {"output", "modal"}
#: Cues that are everyday words of real reports ("must", "rated green", "report that",
#: "agreed that"): alone they open nothing, only in company.
COMMON_ALONE = frozenset({"rating", "modal", "directive", "decision"})


def addressed_order(found: set[str]) -> bool:
    """Whether the cues found let the classifier read a window (its gate).

    Any cue but the everyday ones opens it ("summarised", "automated tools", "any record
    derived from this paper"); two cues of any kind do ("must" + "rated green"). An order
    needs no addressee ("Priority 5 to be summarised as complete"), so the gate asks only
    for a hint of one and leaves the verdict to the classifier, trained on every window
    the gate lets through, real documents' among them. A gate that wanted an addressee
    and a verb (until 2026-12-06) found 87 of a sealed set's 120 and now finds 110; each
    shipped hostile set scored by a model trained on the others rose from 75% to 84%;
    the real documents' windows through it still score below 0.32 (threshold 0.5).
    """
    return len(found) >= 2 or bool(found - COMMON_ALONE)


def cue_names(text: str) -> set[str]:
    """The cue families present in folded ``text``."""
    return {name for name, pattern in CUES if pattern.search(text)}


def cue_features(text: str) -> list[float]:
    """Presence of each cue, then of the pairs that make an order to a reader."""
    found = cue_names(text)
    single = [1.0 if name in found else 0.0 for name, _ in CUES]
    addressed = bool(found & ADDRESSED)
    told = bool(found & {"directive", "rating"})
    pairs = [
        float(addressed and told),
        float("output" in found and "modal" in found and told),
        float("decision" in found and "output" in found and told),
        float("when_asked" in found and "directive" in found),
        float("override" in found),
        float("secret" in found and told),
        float("machine" in found and "modal" in found),
        float("derived" in found and bool(found & _TOLD_OR_OUTPUT)),
        float("prescribed" in found and bool(found & ADDRESSED)),
        float("framed" in found and bool(found & (ADDRESSED | _TOLD_OR_OUTPUT - {"framed"}))),
    ]
    return single + pairs
