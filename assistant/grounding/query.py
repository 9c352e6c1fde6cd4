"""Understanding a question: which local area, which (local) priority, what kind of answer.

Priority numbers are local: "priority 5" in Shropshire is EHC plan quality, in
Torbay ASW 5 is preparation for adulthood. So a number is only resolved
together with an area; without one, callers answer per area.
"""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel

from assistant.domain.lexicon import PRIORITY_KEYWORD
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


class ParsedQuestion(BaseModel):
    text: str
    areas: list[str]
    priority: int | None
    intent: Intent


def parse_question(question: str, known_areas: list[str]) -> ParsedQuestion:
    """Find areas (from those indexed), a priority number and the intent."""
    lower = question.lower()
    areas = [a for a in known_areas if re.search(rf"\b{re.escape(a.lower())}\b", lower)]
    match = _PRIORITY.search(question)
    priority = int(match.group(1)) if match else None
    intent = Intent.general
    for candidate, words in _INTENT_WORDS.items():
        if any(w in lower for w in words):
            intent = candidate
            break
    return ParsedQuestion(text=question, areas=areas, priority=priority, intent=intent)


def retrieval_query(parsed: ParsedQuestion, priority_title: str = "") -> str:
    """The question with area/priority words swapped for the priority's own title."""
    text = parsed.text
    if parsed.priority is not None:
        text = _PRIORITY.sub(" ", text)
    for area in parsed.areas:
        text = re.sub(rf"\b{re.escape(area)}('s)?\b", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    return f"{text} {priority_title}".strip()
