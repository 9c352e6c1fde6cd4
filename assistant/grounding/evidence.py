"""Split retrieved chunks into citable evidence units with exact spans.

A unit is a bullet item, a table row, or a sentence of running prose. Every
unit's ``text`` equals ``document.text[start:end]``: spans are computed from
the chunk's own offsets, never from re-typed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.domain.columns import is_header_row, is_label_line
from assistant.domain.statement_kinds import StatementKind, classify
from assistant.grounding.records import Evidence
from assistant.grounding.support import content_tokens
from assistant.records import Chunk, DocType, Document
from assistant.structure.inspection_areas import is_name_line

_FRAGMENT_ITEM = re.compile(r"^\s*(?:[-•▪●◦*]|\d{1,2}[.)]|[a-z][.)])\s+[a-z]")
_BULLET = re.compile(r"^\s*(?:[-•▪●◦*]|\d{1,2}[.)]|[a-z][.)])\s+")
# Sentence ends: . ! ? followed by space and a capital/digit/quote; not after common abbreviations.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"“‘(•▪-])")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "No.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "St.",
    "vs.",
    "approx.",
)
MIN_UNIT_CHARS = 25
MAX_UNIT_CHARS = 700
MAX_LIST_CHARS = 900  # a lead-in with its items, kept as one unit up to this length


def _line_spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of non-blank lines, trimmed of surrounding whitespace."""
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((offset + position + lead, offset + position + lead + len(stripped)))
        position += len(line) + 1
    return spans


def _is_row_or_item(line: str) -> bool:
    return "\t" in line or bool(_BULLET.match(line))


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a prose span into sentence spans (abbreviation-aware)."""
    piece = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _SENTENCE_END.finditer(piece):
        before = piece[: match.start() + 1]
        if before.endswith(_ABBREVIATIONS):
            continue
        spans.append((start + cursor, start + match.start() + len(match.group(0).rstrip())))
        cursor = match.end()
    spans.append((start + cursor, end))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def unit_spans(document_text: str, chunk: Chunk) -> list[tuple[int, int]]:
    """Evidence-unit spans inside one chunk, in reading order."""
    # Group consecutive prose lines into paragraphs; rows and items stand alone.
    lines = _line_spans(document_text[chunk.start : chunk.end], chunk.start)
    blocks: list[tuple[int, int, bool]] = []  # (start, end, is_prose)
    for a, b in lines:
        line = document_text[a:b]
        # A section label ("Progress on key actions" in a table cell) heads what follows;
        # it stands alone, so it is dropped rather than glued to the sentence under it.
        prose = not _is_row_or_item(line) and not _SECTION_LABEL.match(line.strip())
        if blocks and prose and blocks[-1][2] and _continues(document_text, blocks[-1][1], a):
            blocks[-1] = (blocks[-1][0], b, True)
        else:
            blocks.append((a, b, prose))
    spans: list[tuple[int, int]] = []
    for a, b, prose in blocks:
        if prose or b - a > MAX_UNIT_CHARS:
            spans.extend(_sentence_spans(document_text, a, b))
        else:
            spans.append((a, b))
    return _merge_short(document_text, _with_lead_ins(document_text, spans))


def _with_lead_ins(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A lead-in ("In particular they should urgently improve:") and the lower-case items
    that complete it are one unit: alone, "the frequency and quality of multi-agency
    working" is a cut-off fragment, and the lead-in a heading. Long lists stay apart."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        j, end = i + 1, b
        if text[a:b].rstrip().endswith(":"):
            while j < len(spans) and spans[j][1] - a <= MAX_LIST_CHARS:
                piece = text[spans[j][0] : spans[j][1]]
                item = _FRAGMENT_ITEM.match(piece)
                # A wrapped item's tail (after a page break) starts in lower case too.
                tail = piece[:1].islower() and text[end - 1 : end] not in {".", "!", "?"}
                if not (item or (tail and j > i + 1)):
                    break
                end = spans[j][1]
                j += 1
        if j - i >= 3:  # the lead-in and at least two items
            out.append((a, end))
            i = j
        else:
            out.append((a, b))
            i += 1
    return out


def _continues(text: str, previous_end: int, next_start: int) -> bool:
    """A prose line continues the previous one unless a blank line or a full stop intervenes."""
    gap = text[previous_end:next_start]
    return gap.count("\n") <= 1 and text[previous_end - 1 : previous_end] not in {".", ":"}


def _merge_short(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fold fragments (headings, stray words) into the following unit."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in spans:
        if pending is not None:
            a = pending
            pending = None
        if (_LABEL.match(text[a:b]) or _SECTION_LABEL.match(text[a:b])) and pending is None:
            continue  # "Follow-up:" and the like head a list; they are not evidence
        if pending is None and _names_columns(text[a:b]):
            merged.append((a, b))  # kept apart so it is classified, and dropped, as boilerplate
            continue
        if b - a < MIN_UNIT_CHARS:
            pending = a
            continue
        a = _past_status_cell(text, a, b)
        merged.append((a, b))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


_STATUS_CELL = re.compile(r"(?:N/?A)[ \t]+(?=[A-Z][a-z])")


def _past_status_cell(text: str, start: int, end: int) -> int:
    """The unit's start past a leading "NA" status cell ("NA Attendance at moderation …")."""
    found = _STATUS_CELL.match(text, start, end)
    return found.end() if found else start


