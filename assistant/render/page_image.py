"""One PDF page as a PNG with a cited quote's lines highlighted, for the passage panel.

The page is drawn with pdfium (pypdfium2). The quote is found among the page's words
(the canonical text joins hyphenated breaks and spaces differently from the PDF's own
text, so words are matched, not characters); each line the quote covers gets a
translucent band. When the quote runs on from or onto another page, the part on this
page is marked.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

_WORD = re.compile(r"\w+")
#: Words of the quote's start and end matched against the page.
ANCHOR = 4
HIGHLIGHT = (253, 224, 71, 110)  # amber, translucent
OUTLINE = (180, 83, 9, 255)


def page_png(path: Path, page: int, quote: str, scale: float = 1.5) -> bytes:
    """Page ``page`` (1-based) of the PDF at ``path`` as PNG bytes, ``quote`` highlighted.

    Raises ``ValueError`` for a page the file does not have."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    document = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"{path.name} has no page {page}")
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, bottom, right, top in _quote_lines(pdf_page.get_textpage(), quote):
            box = (
                left * scale - 2,
                (height - top) * scale - 2,
                right * scale + 2,
                (height - bottom) * scale + 2,
            )
            draw.rectangle(box, fill=HIGHLIGHT, outline=OUTLINE, width=1)
        out = io.BytesIO()
        # 64 colours hold black text, the page's logos and the highlight: a third the size.
        marked = Image.alpha_composite(image, overlay).convert("RGB")
        marked.quantize(colors=64).save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()


def _quote_lines(textpage: object, quote: str) -> list[tuple[float, float, float, float]]:
    """Boxes (PDF points: left, bottom, right, top) of each line of the quote on the page."""
    text = textpage.get_text_range()  # type: ignore[attr-defined]
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    wanted = [w.lower() for w in _WORD.findall(quote)]
    span = _locate([w for w, _, _ in words], wanted)
    if span is None:
        return []
    first, last = span
    start, end = words[first][1], words[last][2]
    lines: list[list[float]] = []
    for index in range(start, end):
        if text[index].isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index)  # type: ignore[attr-defined]
        if right <= left:
            continue
        middle = (bottom + top) / 2  # a full stop's box is small but sits inside its line
        line = next((ln for ln in lines if ln[1] - 2 <= middle <= ln[3] + 2), None)
        if line is None:
            lines.append([left, bottom, right, top])
        else:
            line[0], line[2] = min(line[0], left), max(line[2], right)
            line[1], line[3] = min(line[1], bottom), max(line[3], top)
    return [(ln[0], ln[1], ln[2], ln[3]) for ln in lines]


def _locate(page: list[str], quote: list[str]) -> tuple[int, int] | None:
    """First and last page-word index of the quote: its opening words where they occur,
    then its closing words after them; either end alone marks to the page's edge."""
    if not quote or not page:
        return None
    head, tail = quote[:ANCHOR], quote[-ANCHOR:]
    first = _find(page, head, 0)
    if first is not None:
        after = first + len(head) - 1
        last = _find(page, tail, first)
        if last is not None and last + len(tail) - 1 - first <= len(quote) * 2:
            return first, last + len(tail) - 1
        return first, min(len(page) - 1, after + len(quote) - len(head))  # runs on overleaf
    last = _find(page, tail, 0)
    if last is not None:  # begun on the page before
        return max(0, last + len(tail) - len(quote)), last + len(tail) - 1
    return None


def _find(words: list[str], run: list[str], start: int) -> int | None:
    for index in range(start, len(words) - len(run) + 1):
        if words[index : index + len(run)] == run:
            return index
    return None
