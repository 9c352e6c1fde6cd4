"""Turn a file (.txt, .md, .pdf, .docx) into a ``Document``: canonical text, pages, metadata.

Canonical text is what every citation span points into, so it is built once, here:

- .txt/.md: the file decoded as is, only ``\\r\\n``/``\\r`` -> ``\\n`` and NBSP -> space
  (no reflowing). A form feed ends a page; it is replaced by ``\\n`` in the text.
  Without form feeds, printed page numbers ("Page | 26") give pages where they can;
  a text with neither has one span of unknown page (see ``pages``).
- .docx: paragraphs and table rows in document order, one line each; a row's cells
  are joined by a tab. Pages from Word's page breaks where the file has them, else
  unknown (see ``word``).
- .pdf: pypdf text per page, cleaned (see ``pdf_cleanup``), pages joined by a blank line.

Every kind is then cleaned of invisible characters and look-alike letter forms
(``unicode_clean``), before any span is taken. Page spans tile the text: each page
runs to the start of the next, so every offset has a page. Metadata, field by field:
explicit overrides > manifest entry for the file name > inferred from the text
(``detect``) > defaults.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from assistant.corpus.detect import detect_metadata
from assistant.corpus.manifest import SUPPORTED_SUFFIXES, Manifest, MetadataOverrides
from assistant.corpus.pages import numbered_pages, text_pages
from assistant.corpus.pdf import read_pdf_pages
from assistant.corpus.unicode_clean import clean_document_text
from assistant.corpus.word import read_docx
from assistant.errors import LoadError
from assistant.records import DocType, Document, Page

PAGE_SEPARATOR = "\n\n"
DEFAULT_LOCAL_AREA = "Unknown"


def load_document(
    path: Path,
    overrides: MetadataOverrides | None = None,
    manifest: Manifest | None = None,
) -> Document:
    """Load one file as a ``Document``.

    Raises ``LoadError`` (one line: file, problem, what to do) for anything that cannot
    be read: unknown type, empty, undecodable, damaged, password-protected or scanned.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _unsupported(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(str(path), "file not found", "Check the path and file name") from None
    except IsADirectoryError:
        raise LoadError(str(path), "this is a folder, not a file", "Give a file") from None
    except OSError as exc:
        raise LoadError(
            str(path), f"cannot read the file ({exc.strerror or exc})", "Check its permissions"
        ) from None
    if not data:
        raise LoadError(str(path), "the file is empty (0 bytes)", "Check it is the right file")

    if suffix == ".pdf":
        pages = read_pdf_pages(data, str(path))
        text, spans = join_pages(pages)
    elif suffix == ".docx":
        text, spans = read_docx(data, str(path))
    else:
        text, spans = split_pages(decode_text(data, str(path)))
    text, spans = clean_document_text(text, spans)  # hidden characters out, before any span
    if not text.strip():
        raise LoadError(str(path), "the file has no text", "Check it is the right file")

    meta = _metadata(path, text, overrides, manifest)
    content_hash = hashlib.sha256(data).hexdigest()
    return Document(
        doc_id=slugify(path.stem) or f"doc-{content_hash[:8]}",
        title=meta.title or path.stem,
        local_area=meta.local_area or DEFAULT_LOCAL_AREA,
        doc_type=meta.doc_type or DocType.other,
        date=meta.date or "",
        source=path.name,
        text=text,
        pages=spans,
        content_hash=content_hash,
    )


def slugify(stem: str) -> str:
    """A document id from a file stem: lowercase ASCII letters, digits and single hyphens."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (BOM allowed), else Windows-1252 if that looks like text.

    Returns text with ``\\n`` line ends and NBSP replaced by a space; nothing else changes.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_cp1252(data, name)
    if "\x00" in text:
        raise _not_utf8(name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ")


def _decode_cp1252(data: bytes, name: str) -> str:
    # Old Word "Save as text" files are often Windows-1252. Accept them only when every
    # byte decodes and the result is ordinary text, so binary files are not "text".
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_utf8(name) from None
    allowed_controls = {"\t", "\n", "\r", "\f"}
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in allowed_controls)
    letters = sum(1 for c in text if c.isalpha() or c.isspace())
    if controls or letters < 0.5 * len(text):
        raise _not_utf8(name)
    return text


def _not_utf8(name: str) -> LoadError:
    return LoadError(
        name,
        "not UTF-8 text (it may be binary or another encoding)",
        "Open it in a text editor and save it as UTF-8",
    )


def _unsupported(path: Path) -> LoadError:
    shown = path.suffix or "no extension"
    hint = ""
    if path.suffix.lower() in {".doc", ".rtf", ".odt"}:
        hint = " (save it as .docx first)"
    return LoadError(
        str(path),
        f"unsupported file type ({shown})",
        f"Supported: {' '.join(SUPPORTED_SUFFIXES)}{hint}",
    )


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a .docx in document order, one line each (see ``word``)."""
    return read_docx(data, name)[0]


def split_pages(text: str) -> tuple[str, list[Page]]:
    """Text and pages of a text file: form feeds, else printed page numbers, else unknown.

    Each form feed becomes ``\n`` (same offsets). See ``pages.text_pages``.
    """
    return text_pages(text)


def join_pages(pages: list[str]) -> tuple[str, list[Page]]:
    """Join page texts with a blank line; a page's span includes the separator after it."""
    parts = [
        page_text + (PAGE_SEPARATOR if number < len(pages) else "")
        for number, page_text in enumerate(pages, start=1)
    ]
    return "".join(parts), numbered_pages([len(part) for part in parts])


def _metadata(
    path: Path,
    text: str,
    overrides: MetadataOverrides | None,
    manifest: Manifest | None,
) -> MetadataOverrides:
    """Title, local area, type and date, each from the first source that has it."""
    entry = manifest.entry_for(path.name) if manifest else None
    detected = detect_metadata(text)
    fallback = MetadataOverrides(
        title=detected.title or path.stem,
        local_area=detected.local_area or DEFAULT_LOCAL_AREA,
        doc_type=detected.doc_type or DocType.other,
        date=detected.date or None,
    )
    # Later layers only fill what earlier ones left unset (None).
    resolved: dict[str, object] = {}
    for layer in (overrides, entry, fallback):
        if layer is None:
            continue
        for field in MetadataOverrides.model_fields:
            if resolved.get(field) is None:
                resolved[field] = getattr(layer, field)
    return MetadataOverrides.model_validate(resolved)
