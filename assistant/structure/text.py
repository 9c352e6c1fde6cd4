"""Line-level helpers shared by the structure parser and the chunker.

Everything works on offsets into the canonical text so that spans stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.lexicon import BULLET_RE

SENTENCE_END = (".", "!", "?", ":", ";")
# A line of table ruling such as "--------------\t---".
RULE_LINE_RE = re.compile(r"^[\s\-–—_=|]+$")


@dataclass(frozen=True)
class Line:
    """One line of the canonical text (without its newline)."""

    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def cells(self) -> list[str]:
        """Non-empty tab-separated cells, stripped."""
        return [cell.strip() for cell in self.text.split("\t") if cell.strip()]

    @property
    def is_row(self) -> bool:
        """A table row: at least two non-empty tab-separated cells."""
        return "\t" in self.text and len(self.cells) >= 2

    @property
    def content_start(self) -> int:
        """Offset of the first non-blank character (``end`` for a blank line)."""
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def content_end(self) -> int:
        """Offset just past the last non-blank character."""
        return self.start + len(self.text.rstrip())


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines that remember their offsets."""
    lines: list[Line] = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(Line(index=index, start=offset, end=offset + len(raw), text=raw))
        offset += len(raw) + 1
    return lines


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (tabs, newlines) into single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_bullet(line: Line) -> bool:
    """Whether the line opens a list item."""
    return bool(BULLET_RE.match(line.text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` (ignoring trailing space) ends with sentence punctuation."""
    stripped = text.rstrip().rstrip("*\"'’”)")
    return stripped.endswith(SENTENCE_END)
