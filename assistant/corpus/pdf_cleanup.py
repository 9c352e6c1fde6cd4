"""Turn raw per-page PDF text into clean, readable per-page text.

Pure functions over strings, so they are tested without PDFs. Three repairs:

1. **Page furniture.** Running headers and footers are lines near the top or bottom
   of a page that recur on at least half of the pages once digits are masked
   ("18 to 22 November 2024 2" and "... 2024 3" are the same line), plus page
   numbers ("3", "Page 3 of 12", "Page | 26", "- 3 -"). Only lines in the edge
   zone of a page are removed, so a repeated sentence mid-page survives.
2. **Hard line breaks.** A wrapped line is joined to the next when the next starts
   in lower case, or when the line ran to (nearly) the full text width. A short line
   not ending a sentence, followed by a capitalised line, is kept as its own line:
   that is how headings look. Bullets ("▪", "•", "◼", "-", "1.") always start a line.
3. **Hyphens at line ends.** Word-made PDFs (all Ofsted letters) break lines only at
   real hyphens ("well-\\nconsidered", "long-\\nterm"), so the hyphen is kept unless
   there is evidence of typesetter hyphenation: the joined word occurs elsewhere in the
   document, or the second part is a bare suffix ("develop-\\nment", "assess-\\nments").
   Known prefixes (co-, self-, multi-, non-, pre-, post-, re-, well-, ...) and parts
   that start with a capital or digit always keep the hyphen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: Characters that open a bullet line in Ofsted letters and Word exports.
BULLETS = "▪•◼■●◦‣○□➢➤►·–-*"
# Private-use bullet glyphs from the Symbol/Wingdings fonts.
_PRIVATE_BULLETS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc"

HYPHEN_PREFIXES = frozenset(
    {
        *("co", "self", "multi", "non", "pre", "post", "re", "anti", "inter", "intra", "sub"),
        *("well", "ex", "cross", "half", "semi", "over", "under", "mid", "long", "short"),
        *("full", "part", "joint", "high", "low"),
    }
)
# Second halves that are never words on their own: evidence the hyphen was inserted.
_SUFFIX_FRAGMENT = re.compile(
    r"^(?:ment|ments|tion|tions|sion|sions|ing|ings|ness|ity|ities|ance|ances|ence|ences|"
    r"able|ible|ably|ibly|ly|ally|al|ed|ised|ized|ising|izing|isation|ization|ation|ations|"
    r"ure|ures|ive|ives|ous|ship|ships|ful|less|ist|ists|ism|ic|ical|ical)$"
)
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d{1,4}\s*-|(?:page\s*\|?\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*\|\s*page)$",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"^[A-Z][A-Za-z ()/'’&-]{1,40}:\s")
_NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s")
_SENTENCE_END = re.compile(r"[.][’”')]?$")
_LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "\xa0": " "})
_EDGE_LINES = 4  # how many non-blank lines at each end of a page may be furniture
_FULL_WIDTH = 0.8  # a line this share of the body width or longer was wrapped by the layout


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Clean every page of one document; returns one string per page (maybe empty)."""
    pages = [_tidy_lines(text) for text in raw_pages]
    furniture = _running_lines(pages)
    pages = [_strip_furniture(lines, furniture) for lines in pages]
    vocabulary = _vocabulary(line for lines in pages for line in lines)
    width = _body_width([line for lines in pages for line in lines])
    return ["\n".join(_rejoin(lines, width, vocabulary)).strip("\n") for lines in pages]


