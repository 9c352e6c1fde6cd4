"""Make evidence units readable on their own: whole sentences, with what "This" refers to.

Extraction splits a bullet over lines ("…consistently at 90% or" / "higher which …"),
and a sentence opening "This has involved …" means nothing without the one before.
Here a unit is widened to the sentence it belongs to, always as an exact span of the
document (``text == document.text[start:end]``), re-classified, or dropped when it
cannot be made whole. Near-duplicates (the same line in two documents) are grouped so
one bullet can carry both citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.domain.lexicon import BULLET_RE
from assistant.domain.statement_kinds import classify
from assistant.grounding.records import Evidence
from assistant.grounding.support import content_tokens
from assistant.records import Document
from assistant.structure.text import Line

#: How far a unit may be widened to find its sentence's end or start.
MAX_REACH = 400
#: Words a cut-off line ends on: the sentence must go on.
_DANGLING = re.compile(
    r"(?:\b(?:and|or|of|to|the|a|an|with|at|in|for|by|on|from|as|that|which|including|"
    r"than|is|are|be|will|across|into)|[,(–-])\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"')\]’”]?(?=\s|$)")
#: What opens a new item after a line break: a bullet, a tab row, a reference, a heading.
_NEW_ITEM = re.compile(
    r"\n\s*\n|\n(?=\s*(?:[-•▪◼●■◦*]|\(?[ivx]{1,4}\)|\d+(?:\.\d+)*[.)]?\s|\S*\t))"
)
_REFERS_BACK = re.compile(r"^(?:this|these|it|they|those|such)\b", re.IGNORECASE)
_PREVIOUS_END = re.compile(r"[.!?][\"')\]’”]?\s+|\n\s*\n")
DUPLICATE_OVERLAP = 0.8


def _bare(text: str) -> str:
    """The text without a leading bullet or list number."""
    text = text.strip()
    while (bare := BULLET_RE.sub("", text, count=1).strip()) != text:
        text = bare  # "- (i) Finalise …" has two openers
    return text.lstrip("-•▪* ")


def is_cut_off(text: str, document_text: str, end: int) -> bool:
    """Does the unit stop mid-sentence (a dangling word, or the next line goes on in lower case)?"""
    if any(Line(0, 0, len(ln), ln).is_row for ln in text.split("\n")):
        return False  # a table row is a whole row of cells (prose may end in empty cells)
    stripped = text.rstrip()
    if _SENTENCE_END.search(stripped[-3:] + " "):
        return False
    if _DANGLING.search(stripped):
        return True
    following = document_text[end : end + 40].lstrip(" \t")
    return following.startswith("\n") and following.lstrip()[:1].islower()


def _sentence_end(document_text: str, end: int) -> int | None:
    """Where the sentence running past ``end`` finishes: a full stop, or the end of its item."""
    window = document_text[end : end + MAX_REACH]
    # The rest may sit after a page break or blank line ("…and tribunal" / "findings.").
    skip = len(window) - len(window.lstrip())
    rest = window[skip:]
    stop = _SENTENCE_END.search(rest)
    item = _NEW_ITEM.search(rest)
    if stop and (not item or stop.end() <= item.start()):
        return end + skip + stop.end()
    if item and item.start() > 0 and rest[: item.start()].strip():
        return end + skip + len(rest[: item.start()].rstrip())
    return None


def _sentence_start(document_text: str, start: int) -> int | None:
    """Where the sentence before ``start`` begins (for a unit opening "This …")."""
    before = document_text[max(0, start - MAX_REACH) : start].rstrip()
    if not before:
        return None
    base = start - MAX_REACH if start > MAX_REACH else 0
    boundaries = [m.end() for m in _PREVIOUS_END.finditer(before[:-1])]
    line = before.rfind("\n", 0, len(before) - 1)
    candidates = boundaries + ([line + 1] if line >= 0 else [])
    if not candidates:
        return None if base else 0
    begin = max(candidates)
    while begin < len(before) and before[begin].isspace():
        begin += 1
    return base + begin if before[begin:].strip() else None


def _respan(unit: Evidence, start: int, end: int, document: Document) -> Evidence:
    text = document.text[start:end]
    verdict = classify(text, unit.section, unit.doc_type)
    return unit.model_copy(
        update={
            "start": start,
            "end": end,
            "text": text,
            "page": document.page_at(start),
            "kind": verdict.kind,
            "kind_rule": verdict.rule,
        }
    )


def make_whole(units: list[Evidence], document: Callable[[str], Document]) -> list[Evidence]:
    """Units widened to whole sentences (exact spans); fragments that cannot be mended dropped.

    Units are taken in reading order per document; a unit swallowed by its neighbour's
    widening is trimmed to what remains, or dropped.
    """
    out: list[Evidence] = []
    reach: dict[str, int] = {}  # per document, how far the units already taken extend
    for unit in sorted(units, key=lambda u: (u.doc_id, u.start)):
        doc = document(unit.doc_id)
        text = doc.text
        start, end = unit.start, unit.end
        covered = reach.get(unit.doc_id, -1)
        if start < covered:
            if end <= covered:
                continue
            start = covered
            while start < end and text[start].isspace():
                start += 1
            if text[start:end].strip() and text[start].islower():
                continue  # the rest of a sentence whose head is already shown
        if text[start:end].rstrip().endswith(":"):
            continue  # "… monitored through:" introduces the items that follow it
        if text[start:end].lstrip()[:1].islower():
            continue  # the tail of a sentence the splitter cut: no head to show it with
        if is_cut_off(text[start:end], text, end):
            whole = _sentence_end(text, end)
            if whole is None:
                continue
            end = whole
        if _REFERS_BACK.match(_bare(text[start:end])):
            begin = _sentence_start(text, start)
            previous = out[-1] if out and out[-1].doc_id == unit.doc_id else None
            if begin is not None and begin < covered and previous is not None:
                if text[previous.end : start].strip():
                    continue  # its antecedent is shown, but not next to it
                # "This …" joins the line it refers to, shown just before it.
                out[-1] = _respan(previous, previous.start, end, doc)
                reach[unit.doc_id] = max(covered, end)
                continue
            if begin is None or begin < covered:
                continue  # what "This" refers to is not available as a sentence of its own
            start = begin
        reach[unit.doc_id] = max(covered, end)
        out.append(
            unit if (start, end) == (unit.start, unit.end) else _respan(unit, start, end, doc)
        )
    return out


def same_statement(a: Evidence, b: Evidence) -> bool:
    """The same line said twice (two documents, or a table and its summary)."""
    words_a, words_b = content_tokens(a.text), content_tokens(b.text)
    if not words_a or not words_b:
        return a.text.strip() == b.text.strip()
    return len(words_a & words_b) / len(words_a | words_b) >= DUPLICATE_OVERLAP


def group_duplicates(units: list[Evidence]) -> list[list[Evidence]]:
    """Units in order, near-duplicates grouped under their first occurrence."""
    groups: list[list[Evidence]] = []
    for unit in units:
        for group in groups:
            if same_statement(group[0], unit):
                group.append(unit)
                break
        else:
            groups.append([unit])
    return groups
