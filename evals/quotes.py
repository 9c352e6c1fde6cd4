"""Finding a quote in a document's text, forgiving whitespace and hyphenation breaks.

Hand-made datasets quote documents as a person copies them: runs of whitespace
collapsed, line-break hyphens dropped. These helpers find such a quote and return
its span in the ORIGINAL text.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"-\s+")


# --------------------------------------------------------------------------- matching


def normalise(text: str) -> str:
    """Collapse every run of whitespace (incl. newlines, tabs, form feeds) to one space."""
    return _WS.sub(" ", text).strip()


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise `text` and return, for each normalised character, its offset in `text`.

    Leading/trailing whitespace is dropped; each inner whitespace run becomes one space
    mapped to the first whitespace character of the run.
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = -1  # offset of the first char of a pending whitespace run
    for i, ch in enumerate(text):
        if ch.isspace():
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0 and out:
            out.append(" ")
            offsets.append(pending_space)
        pending_space = -1
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


def find_all_normalised(doc_text: str, quote: str) -> list[tuple[int, int]]:
    """All non-overlapping spans [start, end) in doc_text matching quote modulo whitespace."""
    q = normalise(quote)
    if not q:
        return []
    norm, offsets = _normalise_with_map(doc_text)
    spans: list[tuple[int, int]] = []
    pos = norm.find(q)
    while pos >= 0:
        start = offsets[pos]
        end = offsets[pos + len(q) - 1] + 1
        spans.append((start, end))
        pos = norm.find(q, pos + len(q))
    return spans


def _dehyphenate_with_map(text: str, keep_hyphen: bool) -> tuple[str, list[int]]:
    """Rejoin end-of-line hyphenation: "-<whitespace>" -> "-" (or "" if not keep_hyphen).

    Returns the rewritten text and a map from each of its characters to the original offset.
    """
    out: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in _HYPHEN_BREAK.finditer(text):
        for i in range(last, m.start()):
            out.append(text[i])
            offsets.append(i)
        if keep_hyphen:
            out.append("-")
            offsets.append(m.start())
        last = m.end()
    for i in range(last, len(text)):
        out.append(text[i])
        offsets.append(i)
    return "".join(out), offsets


def find_all_quotes(doc_text: str, quote: str) -> list[tuple[int, int]]:
    """Every span of `quote` in `doc_text` (whitespace-insensitive, with hyphen fallbacks)."""
    spans = find_all_normalised(doc_text, quote)
    if spans:
        return spans
    # Fallbacks for end-of-line hyphenation in the document: first "co-\nworking" ->
    # "co-working", then "well-\nconsidered" -> "wellconsidered".
    for keep in (True, False):
        rewritten, offsets = _dehyphenate_with_map(doc_text, keep_hyphen=keep)
        found = find_all_normalised(rewritten, quote)
        if found:
            return [(offsets[s], offsets[e - 1] + 1) for s, e in found]
    return []


def find_quote(doc_text: str, quote: str) -> tuple[int, int] | None:
    """Map `quote` to a span [start, end) of the ORIGINAL doc_text, or None if absent.

    Matching ignores differences in whitespace. If there is no match, retry against the
    document with end-of-line hyphenation ("-" followed by whitespace) rejoined, keeping
    the hyphen and then dropping it. With several matches, the first is returned.
    """
    spans = find_all_quotes(doc_text, quote)
    return spans[0] if spans else None


# --------------------------------------------------------------------------- documents
