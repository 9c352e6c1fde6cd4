"""Passages in a language other than the document's: text the assistant cannot read.

The documents are English local-area SEND papers, and the assistant reads, checks and
cites English. An order to a reader planted in Welsh, Polish or Urdu defeats every
English rule (the classifier knows a few languages' words, not all), and what such a
passage tells a reader cannot be checked. So a passage of a few words or more in
another language is flagged whatever it says, like an order: the Library names the
language, and its document's passages never support a claim alone. The cost is
honest and visible: a real document's translation notice or a parent quoted in
Urdu flags its document too (the look-alike set measures how often).

Three tests, on each sentence or line of the text and of its folded views (so letter
spacing, fullwidth letters and line-end hyphens are undone first):

* script: most of the letters are not Latin (Cyrillic, Arabic, Bengali, Chinese ...),
  at least :data:`MIN_SCRIPT_LETTERS` of them;
* language: Compact Language Detector 2 (``pycld2``, its tables ship in the wheel)
  reliably reads at least :data:`MIN_WORDS` words as one language other than English,
  for at least :data:`MIN_PERCENT` percent of the text. Shorter lines are names and
  addresses ("Talbot Road, Blackpool FY1 3AH" reads as Welsh);
* not English (the text as written, not its lower-cased views, so names stay names):
  :data:`MIN_WORDS` lower-case words or more, hardly any English function word among
  them and three in five of them not words of the real documents. This reads what
  the detector cannot name: Urdu or Hindi in Latin letters, Arabic in "Arabizi",
  pinyin, reversed English.

Measured with the injection check (``evals.injection``): no passage of the 50 real
documents is marked.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import pycld2

from assistant.domain.injection_model import EXAMPLES
from assistant.domain.injection_text import View, units

DOCUMENT_LANGUAGE = "en"
MIN_WORDS = 6
MIN_PERCENT = 60
MIN_SCRIPT_LETTERS = 8
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_WORD = re.compile(r"[a-z]+")
#: Words nearly every English sentence of six words holds one of.
_FUNCTION = (
    "the a an and or of to in on at for by with from as is are was were be been being has "
    "have had will would should must can could may might not no this that these those it "
    "its their they we our you your he she his her which who what when where how all any "
    "each every than then there here if but so such also into about over under after "
    "before during between"
)
FUNCTION_WORDS = frozenset(_FUNCTION.split())
UNREAD_LANGUAGE = "an unidentified language"


@functools.cache
def english_words() -> frozenset[str]:
    """Lower-case words of the tuning half of the real documents (``negatives.txt``).

    Not the embedding model's vocabulary: it holds "mein", "hai" and "ke", so Urdu in
    Latin letters would read as English.
    """
    text = (EXAMPLES / "negatives.txt").read_text("utf-8")
    return frozenset(_ASCII_WORD.findall(text.lower()))


def _not_english(words: str) -> bool:
    lower = [w for w in _WORD.findall(words) if w.islower()]
    if len(lower) < MIN_WORDS:
        return False
    known = english_words()
    function = sum(w in FUNCTION_WORDS for w in lower)
    unknown = sum(w not in known for w in lower)
    return 10 * function <= len(lower) and 5 * unknown >= 3 * len(lower)


def _script_letters(text: str) -> tuple[int, int]:
    """(letters not Latin, all letters) of ``text``."""
    letters = _LETTER.findall(text)
    other = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    return other, len(letters)


def language_of(text: str, cased: bool = True) -> str:
    """The language ``text`` is read as ("Welsh", "another script", :data:`UNREAD_LANGUAGE`;
    "" when English or unsure). ``cased=False`` for a lower-cased view (no word test)."""
    words = " ".join(unicodedata.normalize("NFKC", text).split())
    other, letters = _script_letters(words)
    script = other >= MIN_SCRIPT_LETTERS and 2 * other >= letters
    if not script and len(_WORD.findall(words)) < MIN_WORDS:
        return ""
    try:
        reliable, _, found = pycld2.detect(words)
    except pycld2.error:  # bytes it cannot take: judged by script alone
        reliable, found = False, ()
    name, code, percent = (found[0][0], found[0][1], found[0][2]) if found else ("", "un", 0)
    if reliable and code not in (DOCUMENT_LANGUAGE, "un") and percent >= MIN_PERCENT:
        # CLD2 names: "WELSH", "SCOTS_GAELIC", "ChineseT" (traditional characters).
        return (
            name.removesuffix("T" if name.endswith("eseT") else "").replace("_", " ").capitalize()
        )
    if script:
        return "another script"
    return UNREAD_LANGUAGE if cased and _not_english(words) else ""


def foreign_spans(text: str, views: Iterable[View]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose sentence, in the text or any of its views, is in another language."""
    found = [(start, end) for start, end in units(text) if language_of(text[start:end])]
    for view in views:
        found.extend(
            view.span(start, end)
            for start, end in units(view.text)
            if language_of(view.text[start:end], cased=False)
        )
    return sorted(set(found))
