"""The Shropshire note as an adviser opens it in Word: converted by LibreOffice, then measured.

Real corpus, real embedding model. The page count is read from the PDF LibreOffice
makes of the .docx (A4, normal margins), so it is what a printed note would be.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.render.note import SOURCES, note_docx, note_markdown
from assistant.service import Assistant
from tests.citation_check import assert_citations_exact

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MAX_PAGES = 9  # "about 8 pages": it measured 8 when this test was written
INTERNAL = ("could not be checked", "further passage", "⚠")


def pdf_of(docx: bytes, folder: Path) -> Path:
    source = folder / "note.docx"
    source.write_bytes(docx)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "note.pdf"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (`make browser`)")
def test_shropshire_note_fits_about_eight_pages_in_word(
    shared_real_assistant: Assistant, tmp_path: Path
) -> None:
    from docx import Document
    from pypdf import PdfReader

    note = shared_real_assistant.note("Shropshire")
    assert len(note.drafts) == 6
    assert_citations_exact(shared_real_assistant, note)
    data = note_docx(note)
    pages = len(PdfReader(pdf_of(data, tmp_path)).pages)
    assert pages <= MAX_PAGES, f"the Shropshire note runs to {pages} pages"

    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    sources = paragraphs[paragraphs.index(SOURCES) + 1 :]
    assert len(sources) > 20
    for line in sources:
        assert re.match(r"\[\d+\] .+, (?:pp?\. [^:]+|page unknown): “", line), line
    # The 2020 WSoA has page markers: its sources name real pages, not "page unknown".
    assert any("Written Statement of Action" in s and ", p. " in s for s in sources)
    text = "\n".join(paragraphs) + note_markdown(note)
    for phrase in INTERNAL:
        assert phrase not in text
