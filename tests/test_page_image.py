"""A cited PDF page drawn for the passage panel: the page, the quote marked on it, and
the PDF kept (or found again) for exactly as long as its document is indexed."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from assistant.corpus.loaders import load_document
from assistant.corpus.originals import Originals, file_hash
from assistant.records import DocType, DocumentInfo
from assistant.render.html import passage_html
from assistant.render.page_image import HIGHLIGHT, _quote_lines, page_png
from assistant.service import Assistant
from tests.conftest import CORPUS

NATIONAL = CORPUS / "national"
BOLTON = NATIONAL / "bolton-2024-08-area-send-inspection.pdf"
OPENING = (
    "Local area leaders in Bolton demonstrate a genuine determination to meet the needs of "
    "children and young people with SEND."
)


def _marked_rows(png: bytes) -> list[int]:
    """Image rows holding the highlight's amber (blended over white paper)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    amber = tuple(round(255 + (c - 255) * HIGHLIGHT[3] / 255) for c in HIGHLIGHT[:3])
    rows = []
    for y in range(image.height):
        if any(
            all(abs(a - b) < 24 for a, b in zip(image.getpixel((x, y)), amber, strict=True))
            for x in range(0, image.width, 3)
        ):
            rows.append(y)
    return rows


def test_the_page_is_drawn_with_the_quote_marked_where_it_is() -> None:
    png = page_png(BOLTON, 2, OPENING, scale=1.0)
    image = Image.open(io.BytesIO(png))
    assert image.size == (592, 840)  # the A4 page at 72 dpi
    rows = _marked_rows(png)
    # Two lines marked, near the top of the page (the report's opening sentence).
    assert rows and 130 < rows[0] < 160 and 20 < rows[-1] - rows[0] < 40, rows[:3]
    # Another quote on the same page is marked elsewhere; a quote not there, nowhere.
    other = page_png(BOLTON, 2, "waiting lists remain too long for those children", scale=1.0)
    assert _marked_rows(other)[0] > rows[-1] + 100
    assert _marked_rows(page_png(BOLTON, 2, "Quite unrelated words here", scale=1.0)) == []
    with pytest.raises(ValueError, match="no page 99"):
        page_png(BOLTON, 99, OPENING)


def test_every_sentence_of_the_43_reports_is_found_on_its_page() -> None:
    """Sentences of the canonical text (hyphens joined, spaces normalised) are found among
    the words pdfium reads off the page they are cited to."""
    import pypdfium2 as pdfium

    total = found = 0
    for path in sorted(NATIONAL.glob("*.pdf"))[::4]:  # every fourth report: 11 of 43
        document = load_document(path)
        pdf = pdfium.PdfDocument(str(path))
        for page in document.pages:
            if page.page is None:
                continue
            textpage = pdf[page.page - 1].get_textpage()
            for sentence in re.findall(
                r"[A-Z][^.!?]{40,300}[.!?]", document.text[page.start : page.end]
            ):
                total += 1
                found += bool(_quote_lines(textpage, sentence))
        pdf.close()
    assert total > 1000 and found / total >= 0.98, (found, total)


def _info(path: Path, name: str | None = None) -> DocumentInfo:
    return DocumentInfo(
        doc_id="d",
        title="t",
        local_area="Bolton",
        doc_type=DocType.inspection_report,
        date="2024-08",
        source=name or path.name,
        chunks=1,
        pages=9,
        chars=1,
        content_hash=file_hash(path),
    )


def test_originals_keep_an_uploaded_pdf_and_find_bundled_ones(tmp_path: Path) -> None:
    uploads, kept = tmp_path / "uploads", tmp_path / "index" / "originals"
    uploads.mkdir()
    upload = uploads / "my report.pdf"
    shutil.copyfile(BOLTON, upload)
    upload.write_bytes(upload.read_bytes() + b"\n%changed\n")  # not the bundled bytes
    originals = Originals(kept, [NATIONAL])
    # A bundled PDF is found again in its folder; no copy is made of it.
    originals.keep(BOLTON, file_hash(BOLTON))
    assert not kept.exists() and originals.find(_info(BOLTON)) == BOLTON
    # An uploaded one is copied (the upload's temporary file goes away).
    originals.keep(upload, file_hash(upload))
    info = _info(upload)
    upload.unlink()
    copy = originals.find(info)
    assert copy is not None and copy.parent == kept and file_hash(copy) == info.content_hash
    # A bundled folder's file of the same name with other bytes is not taken for it.
    assert originals.find(_info(BOLTON).model_copy(update={"content_hash": "0" * 64})) is None
    # Forgetting removes the copy: nothing of a deleted document stays behind.
    originals.forget(info.content_hash)
    assert originals.find(info) is None and list(kept.iterdir()) == []
    # Text documents have no page to draw.
    assert originals.find(_info(BOLTON, name="note.txt")) is None


def test_a_pdf_citation_shows_its_page_and_a_deleted_pdf_leaves_nothing(
    real_assistant: Assistant,
) -> None:
    """The real store and model: the test PDFs were uploaded (not bundled), so copies are
    kept; a citation into one draws its page; deleting the document removes the copy."""
    answer = real_assistant.ask("What must Bedford improve?")
    citations = [c for c in answer.citations if c.doc_id.startswith("bedford") and c.page]
    assert citations, answer.answer
    citation = citations[0]
    png = real_assistant.page_image(citation)
    assert png is not None and _marked_rows(png)
    shown = passage_html(citation, real_assistant.document(citation.doc_id).text, page_png=png)
    assert f"See page {citation.page} of the PDF" in shown
    assert 'src="data:image/png;base64,' in shown and "the quoted passage marked" in shown
    kept = real_assistant.settings.paths.index_dir / "originals"
    before = {p.name for p in kept.iterdir()}
    real_assistant.delete(citation.doc_id)
    assert len(before) - len({p.name for p in kept.iterdir()}) == 1
    # A citation into a text document has no page image, and says nothing of one.
    torbay = real_assistant.ask("What share of pupils do mental health support teams cover?")
    text_citation = next(c for c in torbay.citations if c.doc_id.startswith("torbay"))
    assert real_assistant.page_image(text_citation) is None
