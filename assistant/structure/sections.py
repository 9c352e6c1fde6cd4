"""Section headings, action references and RAG ratings.

A review note repeats the same headings per priority ("Progress on key actions",
"Evidence of impact", "Key next steps", "Follow-up"); action-plan documents have
their own ("Impact measures", "Priority Area 3 Impacts", score cards). Headings are
recognised only at the start of a short line, so prose that merely mentions
"evidence of impact" does not open a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.records import DocType, SectionKind
from assistant.structure.text import Line


class Scope(StrEnum):
    """Whether a heading keeps the current priority or leaves it."""

    within = "within"  # a part of the current priority (progress, impact...)
    outside = "outside"  # a document-level section: resets the priority to None


@dataclass(frozen=True)
class HeadingRule:
    pattern: re.Pattern[str]
    section: SectionKind
    scope: Scope
    doc_types: frozenset[DocType] | None = None  # None: every document type
    max_len: int = 100


_ACTION_PLANS = frozenset({DocType.wsoa, DocType.accelerated_progress_plan})
_NOTES = frozenset({DocType.review_note, DocType.preparation_template, DocType.other})
_INSPECTION = frozenset({DocType.inspection_report})


def _rule(
    pattern: str,
    section: SectionKind,
    scope: Scope,
    doc_types: frozenset[DocType] | None = None,
    max_len: int = 100,
) -> HeadingRule:
    return HeadingRule(re.compile(pattern, re.IGNORECASE), section, scope, doc_types, max_len)


S, IN, OUT = SectionKind, Scope.within, Scope.outside
# Order matters: the first matching rule wins.
HEADING_RULES: tuple[HeadingRule, ...] = (
    _rule(r"^(draft )?note of .*review meeting", S.header, OUT, _NOTES),
    _rule(r"^local area preparation template", S.header, OUT, _NOTES),
    _rule(r"^general update on progress", S.general_update, OUT),
    _rule(r"^update on (any )?actions (jointly )?agreed", S.general_update, OUT, max_len=200),
    _rule(r"^(wsoa )?actions? ?/ ?timescale check", S.timescale_check, OUT),
    # Wirral's template has no timescale heading, only the question row.
    _rule(r"^are there any actions behind schedule", S.timescale_check, OUT, max_len=400),
    _rule(r"^support received in this reporting period", S.other, OUT),
    _rule(r"^(progress on the wsoa strands?|wsoa strands? progress)\b", S.progress, OUT),
    _rule(r"^progress on key actions\b", S.progress, IN),
    _rule(r"^evidence of impact\b", S.impact, IN, max_len=60),
    _rule(r"^key next steps\b", S.next_steps, IN, max_len=60),
    _rule(r"^[-•*\s]*follow\s*-?\s*up\b\s*:?\**\s*$", S.follow_up, IN),
    _rule(r"^agreed actions\b", S.agreed_actions, OUT),
    _rule(r"^conclusion and summary\b", S.conclusion, OUT),
    _rule(r"^any additional information\b", S.other, OUT),
    # Action-plan documents (Shropshire WSoA 2020, APP 2023).
    _rule(r"^introduction\s*:?\s*$", S.introduction, OUT, _ACTION_PLANS),
    _rule(
        r"^(our strategic aim|statement of intent|our progress|send governance|our priorities)\s*:",
        S.introduction,
        OUT,
        _ACTION_PLANS,
    ),
    _rule(r"^progress against our priorities\b", S.measures, OUT, _ACTION_PLANS),
    _rule(r"^outcomes\s*:\s*$", S.introduction, IN, _ACTION_PLANS),
    _rule(r"^impact measures\s*:?", S.measures, IN, _ACTION_PLANS, max_len=40),
    _rule(r"^how will we measure (our )?success", S.measures, IN, _ACTION_PLANS),
    _rule(r"^priority area \d+\s+(impacts?|score ?card|kpi)", S.measures, IN, max_len=400),
    _rule(r"^outcome \d+\b", S.actions, IN, _ACTION_PLANS, max_len=400),
    _rule(r"^(relevant theme of )?actions\treference\t", S.actions, IN, max_len=400),
    _rule(r"^key roles\b", S.other, OUT, _ACTION_PLANS),
    _rule(r"^glossary\b", S.other, OUT, _ACTION_PLANS),
    # Ofsted/CQC area SEND inspection reports.
    _rule(r"^inspection outcome\s*$", S.findings, OUT, _INSPECTION),
    _rule(r"^information about the local area", S.findings, OUT, _INSPECTION),
    _rule(r"^what (is|does) (it|the area)", S.findings, OUT, _INSPECTION),
    _rule(r"^(the )?main findings\b", S.findings, OUT, _INSPECTION),
    _rule(r"^local area partnership details", S.other, OUT, _INSPECTION),
    _rule(r"^information about this inspection", S.other, OUT, _INSPECTION),
    _rule(r"^inspection team\s*$", S.other, OUT, _INSPECTION),
)

# The Shropshire WSoA action tables open with a header whose first cell,
# "Outcome Ref", is split over lines ("Outcome" / "Ref", or "Outco" / "me Ref").
_WSOA_TABLE_HEAD = re.compile(r"^(outco|outcome|outcome ref)\s*$", re.IGNORECASE)


def section_heading(line: Line, doc_type: DocType) -> tuple[SectionKind, Scope] | None:
    """The section a heading line opens, or None when the line is not a heading."""
    text = line.stripped
    if not text:
        return None
    for rule in HEADING_RULES:
        if len(text) > rule.max_len:
            continue
        if rule.doc_types is not None and doc_type not in rule.doc_types:
            continue
        if rule.pattern.search(text):
            return rule.section, rule.scope
    return None


def is_wsoa_table_head(line: Line) -> bool:
    """The first line of a (column-wrapped) WSoA action table header."""
    return bool(_WSOA_TABLE_HEAD.match(line.stripped))


# --- action references -----------------------------------------------------

# "5.1.2", "3.10.4", "1.1.a", "1.1.a.b.c", "1.1g", "3.2a": dotted references with
# at least three parts or a letter suffix, so that "20.5%" and "1.5" are not refs.
_DOTTED_REF = re.compile(
    r"(?<![\d.£$])(\d{1,2})\.(\d{1,2})((?:\.(?:\d{1,2}|[a-z]))+|[a-z](?:\.[a-z])*)(?![\w%]|\.\d)"
)
# Torbay's "2A.3", "11 A.2", "12A.2", "2B", "11F".
_LETTER_REF = re.compile(r"(?<![\w.])(\d{1,2})(?: (?=[A-H]\.\d))?([A-H])(?:\.(\d{1,2}))?(?![\w])")


def find_action_refs(text: str) -> list[str]:
    """Action references in ``text``, in order of first appearance, without repeats.

    Letter chains are expanded: "1.1.a.b.c" gives "1.1.a", "1.1.b", "1.1.c".
    "11 A.2" is normalised to "11A.2".
    """
    found: list[tuple[int, str]] = []
    for match in _DOTTED_REF.finditer(text):
        head = f"{match.group(1)}.{match.group(2)}"
        tail = match.group(3)
        parts = tail.lstrip(".").split(".")
        if not tail.startswith(".") or len(parts) == 1 or not all(p.isalpha() for p in parts[1:]):
            found.append((match.start(), head + tail))
            continue
        # "1.1.a.b.c": one reference per letter after the first numeric part.
        numeric = [p for p in parts if p.isdigit()]
        letters = [p for p in parts if p.isalpha()]
        base = ".".join([head, *numeric])
        found.extend((match.start(), f"{base}.{letter}") for letter in letters)
    for match in _LETTER_REF.finditer(text):
        ref = match.group(1) + match.group(2)
        if match.group(3):
            ref += "." + match.group(3)
        found.append((match.start(), ref))
    refs: list[str] = []
    for _, ref in sorted(found, key=lambda item: item[0]):
        if ref not in refs:
            refs.append(ref)
    return refs


# --- RAG ratings -------------------------------------------------------------

_RAG_PHRASES = (
    re.compile(r"\b(red|amber|green)[\s-]+rated\b", re.IGNORECASE),
    re.compile(r"\brated\s+(?:as\s+)?(red|amber|green)\b", re.IGNORECASE),
    re.compile(
        r"\bRAG(?:\s+(?:rating|rated|status))?\s*(?:is|:|=|-|–)?\s*((?i:red|amber|green))\b"
    ),
    re.compile(r"\b(red|amber|green)\s+RAG\b", re.IGNORECASE),
)
# APP score cards use single letters; "C" (completed) counts as green because the
# legend puts it beyond "G: completion on track".
_RAG_LETTERS = {"R": "red", "A": "amber", "G": "green", "C": "green"}


def find_rag(text: str) -> str:
    """The RAG rating ``text`` gives ("red", "amber", "green"), or "" if none or mixed."""
    colours: set[str] = set()
    for pattern in _RAG_PHRASES:
        colours.update(match.group(1).lower() for match in pattern.finditer(text))
    for raw in text.split("\n"):
        cells = [cell.strip() for cell in raw.split("\t") if cell.strip()]
        if "\t" not in raw or len(cells) < 2:
            continue
        colours.update(c.lower() for c in cells if c.lower() in {"red", "amber", "green"})
        # A lone letter is only a rating as the last cell of a wide row.
        if len(cells) >= 4 and cells[-1] in _RAG_LETTERS:
            colours.add(_RAG_LETTERS[cells[-1]])
    return colours.pop() if len(colours) == 1 else ""
