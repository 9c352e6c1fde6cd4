"""Read a Word .docx: paragraphs and table rows in document order, and its page breaks.

Word stores no pages, only breaks: ``w:lastRenderedPageBreak`` where Word last laid the
page out, and ``w:br w:type="page"`` where the author forced one. When the file has
rendered breaks they are used (a forced break also gets a rendered one, so counting both
would count it twice); else forced breaks; else the pages are unknown. A break is placed
at the start of its line when no text precedes it there, else at the start of the next
line, so a paragraph that runs over a page is cited at the page it starts on.
"""

from __future__ import annotations

import io
from typing import Any

from assistant.corpus.pages import numbered_pages, unknown_pages
from assistant.errors import LoadError
from assistant.records import Page

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = {f"{_W}t", f"{_W}tab", f"{_W}sym"}


def read_docx(data: bytes, name: str) -> tuple[str, list[Page]]:
    """Canonical text and pages of a .docx; ``LoadError`` when it is not a readable one.

    One line per paragraph or table row; a row's cells are joined by a tab, line breaks
    inside a cell become spaces so one row stays one line, merged cells are given once.
    """
    import docx  # imported here: python-docx pulls in lxml, which only this needs
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        rendered = bool(body.findall(f".//{_W}lastRenderedPageBreak"))
        lines: list[str] = []
        breaks: list[tuple[int, int]] = []  # (line index the new page starts at, how many)
        for block in document.iter_inner_content():
            rows = _table_rows(block) if isinstance(block, Table) else [(block.text, block._p)]
            for text, element in rows:
                before, after = _breaks_in(element, rendered)
                if before:
                    breaks.append((len(lines), before))
                lines.append(_normalise(text))
                if after:
                    breaks.append((len(lines), after))
    except Exception as exc:  # python-docx raises zip, XML and key errors for bad files
        import zipfile

        problem = (
            "not a Word .docx file (a .docx is a zip archive and this is not one)"
            if isinstance(exc, zipfile.BadZipFile)
            else f"not a readable Word .docx file ({exc.__class__.__name__})"
        )
        raise LoadError(
            name, problem, "Open it in Word and save it again as .docx (Word Document)"
        ) from None
    text = "\n".join(lines)
    return text, _pages(lines, breaks, len(text))


def _normalise(line: str) -> str:
    return line.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def _table_rows(table: Any) -> list[tuple[str, Any]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(("\t".join(cells), row._tr))
    return rows


def _breaks_in(element: Any, rendered: bool) -> tuple[int, int]:
    """Page breaks in a paragraph or row: (before any of its text, after some of it)."""
    before = after = 0
    seen_text = False
    for node in element.iter():
        tag = node.tag
        if tag in _TEXT_TAGS and (tag != f"{_W}t" or node.text):
            seen_text = True
        is_break = (
            tag == f"{_W}lastRenderedPageBreak"
            if rendered
            else tag == f"{_W}br" and node.get(f"{_W}type") == "page"
        )
        if is_break:
            if seen_text:
                after += 1
            else:
                before += 1
    return before, after


def _pages(lines: list[str], breaks: list[tuple[int, int]], length: int) -> list[Page]:
    if not breaks:
        return unknown_pages(length)
    starts = [0]
    for index in range(1, len(lines)):
        starts.append(starts[-1] + len(lines[index - 1]) + 1)
    counts: dict[int, int] = {}
    for line, count in breaks:
        counts[line] = counts.get(line, 0) + count
    lengths: list[int] = []
    page_start = 0
    for line in sorted(counts):
        if line >= len(lines):
            continue  # a break after all the text opens no page anything is cited on
        offset = starts[line]
        lengths.append(offset - page_start)
        lengths.extend([0] * (counts[line] - 1))
        page_start = offset
    lengths.append(length - page_start)
    # A page holding no line (two breaks in a row) keeps its number but no span.
    return [page for page in numbered_pages(lengths) if page.end > page.start] or unknown_pages(
        length
    )