def _tidy_lines(text: str) -> list[str]:
    """Split a page into stripped lines with single spaces; blank lines become ''."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = text.translate(_LIGATURES)
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def _furniture_key(line: str) -> str:
    # Mask digits so a header carrying the page number matches across pages.
    return re.sub(r"\d+", "#", line.lower())


def _edge_lines(lines: list[str]) -> list[str]:
    content = [line for line in lines if line]
    if len(content) <= 2 * _EDGE_LINES:
        return content
    return content[:_EDGE_LINES] + content[-_EDGE_LINES:]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines that recur in the edge zone of at least half the pages (min. 2)."""
    if len(pages) < 3:
        # With one or two pages a repeat is as likely a heading as a header.
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(line) for line in _edge_lines(lines)})
    needed = max(2, (len(pages) + 1) // 2)
    return {
        key for key, count in counts.items() if count >= needed and any(c.isalpha() for c in key)
    }


def _is_furniture(line: str, furniture: set[str]) -> bool:
    return bool(_PAGE_NUMBER.match(line)) or _furniture_key(line) in furniture


def _strip_furniture(lines: list[str], furniture: set[str]) -> list[str]:
    """Drop furniture lines from the top and bottom edge zones of one page."""
    top = 0
    seen = 0
    while top < len(lines) and seen < _EDGE_LINES:
        if lines[top]:
            if not _is_furniture(lines[top], furniture):
                break
            seen += 1
        top += 1
    bottom = len(lines)
    seen = 0
    while bottom > top and seen < _EDGE_LINES:
        line = lines[bottom - 1]
        if line:
            if not _is_furniture(line, furniture):
                break
            seen += 1
        bottom -= 1
    return lines[top:bottom]


def _vocabulary(lines: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(re.findall(r"[a-z]+(?:-[a-z]+)*", line.lower()))
    return words


def _body_width(lines: list[str]) -> int:
    """Typical length of a full body line: the 90th percentile of line lengths."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if not lengths:
        return 80
    return lengths[int(0.9 * (len(lengths) - 1))]


def is_bullet(line: str) -> bool:
    """True when ``line`` starts a list item ("◼ text", "• text", "- text", "1. text")."""
    if not line:
        return False
    if line[0] in _PRIVATE_BULLETS:
        return True
    if line[0] in BULLETS and (len(line) == 1 or line[1] == " "):
        return True
    return bool(_NUMBERED_ITEM.match(line))


def _continues(paragraph: str, last_line: str, line: str, width: int) -> bool:
    """Whether ``line`` carries on the paragraph whose last physical line is ``last_line``."""
    if is_bullet(line) or _LABEL_LINE.match(line):
        return False
    if paragraph in BULLETS or paragraph in _PRIVATE_BULLETS:
        return True  # a bullet glyph alone on its line, its text on the next
    if _ends_with_line_hyphen(paragraph):
        return True
    if paragraph.endswith(":"):
        return False
    first = line[0]
    if first.islower():
        return True
    if paragraph.endswith(("?", "!")):
        return False
    if _SENTENCE_END.search(paragraph) and not is_bullet(paragraph):
        # A sentence ending at the end of a line, the next line opening a new one: the
        # writer's paragraph break (reports set paragraphs apart by spacing, which the
        # text extraction drops). Joining them would merge two of an inspection's areas
        # for improvement; keeping the break costs nothing where it was a wrap. A list
        # item runs on to its next glyph.
        return False
    # A line that reached the right margin was wrapped, whatever its last character.
    return len(last_line) >= _FULL_WIDTH * width


def _ends_with_line_hyphen(text: str) -> bool:
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalnum()


def should_drop_hyphen(before: str, after: str, vocabulary: set[str] | None = None) -> bool:
    """Whether ``before-`` + newline + ``after`` is one hyphenated-by-layout word.

    ``before`` and ``after`` are the word parts either side of the line break.
    """
    vocabulary = vocabulary or set()
    if not (before.isalpha() and after.isalpha() and after[0].islower()):
        return False
    if before.lower() in HYPHEN_PREFIXES:
        return False
    joined = (before + after).lower()
    if f"{before}-{after}".lower() in vocabulary:
        return False
    return joined in vocabulary or bool(_SUFFIX_FRAGMENT.match(after.lower()))


def _join(paragraph: str, line: str, vocabulary: set[str]) -> str:
    if not _ends_with_line_hyphen(paragraph):
        return f"{paragraph} {line}"
    before = re.search(r"([A-Za-z]+)-$", paragraph)
    after = re.match(r"[A-Za-z]+", line)
    if before and after and should_drop_hyphen(before.group(1), after.group(0), vocabulary):
        return paragraph[:-1] + line
    return paragraph + line  # keep a real hyphen: "long-" + "term" -> "long-term"


def _rejoin(lines: list[str], width: int, vocabulary: set[str]) -> list[str]:
    """Merge wrapped lines into paragraphs; keep headings, bullets and single blank lines."""
    out: list[str] = []
    last_line = ""
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and _continues(out[-1], last_line, line, width):
            out[-1] = _join(out[-1], line, vocabulary)
        else:
            out.append(line)
        last_line = line
    return out
