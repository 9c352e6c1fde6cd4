"""An inspection report's priorities: its "areas for priority action" and "areas for improvement".

Each area is a paragraph that opens with an obligation ("Leaders should ...", "The LAP
must ...", "Health leaders need to ..."). What follows without one belongs to the area
before it: the sub-points after "This includes ensuring that:", text a page break or the
table's first column cut off, and "Leaders should also ..." / "In particular they should".
The priority-action table's header row and its first column (the responsible body,
"Worcestershire County / Council, Worcestershire / ... ICB") are not part of a title.
The rules are data (the patterns below), so a new phrasing is one line to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from assistant.records import DocType
from assistant.structure.priorities import clean_title
from assistant.structure.sections import section_heading
from assistant.structure.text import Line, ends_sentence, is_bullet, normalise_space

_AREAS_HEADING = re.compile(r"^\s*areas?\s+for\s+(improvement|priority\s+action)s?\s*:?\s*$", re.I)
RUNNING_HEADER = re.compile(
    r"^\s*(?:(?:area\s+send\s+)?inspection\s+report\s*:.*"
    r"|\d{1,2}(?:\s+\w+)?\s+to\s+\d{1,2}\s+\w+\s+\d{4}(?:\s+\d{1,3})?"
    r"|page\s+\d+(?:\s+of\s+\d+)?"
    r"|local area partnership report)\s*$",
    re.IGNORECASE,
)
# The header row of the areas-for-priority-action table.
_TABLE_HEADER = re.compile(r"^\s*responsible\s+body\b", re.IGNORECASE)
# An area says what someone should do.
_OBLIGATION = re.compile(
    r"\b(?:should|must|needs?\s+(?:\w+\s+)?to|(?:is|are)\s+required\s+to)\b", re.IGNORECASE
)
# Who an area is addressed to. A sentence whose obligation has no such subject ("The
# monitoring of projects should be more inclusive") carries on the area before it.
_ACTOR = re.compile(
    r"\b(?:leaders?|leadership|partnership|partners|commissioners?|council|authority|"
    r"authorities|ICB|board|area|LAP|services|providers|practitioners|professionals|"
    r"health|education|social\s+care|NHS|officers?|schools|settings|they|it)\b",
    re.IGNORECASE,
)
# "Area leaders need a partnership approach": "need" without "to", said of an actor.
_ACTOR_NEEDS = re.compile(
    r"\b(?:leaders|partnership|partners|commissioners)\s+(?:\w+\s+)?needs?\b", re.IGNORECASE
)
# ... unless it carries on the area before: "Leaders should also", "In particular they should".
_CONTINUATION = re.compile(
    r"^(?:(?:they|it|this|these|those|in\s+particular)\b|.*\b(?:should|must)\s+also\b)",
    re.IGNORECASE,
)
# Words allowed in a responsible-body cell besides capitalised ones.
_NAME_LINKS = frozenset({"and", "of", "the", "upon", "on", "in", "for", "area", "&"})
#: The glyphs that mark an area's sub-points in the reports.
AREA_BULLETS = "▪•◼●■-\uf0b7"
_BULLET_GLYPH = re.compile(rf"^[{re.escape(AREA_BULLETS)}]\s*")
_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s*")


#: Which list an area is in: "areas for priority action" or "areas for improvement".
AreaKind = Literal["priority_action", "improvement"]


@dataclass(frozen=True)
class InspectionArea:
    """One area for improvement / priority action: its lines and a title."""

    number: int
    first_line: int
    last_line: int
    title: str
    kind: AreaKind = "improvement"
    start: int = 0  # offset of the area's first word (after any bullet or number)
    end: int = 0  # offset just past its last line


def is_areas_heading(line: Line) -> bool:
    """ "Areas for improvement" / "Areas for priority action" heading line."""
    return bool(_AREAS_HEADING.match(line.text))


def find_inspection_areas(lines: list[Line], doc_type: DocType) -> list[InspectionArea]:
    """The report's areas, numbered in reading order (priority action first, as written).

    Items are paragraphs: separated by blank lines or bullets, or, in hard-wrapped
    text, by a line ending a sentence well short of the wrap width (the next word
    would have fitted, so the writer broke the line).
    """
    areas: list[InspectionArea] = []
    texts: list[str] = []  # each area's whole text, for its title
    for kind, block in _area_blocks(lines, doc_type):
        opened = False  # an area never runs on across blocks
        in_sub_list = False  # after a lead-in ending ":", bullets are its sub-points
        paragraphs = _joined_continuations(_paragraphs(block))
        bodies = [_without_responsible_body(p) for p in paragraphs]
        # In a "Responsible body" table each row opens with the body's name: the rows,
        # not the sentences, are the areas ("Health leaders must ensure ..." inside a row
        # carries on that row's area).
        table = sum(len(b) < len(p) for b, p in zip(bodies, paragraphs, strict=True)) >= 2
        for paragraph, body in zip(paragraphs, bodies, strict=True):
            text = normalise_space(" ".join(ln.stripped for ln in body))
            text = text[_lead_length(text) :]  # "1. Leaders ..." -> "Leaders ..."
            if not any(c.isalpha() for c in text):
                continue  # a stray bullet glyph or rule
            bullet = is_bullet(body[0])
            if table:
                opens = len(body) < len(paragraph)
            else:
                opens = not (in_sub_list and bullet) and opens_area(text)
            if not opened or opens:
                first = body[0]
                indent = len(first.text) - len(first.text.lstrip())
                start = first.start + indent + _lead_length(first.text[indent:])
                areas.append(
                    InspectionArea(
                        len(areas) + 1, first.index, body[-1].index, "", kind, start, body[-1].end
                    )
                )
                texts.append(text)
                opened = True
            else:
                areas[-1] = replace(areas[-1], last_line=body[-1].index, end=body[-1].end)
                texts[-1] = f"{texts[-1]} {text}"
            in_sub_list = text.endswith(":") or (in_sub_list and bullet)
    return [
        replace(area, title=_first_sentences(text)) for area, text in zip(areas, texts, strict=True)
    ]


def _lead_length(text: str) -> int:
    """Length of a leading bullet glyph and item number ("▪ ", "1. ") at the text's start."""
    glyph = _BULLET_GLYPH.match(text)
    skipped = glyph.end() if glyph else 0
    number = _NUMBER.match(text[skipped:])  # "^" does not match at a later pos
    return skipped + (number.end() if number else 0)