def _names_columns(text: str) -> bool:
    """A header row ("Action<tab>Who<tab>When") or a column-label line: never folded into a unit."""
    return is_label_line(text) or any(is_header_row(line.split("\t")) for line in text.split("\n"))


def listed_labels(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` only the short items of a list a sentence introduced ("five
    indicators … They include:" then "- Average waiting times", "- Outcomes")? Cut from
    their sentence they are labels, not findings."""
    lines = [line for line in text[start:end].splitlines() if line.strip()]
    items = [_BULLET.match(line) for line in lines]
    if not lines or not all(items):
        return False
    words = [line[found.end() :] for line, found in zip(lines, items, strict=True) if found]
    if any(len(item.split()) > 4 or re.search(r"\d", item) for item in words):
        return False
    # The line that opens the list, above any earlier items of it.
    for line in reversed(text[max(0, start - 2000) : start].splitlines()):
        if line.strip() and not _BULLET.match(line):
            return line.rstrip().endswith(":")
    return False


def split_chunks(
    chunks: Iterable[Chunk], documents: dict[str, Document], *, keep_boilerplate: bool = False
) -> list[Evidence]:
    """Evidence units of ``chunks``, each with its statement kind; keys unset.

    ``documents`` maps doc_id to its document. Units classified boilerplate (header
    rows, column labels, footers) are dropped unless ``keep_boilerplate`` (for evals).
    """
    units: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for chunk in chunks:
        document = documents[chunk.doc_id]
        text = document.text
        for a, b in unit_spans(text, chunk):
            if (chunk.doc_id, a, b) in seen:
                continue
            seen.add((chunk.doc_id, a, b))
            verdict = classify(text[a:b], chunk.section, chunk.doc_type)
            if not keep_boilerplate and (
                verdict.kind is StatementKind.boilerplate or listed_labels(text, a, b)
            ):
                continue
            units.append(
                Evidence(
                    key="",
                    doc_id=chunk.doc_id,
                    title=chunk.title,
                    local_area=chunk.local_area,
                    doc_type=chunk.doc_type,
                    date=chunk.date,
                    page=document.page_at(a),
                    page_label=document.page_label_at(a),
                    start=a,
                    end=b,
                    text=text[a:b],
                    priority=chunk.priority,
                    priority_title=chunk.priority_title,
                    section=chunk.section,
                    kind=verdict.kind,
                    kind_rule=verdict.rule,
                    suspect=chunk.suspect,
                )
            )
    return units


_LABEL = re.compile(r"^[\s*_-]*[A-Za-z][\w /&()-]{0,60}:[\s*_]*$")
_SECTION_LABEL = re.compile(
    r"^(?:evidence of impact|progress on key actions[^\n]{0,40}|key next steps[^\n]{0,40}|"
    r"next steps|follow[ -]*up)\W*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[\s\t–—-]+")


#: Words a template's headings wrap a priority's title in.
_STRUCTURE = frozenset(
    content_tokens("wsoa strand progress area priority pillar workstream update section")
)


def is_heading(unit: Evidence, priority_title: str = "") -> bool:
    """A unit that only restates a heading, a label, a list of names or the priority's
    title: not evidence."""
    text = _RULE.sub("", unit.text)
    words = content_tokens(text)
    if len(words) < 4 or _LABEL.match(text) or re.match(r"^see p\.?\s*\d", text, re.I):
        return True
    if unit.doc_type is DocType.inspection_report and all(
        is_name_line(line) for line in text.splitlines() if line.strip()
    ):
        return True  # a report's "responsible body" cell: names only (elsewhere names are
        # facts: "Chair Simone White, Director for Children, Families & Education")
    title = content_tokens(priority_title or unit.priority_title)
    # "WSoA Strand Progress 4 – Area 1 – <the priority's title>": a template's heading.
    return bool(title) and len(words - title - _STRUCTURE) <= 2


def assign_keys(units: list[Evidence], prefix: str = "E") -> list[Evidence]:
    """Number units E1, E2, ... in the given order (the order shown to the model)."""
    return [u.model_copy(update={"key": f"{prefix}{i}"}) for i, u in enumerate(units, start=1)]
