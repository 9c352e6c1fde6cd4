"""Whole answers from units: the next sentence that finishes the answer, the start of a cut one.

"The CCG is currently in the process of transferring to the ICS." is about the question
"When is the CCG expected to transfer?"; the sentence after it, "This is expected to take
place in July 2022.", is the answer. A unit that lacks what the question asks for (a
date, a place, a reason …) takes in the next sentence of its paragraph when that one
holds it; for a two-part question ("When does X start, and what is their first
priority?") it takes the next sentence when that one speaks to the second part. A unit
that opens mid-sentence ("of weakness. This can be found …", where extraction put a
blank line inside a sentence) is moved back to its sentence's start, and one cut off
mid-sentence is finished at its end. Spans stay exact:
``text == document.text[start:end]`` always.
"""

from __future__ import annotations

import re

from assistant.domain.statement_kinds import classify
from assistant.grounding.answer_type import asked_types, holds
from assistant.grounding.records import Evidence
from assistant.index.lexical import tokenize

#: How far a unit may reach for its next sentence or its own start.
MAX_REACH = 320
_NEXT_SENTENCE = re.compile(r"[ \t]*([A-Z(“\"][^\n]*?[.!?])(?=[\"”)]?(?:\s|$))")
_SENTENCE_START = re.compile(r"(?:[.!?][\"”’)]?\s+|\n\s*(?:[-•▪*]|\d{1,2}[.)])\s+)(?=\S)")
# "When does X start, and what is their first priority?": two questions in one.
_SECOND_PART = re.compile(
    r"(?:,|\band)\s+(?:and\s+)?(?:what|when|where|who|how|which|why)\b(.*)$", re.I
)


def next_sentence(unit: Evidence, document_text: str) -> tuple[int, int] | None:
    """The span of the sentence right after ``unit`` in the same paragraph, if any."""
    after = document_text[unit.end : unit.end + MAX_REACH]
    match = _NEXT_SENTENCE.match(after)  # on the same line: a new line is a new item
    if match is None:
        return None
    return unit.end + match.start(1), unit.end + match.end(1)


def _extended(unit: Evidence, end: int, document_text: str) -> Evidence:
    return unit.model_copy(update={"end": end, "text": document_text[unit.start : end]})


def complete_answer(question: str, unit: Evidence, document_text: str) -> Evidence:
    """``unit`` with the next sentence joined when that sentence finishes the answer."""
    span = next_sentence(unit, document_text)
    if span is None:
        return unit
    following = document_text[span[0] : span[1]]
    for answer_type in asked_types(question):
        if not holds(answer_type, unit.text) and holds(answer_type, following):
            return _extended(unit, span[1], document_text)
    second = _SECOND_PART.search(question)
    if second:
        wanted = set(tokenize(second.group(1))) - set(tokenize(unit.text))
        if wanted & set(tokenize(following)):
            return _extended(unit, span[1], document_text)
    return unit


def sentence_start(unit: Evidence, document_text: str) -> Evidence:
    """A unit opening in lower case moved back to its sentence's start when that is
    plainly in the same paragraph (not across table cells or list items)."""
    if not unit.text[:1].islower():
        return unit
    window_start = max(0, unit.start - MAX_REACH)
    before = document_text[window_start : unit.start]
    starts = list(_SENTENCE_START.finditer(before))
    if not starts:
        return unit  # a cell or list fragment: nothing to join it to
    start = window_start + starts[-1].end()
    crossed = document_text[start : unit.start]
    if "\t" in crossed or crossed.count("\n") > 2:
        return unit  # table cells, or a list: not one sentence
    return unit.model_copy(update={"start": start, "text": document_text[start : unit.end]})


_OPEN_END = re.compile(r"[\w%£,;–-]$")  # no full stop, colon or closing bracket: cut off
_RUN_ON = re.compile(
    r"[ \t]*\n?[ \t]*\n?[ \t]*(?=[a-z])"
)  # at most one blank line, then lower case
_SENTENCE_END = re.compile(r"[.!?](?=[\"”’)]?(?:\s|$))")


def sentence_end(unit: Evidence, document_text: str) -> Evidence:
    """A unit cut off mid-sentence ("… consistently at 90% or", where extraction put a
    blank line inside the sentence) finished at its sentence's end, when the text runs on
    in lower case right after it (not across table cells)."""
    if not _OPEN_END.search(unit.text.rstrip()):
        return unit
    after = document_text[unit.end : unit.end + MAX_REACH]
    gap = _RUN_ON.match(after)
    if gap is None or "\t" in gap.group():
        return unit
    end = _SENTENCE_END.search(after, gap.end())
    if end is None or "\t" in after[: end.start()] or "\n\n" in after[gap.end() : end.start()]:
        return unit
    return _extended(unit, unit.end + end.end(), document_text)


def whole_answers(question: str, units: list[Evidence], texts: dict[str, str]) -> list[Evidence]:
    """Every unit started at its sentence's start and finished where the answer ends;
    ``texts`` maps doc_id to text."""
    kept: list[Evidence] = []
    for unit in units:
        text = texts[unit.doc_id]
        started = sentence_end(sentence_start(unit, text), text)
        whole = complete_answer(question, started, text)
        if whole.start < unit.start:
            # A fragment's kind was read without its sentence's start ("… will increase
            # year on year to | demonstrate ongoing improvement"): read the whole again.
            verdict = classify(whole.text, whole.section, whole.doc_type)
            whole = whole.model_copy(update={"kind": verdict.kind, "kind_rule": verdict.rule})
        if not any(
            k.doc_id == whole.doc_id and k.start <= whole.start and whole.end <= k.end for k in kept
        ):
            kept.append(whole)  # a unit already inside a widened one is not shown twice
    return kept