def opens_area(text: str) -> bool:
    """Whether a paragraph starts a new area rather than carrying on the one before."""
    first = re.split(r"(?<=[.!?:;])\s", text, maxsplit=1)[0]
    if not first[:1].isupper() or _CONTINUATION.match(first):
        return False  # a fragment cut off by a page break, or "Leaders should also"
    if _ACTOR_NEEDS.search(first) or _OBLIGATION.search(first):
        return _obliges_actor(first)
    # A report may state the weakness first ("The processes ... have not been
    # sufficiently robust."), then what leaders must do.
    return any(_obliges_actor(sentence) for sentence in _SENTENCES.split(text)[1:])


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _obliges_actor(sentence: str) -> bool:
    """Does the sentence tell someone (leaders, the partnership …) what to do?"""
    if _ACTOR_NEEDS.search(sentence):
        return True
    obligation = _OBLIGATION.search(sentence)
    return obligation is not None and bool(_ACTOR.search(sentence[: obligation.start()]))


def _area_blocks(lines: list[Line], doc_type: DocType) -> list[tuple[AreaKind, list[Line]]]:
    """Lines under each areas heading, up to the next section heading, with the list's kind."""
    blocks: list[tuple[AreaKind, list[Line]]] = []
    current: list[Line] | None = None
    for line in lines:
        if is_areas_heading(line):
            kind = area_kind(line.text)
            if current is None or blocks[-1][0] != kind:
                current = []
                blocks.append((kind, current))
            continue
        if current is None:
            continue
        if section_heading(line, doc_type) is not None:
            current = None
        elif not RUNNING_HEADER.match(line.text) and not _TABLE_HEADER.match(line.text):
            current.append(line)
    return blocks


def area_kind(heading: str) -> AreaKind:
    """The kind of list an areas heading opens."""
    return "priority_action" if "priority" in heading.lower() else "improvement"


def _without_responsible_body(paragraph: list[Line]) -> list[Line]:
    """Drop leading lines that are a name ("Council, Worcestershire"), keeping at least one."""
    keep = 0
    while keep < len(paragraph) - 1 and is_name_line(paragraph[keep].stripped):
        keep += 1
    return paragraph[keep:]


def is_name_line(text: str) -> bool:
    """Only names ("Suffolk County Council, NHS Suffolk and North East Essex ICB"): the
    "responsible body" cell of a report's table, never a finding."""
    words = text.replace(",", " ").split()
    return (
        bool(words)
        and not ends_sentence(text)
        and not _OBLIGATION.search(text)
        and all(word[0].isupper() or word.lower() in _NAME_LINKS for word in words)
    )


def _joined_continuations(paragraphs: list[list[Line]]) -> list[list[Line]]:
    """A paragraph opening "This means ...", "They should ..." joins the one before it,
    so a weakness stated first and the obligation after it are read as one area."""
    joined: list[list[Line]] = []
    for paragraph in paragraphs:
        first = _SENTENCES.split(paragraph[0].stripped, maxsplit=1)[0]
        if joined and not is_bullet(paragraph[0]) and _CONTINUATION.match(first):
            joined[-1] = joined[-1] + paragraph
        else:
            joined.append(paragraph)
    return joined


def _paragraphs(block: list[Line]) -> list[list[Line]]:
    content = [ln for ln in block if not ln.blank]
    if not content:
        return []
    width = max(len(ln.text.rstrip()) for ln in content)
    # Rejoined text has one line per paragraph: long, or ending a sentence each time.
    open_ended = sum(1 for ln in content if not ends_sentence(ln.text))
    hard_wrapped = width <= 160 and open_ended >= 0.3 * len(content)
    paragraphs: list[list[Line]] = []
    previous: Line | None = None
    for line in block:
        if line.blank:
            previous = None
            continue
        starts_new = previous is None or is_bullet(line)
        if previous is not None and not starts_new:
            prev_len = len(previous.text.rstrip())
            next_word = len(line.stripped.split(" ")[0])
            broke_early = prev_len + 1 + next_word <= 0.92 * width
            starts_new = ends_sentence(previous.text) and (broke_early or not hard_wrapped)
        if starts_new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        previous = line
    return paragraphs


def _first_sentences(text: str, minimum: int = 40, maximum: int = 300) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    title = sentences[0]
    for sentence in sentences[1:]:
        if len(title) >= minimum:
            break
        title = f"{title} {sentence}"
    return clean_title(title[:maximum])
