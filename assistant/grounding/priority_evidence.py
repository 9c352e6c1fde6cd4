"""All the evidence an area's documents hold on given priorities, by note section.

Drafts, comparisons and gap reports read *every* chunk of an area's priority,
not just the top search hits: an adviser needs the whole picture, latest
document first, with planned actions and targets set against reported progress.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.domain.doc_types import PLANNING_TYPES
from assistant.domain.lexicon import MEASURE_RE
from assistant.grounding.evidence import is_heading, split_chunks
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.records import Evidence
from assistant.records import SectionKind

NoteSection = Literal["progress", "impact", "next_steps"]
NOTE_SECTIONS: tuple[NoteSection, ...] = ("progress", "impact", "next_steps")

SECTION_TITLES: dict[NoteSection, str] = {
    "progress": "Progress on key actions",
    "impact": "Evidence of impact",
    "next_steps": "Key next steps",
}

SOURCES: dict[NoteSection, set[SectionKind]] = {
    "progress": {SectionKind.progress, SectionKind.actions, SectionKind.timescale_check},
    "impact": {SectionKind.impact, SectionKind.measures},
    "next_steps": {SectionKind.next_steps, SectionKind.follow_up, SectionKind.agreed_actions},
}

# What each section is about, used to rank units within it.
SECTION_QUERIES: dict[NoteSection, str] = {
    "progress": "actions completed progress made established launched implemented in post",
    "impact": "evidence of impact improved outcomes data percentage survey audit feedback families",
    "next_steps": "next steps further work required will develop review plan",
}


_IMPACT_WORDS = re.compile(
    r"\b(?:impact|increas\w*|reduc\w*|improv\w*|fewer|decline\w*|survey|feedback)\b|%",
    re.IGNORECASE,
)


def reports_impact(text: str) -> bool:
    """A progress line that reports a difference made (not just an action taken)."""
    return bool(_IMPACT_WORDS.search(text)) and not text.rstrip().endswith("?")


def is_measured(text: str) -> bool:
    """Does the text report something measured (figures, surveys, audits), not just activity?"""
    return bool(MEASURE_RE.search(text))


class PriorityEvidence:
    """Evidence units for an area's priorities, grouped by note section."""

    def __init__(self, finder: EvidenceFinder) -> None:
        self.finder = finder

    def units(
        self, local_area: str, priorities: list[int], as_of: str | None = None
    ) -> list[Evidence]:
        """Every unit of the area's chunks on those priorities (dated on or before as_of)."""
        chunks = self.finder.corpus.priority_chunks(local_area, priorities)
        if as_of:
            chunks = [c for c in chunks if not c.date or c.date[: len(as_of)] <= as_of]
        chunks.sort(key=lambda c: (c.doc_id, c.start))
        documents = self.finder.documents_for({c.doc_id for c in chunks})
        return [u for u in split_chunks(chunks, documents) if not is_heading(u)]

    def by_section(
        self, units: list[Evidence], per_document: int = 3, limit: int = 8
    ) -> dict[NoteSection, list[Evidence]]:
        """Per note section: the most relevant units, latest document first."""
        grouped: dict[NoteSection, list[Evidence]] = {}
        # Some notes (Torbay's) mix progress and impact in one list: impact-like lines from
        # progress sections count as evidence of impact, and are then not repeated as progress.
        moved = {
            (u.doc_id, u.start)
            for u in units
            if u.section in SOURCES["progress"]
            and u.doc_type not in PLANNING_TYPES
            and reports_impact(u.text)
        }
        for section in NOTE_SECTIONS:
            pool = [u for u in units if u.section in SOURCES[section]]
            if section == "impact":
                pool += [u for u in units if (u.doc_id, u.start) in moved]
            elif section == "progress":
                pool = [u for u in pool if (u.doc_id, u.start) not in moved]
            ranked = self.finder.rank(SECTION_QUERIES[section], pool)
            if section == "impact":
                # Measured evidence first: it is what advisers ask for.
                ranked.sort(key=lambda u: (not is_measured(u.text), -u.relevance))
            grouped[section] = _latest_first(ranked, per_document, limit)
        return grouped


def _latest_first(ranked: list[Evidence], per_document: int, limit: int) -> list[Evidence]:
    """Take the best few units of each document, newest document first; reports before plans."""
    taken: dict[str, list[Evidence]] = {}
    for unit in ranked:
        bucket = taken.setdefault(unit.doc_id, [])
        if len(bucket) < per_document:
            bucket.append(unit)
    documents = sorted(
        taken.values(),
        key=lambda b: (b[0].doc_type not in PLANNING_TYPES, b[0].date),
        reverse=True,
    )
    ordered = [u for bucket in documents for u in sorted(bucket, key=lambda u: u.start)]
    return ordered[:limit]
