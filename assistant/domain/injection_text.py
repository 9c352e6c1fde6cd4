"""The text the injection check reads: folded so disguises read as plain words.

A planted order can hide behind invisible characters, look-alike letters, fullwidth
forms, accents, letter spacing ("i g n o r e"), line-end hyphens ("instruc-\\ntions") or
table cells that split a word ("prev\\tious"). :func:`detection_views` undoes each of
those on a copy of the text, lower-cased and without accents, and keeps, for every
character of the copy, the offset in the original it came from: a finding in the copy
is reported as a span of the original (canonical) text.

Several views, because a tab between table cells is sometimes a space between words
and sometimes a split inside one: cells joined by a space; cells joined directly; and,
given a vocabulary, cells joined only where the pieces make a known word that they
are not on their own ("men" + "tion", "in" + "struc" + "tion"; never "and" + "state").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.corpus.unicode_clean import HOMOGLYPHS, INVISIBLE, SPACES, is_invisible

_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")
_SPACED = re.compile(r"(?<!\S)\w(?: {1,3}\w(?!\S)){3,}")
_GAP = re.compile(r" {2,}")
_UNIT_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class View:
    """Folded text and, per character, the offset of the original character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        last = self.origin[max(start, end - 1)] if end > start else self.origin[start]
        return self.origin[start], last + 1


def _fold_char(char: str) -> str:
    if char in INVISIBLE or is_invisible(char) or char == "\u0640":  # and Arabic tatweel
        return ""
    if char in SPACES or char == "\u00a0":
        return " "
    char = HOMOGLYPHS.get(char, char)
    plain = unicodedata.normalize("NFKC", char)
    decomposed = unicodedata.normalize("NFD", plain)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _fold(text: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        for piece in _fold_char(char):
            chars.append(piece)
            origin.append(at)
    return chars, origin


def _delete(text: str, origin: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    keep = [True] * len(text)
    for match in pattern.finditer(text):
        for at in range(match.start(), match.end()):
            keep[at] = False
    return (
        "".join(c for c, k in zip(text, keep, strict=True) if k),
        [o for o, k in zip(origin, keep, strict=True) if k],
    )


def _unspace(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """Letter-spaced runs ("i g n o r e  a l l") as words ("ignore all")."""
    out: list[str] = []
    kept: list[int] = []
    at = 0
    for match in _SPACED.finditer(text):
        out.append(text[at : match.start()])
        kept.extend(origin[at : match.start()])
        run = match.group(0)
        for offset, char in enumerate(run):
            if char != " ":
                out.append(char)
                kept.append(origin[match.start() + offset])
            elif offset + 1 < len(run) and run[offset + 1] == " " and run[offset - 1] != " ":
                out.append(" ")  # a gap of two or more spaces is the break between words
                kept.append(origin[match.start() + offset])
        at = match.end()
    out.append(text[at:])
    kept.extend(origin[at:])
    return "".join(out), kept


_CELL_PIECES = re.compile(r"\w+(?:\t\w+)+")
_TAB = re.compile(r"\t")


def _join_known_words(
    text: str, origin: list[int], vocabulary: frozenset[str]
) -> tuple[str, list[int]]:
    """Delete the tabs splitting a known word across cells; the other tabs become spaces."""
    keep = [True] * len(text)
    chars = list(text)
    for match in _CELL_PIECES.finditer(text):
        pieces = match.group(0).split("\t")
        starts = []
        at = match.start()
        for piece in pieces:
            starts.append(at)
            at += len(piece) + 1
        i = 0
        while i < len(pieces):
            for n in (3, 2):
                group = pieces[i : i + n]
                if (
                    len(group) == n
                    and "".join(group) in vocabulary
                    and not all(g in vocabulary for g in group)
                ):
                    for k in range(i + 1, i + n):
                        keep[starts[k] - 1] = False  # the tab before piece k
                    i += n - 1
                    break
            i += 1
    out = "".join(" " if c == "\t" else c for c, k in zip(chars, keep, strict=True) if k)
    return out, [o for o, k in zip(origin, keep, strict=True) if k]


def detection_views(text: str, vocabulary: frozenset[str] | None = None) -> list[View]:
    """The folded views of ``text`` the injection check reads (see the module doc)."""
    chars, origin = _fold(text)
    folded = "".join(chars)
    folded, origin = _delete(folded, origin, _HYPHEN_BREAK)
    variants = [(folded.replace("\t", " "), list(origin))]
    if "\t" in folded:
        variants.append(_delete(folded, origin, _TAB))
        if vocabulary:
            variants.append(_join_known_words(folded, origin, vocabulary))
    views = []
    for joined, at in variants:
        joined, at = _unspace(joined, at)
        views.append(View(joined, tuple(at)))
    return views


def units(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence or line of ``text`` that holds a non-space."""
    at = 0
    for match in _UNIT_END.finditer(text):
        if text[at : match.start()].strip():
            yield at, match.start()
        at = match.end()
    if text[at:].strip():
        yield at, len(text)
