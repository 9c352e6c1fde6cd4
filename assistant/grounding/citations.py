"""From generated text to checked sentences and resolved citations.

The model ends each sentence with evidence keys such as ``[E3]`` or ``[E3, E7]``.
Here we split the output into sentences, keep only keys that were offered,
check each sentence against the evidence it cites, and resolve the keys to
exact spans whose quotes are re-read from the canonical document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.grounding.records import CANNOT_ANSWER, Citation, Evidence, Sentence, SentenceKind
from assistant.grounding.render_evidence import clean
from assistant.grounding.support import SupportChecker

_KEY_GROUP = re.compile(r"[\[(]\s*([A-Za-z]\d+(?:\s*[,;/&]\s*(?:and\s+)?[A-Za-z]?\d+)*)\s*[\])]")
_KEY = re.compile(r"([A-Za-z])?(\d+)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?:[-•*]\s+)?(?=[A-Z0-9\"“(\[])")
_LEADING_BULLET = re.compile(r"^\s*(?:[-*•▪]|\d+[.)])\s+")
_LEADING_KEYS = re.compile(r"^\s*(?:" + _KEY_GROUP.pattern + r"\s*)+")


class CitationError(AssertionError):
    """A citation's quote does not match its source span: a bug, never shown as fact."""


def _keys_in(group: str, prefix: str) -> list[str]:
    return [f"{(letter or prefix).upper()}{number}" for letter, number in _KEY.findall(group)]


def split_generated(text: str, prefix: str = "E") -> list[tuple[str, list[str]]]:
    """Split output into (sentence text without keys, keys in order of appearance)."""
    pieces: list[str] = []
    for line in text.splitlines():
        line = _LEADING_BULLET.sub("", line).strip()
        if not line or line.startswith("#"):
            continue
        pieces.extend(p for p in _SENTENCE_BREAK.split(line) if p.strip())
    # A key group opening a piece belongs to the sentence before it ("... done. [E1] Next").
    fixed: list[str] = []
    for piece in pieces:
        lead = _LEADING_KEYS.match(piece)
        if lead and fixed:
            fixed[-1] += " " + lead.group(0).strip()
            piece = piece[lead.end() :]
        if piece.strip():
            fixed.append(piece.strip())
    sentences = []
    for piece in fixed:
        keys: list[str] = []
        for match in _KEY_GROUP.finditer(piece):
            keys.extend(k for k in _keys_in(match.group(1), prefix) if k not in keys)
        clean = _KEY_GROUP.sub("", piece)
        clean = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", clean)).strip()
        if clean and clean not in {".", ","}:
            sentences.append((clean, keys))
    return sentences


def is_cannot_answer(text: str) -> bool:
    """True when the text is (essentially) the shared cannot-answer sentinel."""
    core = CANNOT_ANSWER.rstrip(".").lower()
    return core in text.lower() and len(text) < len(CANNOT_ANSWER) + 60


def check_sentences(
    raw: Iterable[tuple[str, list[str]]],
    evidence: dict[str, Evidence],
    checker: SupportChecker,
) -> list[Sentence]:
    """Drop unknown keys, then judge each sentence against what it cites."""
    checked = []
    for text, keys in raw:
        known = [k for k in keys if k in evidence]
        verdict = checker.check(
            text, [evidence[k].text for k in known], suspect=[evidence[k].suspect for k in known]
        )
        checked.append(
            Sentence(
                text=text,
                citations=known,
                supported=verdict.supported,
                support_score=verdict.score,
            )
        )
    return checked


def verbatim_sentences(units: list[Evidence], checker: SupportChecker) -> list[Sentence]:
    """Each unit as its own cited sentence (whitespace tidied), still put through the check."""
    raw = [(clean(u.text), [u.key]) for u in units]
    return check_sentences(raw, {u.key: u for u in units}, checker)


def resolve_citations(
    sentences: Iterable[Sentence], evidence: dict[str, Evidence], texts: dict[str, str]
) -> list[Citation]:
    """Citations for every key used, in order of first use, each re-verified."""
    used: list[str] = []
    for sentence in sentences:
        used.extend(k for k in sentence.citations if k not in used)
    return [evidence_citation(evidence[key], texts[evidence[key].doc_id]) for key in used]


def evidence_citation(unit: Evidence, document_text: str) -> Citation:
    """The citation of one unit, its quote re-read from the document and checked."""
    quote = document_text[unit.start : unit.end]
    if quote != unit.text:
        raise CitationError(f"{unit.key}: span {unit.doc_id}[{unit.start}:{unit.end}] drifted")
    return Citation(
        key=unit.key,
        doc_id=unit.doc_id,
        title=unit.title,
        local_area=unit.local_area,
        doc_type=unit.doc_type,
        date=unit.date,
        page=unit.page,
        page_label=unit.page_label,
        start=unit.start,
        end=unit.end,
        quote=quote,
        suspect=unit.suspect,
    )


def notice(text: str, exportable: bool = True) -> Sentence:
    """The assistant's own statement (no source claim): shown, never cited.

    ``exportable=False`` for notes meant only for the person using the app (that the
    wording could not be checked, that passages were left out): an adviser would have
    to delete them before sending, so exports leave them out.
    """
    return Sentence(
        text=text, citations=[], supported=True, kind=SentenceKind.notice, exportable=exportable
    )


def name_list(names: list[str]) -> str:
    """Names as a notice writes them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def answer_text(sentences: Iterable[Sentence]) -> str:
    """Plain text with keys after each sentence, e.g. 'X was done [E1][E4].'"""
    parts = []
    for s in sentences:
        keys = "".join(f"[{k}]" for k in s.citations)
        if keys and s.text[-1:] in ".!?":
            parts.append(f"{s.text[:-1]} {keys}{s.text[-1]}")
        else:
            parts.append(f"{s.text} {keys}".strip())
    return " ".join(parts)
