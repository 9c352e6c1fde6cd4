"""Writers for files that cannot be loaded, for any test that needs one.

Each ``write_*`` function takes a directory, writes one file there and returns its path.
``BAD_FILES`` lists them with the words the ``LoadError`` message should contain, so
tests can be table-driven::

    @pytest.mark.parametrize("bad", BAD_FILES, ids=lambda bad: bad.name)
    def test_x(tmp_path, bad):
        path = bad.write(tmp_path)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
REAL_PDF = DATA_DIR / "bedford.pdf"


def write_empty_file(directory: Path, name: str = "empty.pdf") -> Path:
    """A 0-byte file (named .pdf by default)."""
    path = directory / name
    path.write_bytes(b"")
    return path


def write_garbage_pdf(directory: Path) -> Path:
    """Random-looking bytes with a .pdf name: not a PDF at all."""
    path = directory / "garbage.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def write_damaged_pdf(directory: Path) -> Path:
    """A PDF header followed by nonsense: looks like a PDF, cannot be parsed."""
    path = directory / "damaged.pdf"
    path.write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer <<>>\n%%EOF"
    )
    return path


def write_truncated_pdf(directory: Path, source: Path = REAL_PDF) -> Path:
    """The first 60% of a real PDF, as after an interrupted download."""
    data = source.read_bytes()
    path = directory / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * 0.6)])
    return path


def write_encrypted_pdf(directory: Path, password: str = "secret") -> Path:
    """A PDF with one text page that needs a user password to open (RC4, no extra deps)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=REAL_PDF)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    path = directory / "password-protected.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_empty_password_pdf(directory: Path) -> Path:
    """An encrypted PDF whose user password is empty: readers open it without asking."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=REAL_PDF)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = directory / "empty-password.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_blank_pdf(directory: Path, pages: int = 2) -> Path:
    """A valid PDF whose pages carry no text and no images."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    path = directory / "blank.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_image_only_pdf(directory: Path) -> Path:
    """A 'scanned' PDF: one page that is a picture, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).text((50, 50), "Note of WSoA Review Meeting", fill="black")
    path = directory / "scanned.pdf"
    image.save(path, "PDF")
    return path


def write_unknown_extension(directory: Path) -> Path:
    """A spreadsheet-named file: not a type we read."""
    path = directory / "scorecard.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    return path


def write_undecodable_text(directory: Path) -> Path:
    """A .txt that is neither UTF-8 nor plausible Windows-1252 (binary bytes)."""
    path = directory / "binary.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x81\x8d\xff\xfe" * 4)
    return path


def write_text_docx(directory: Path) -> Path:
    """A .docx that is really plain text, not a zip."""
    path = directory / "not-a-zip.docx"
    path.write_text("This was saved with the wrong extension.\n", encoding="utf-8")
    return path


def write_zip_not_docx(directory: Path) -> Path:
    """A .docx that is a zip but holds no Word document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path = directory / "zip-not-word.docx"
    path.write_bytes(buffer.getvalue())
    return path


@dataclass(frozen=True)
class BadFile:
    """One kind of unloadable file and what its error message must mention."""

    name: str
    write: Callable[[Path], Path]
    expect: str  # lower-case words the one-line message must contain


BAD_FILES: list[BadFile] = [
    BadFile("empty-file", write_empty_file, "empty"),
    BadFile("empty-txt", lambda d: write_empty_file(d, "empty.txt"), "empty"),
    BadFile("garbage-pdf", write_garbage_pdf, "not a pdf"),
    BadFile("damaged-pdf", write_damaged_pdf, "damaged"),
    BadFile("truncated-pdf", write_truncated_pdf, "truncated"),
    BadFile("encrypted-pdf", write_encrypted_pdf, "remove the password"),
    BadFile("blank-pdf", write_blank_pdf, "no text"),
    BadFile("image-only-pdf", write_image_only_pdf, "run ocr"),
    BadFile("unknown-extension", write_unknown_extension, "supported: .pdf .docx .txt .md"),
    BadFile("undecodable-text", write_undecodable_text, "save it as utf-8"),
    BadFile("docx-not-zip", write_text_docx, "save it again as .docx"),
    BadFile("zip-not-docx", write_zip_not_docx, "save it again as .docx"),
]


def write_all_bad_files(directory: Path) -> list[Path]:
    """Write one file of every kind in ``BAD_FILES`` into ``directory`` (names are distinct)."""
    return [bad.write(directory) for bad in BAD_FILES]
