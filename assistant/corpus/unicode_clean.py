"""Characters that hide words from a reader or a checker, removed from canonical text.

A document can carry characters nobody sees (zero-width spaces, soft hyphens, word
joiners, direction marks), letters from another script that look Latin ("Ignоre" with a
Cyrillic о) and fullwidth or compatibility forms ("ｉｇｎｏｒｅ", "ﬁ"). Left in the
canonical text they reach drafts as they are, defeat search and hide planted orders
from the injection check. So the canonical text is cleaned once, at load, before any
span is taken from it: every citation then points into the cleaned text and stays exact.

Kept as they are: ordinary letters of any script (a Welsh or Urdu passage is not
folded), NBSP-free spaces, line breaks and tabs (the structure parsers read them).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence

from assistant.records import Page

#: Invisible format characters: zero-width space/joiners, word joiner, BOM, soft hyphen,
#: direction marks and embeddings, invisible operators, Mongolian vowel separator.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u3164\uffa0"
)


def is_invisible(char: str) -> bool:
    """Any other format character (Unicode category Cf: tags, bidi controls, joiners)."""
    return unicodedata.category(char) == "Cf"


#: Spaces of other widths, written as an ordinary space.
SPACES = frozenset(
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)

#: Cyrillic and Greek letters drawn like Latin ones (only folded inside Latin words).
HOMOGLYPHS = {
    **dict(zip("АВЕЅІЈКМНОРСТХУаеіјоѕрсхуԁһӏԛԝ", "ABESIJKMHOPCTXYaeijospcxydhlqw", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνυκτχ", "ABEZHIKMNOPTYXaoipvuktx", strict=True)),
}
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")


def _compat(char: str) -> str:
    """Fullwidth, halfwidth and ligature forms as their plain letters (NFKC), else as is."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E or 0xFB00 <= code <= 0xFB06 or 0xFF61 <= code <= 0xFFDC:
        return unicodedata.normalize("NFKC", char)
    return char


def clean_text(text: str) -> tuple[str, list[int]]:
    """The text with hidden characters removed and look-alike forms folded.

    Returns the cleaned text and, for each of its characters, the offset in ``text`` it
    came from (plus one final entry: ``len(text)``), so spans can be carried across.
    """
    out: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        if char in INVISIBLE or is_invisible(char):
            continue
        plain = " " if char in SPACES else _compat(char)
        out.append(plain)
        origin.extend([at] * len(plain))
    cleaned = "".join(out)
    folded = _fold_mixed_words(cleaned)
    origin.append(len(text))
    return folded, origin


def _fold_mixed_words(text: str) -> str:
    """Fold Cyrillic/Greek look-alikes in words that also hold Latin letters (same length)."""
    if not any(c in HOMOGLYPHS for c in text):
        return text

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        if _LATIN.search(word) and any(c in HOMOGLYPHS for c in word):
            return "".join(HOMOGLYPHS.get(c, c) for c in word)
        return word

    return _WORD.sub(fold, text)


def remap_pages(pages: Sequence[Page], origin: Sequence[int], length: int) -> list[Page]:
    """Page spans of the original text carried into the cleaned one (still tiling it)."""
    if not pages:
        return list(pages)
    new_start = _new_offsets(origin)
    remapped = []
    for page in pages:
        start = new_start(page.start)
        end = new_start(page.end) if page.end < origin[-1] else length
        remapped.append(page.model_copy(update={"start": start, "end": end}))
    remapped[0] = remapped[0].model_copy(update={"start": 0})
    remapped[-1] = remapped[-1].model_copy(update={"end": length})
    return remapped


def _new_offsets(origin: Sequence[int]) -> Callable[[int], int]:
    """old offset -> the first cleaned offset at or after it."""

    def at(old: int) -> int:
        return bisect.bisect_left(origin, old, 0, len(origin) - 1)

    return at


def clean_document_text(text: str, pages: Sequence[Page]) -> tuple[str, list[Page]]:
    """Cleaned canonical text and its page spans (the text unchanged when nothing is hidden)."""
    cleaned, origin = clean_text(text)
    if cleaned == text:
        return text, list(pages)
    return cleaned, remap_pages(pages, origin, len(cleaned))
