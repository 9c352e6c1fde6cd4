"""Size and page limits a file must meet before it is loaded (settings: IngestSettings)."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import LoadError
from assistant.settings import IngestSettings


def check_file_bounds(path: Path, bounds: IngestSettings) -> None:
    """Refuse a file over the size limit, or a PDF over the page limit, before loading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # missing or unreadable: loading says so with its own message
    limit = bounds.max_file_mb * 1024 * 1024
    if size > limit:
        raise LoadError(
            str(path),
            f"the file is {size / 1024 / 1024:.1f} MB, over the {bounds.max_file_mb:g} MB limit",
            "Split it into smaller files, or raise the limit with WSOA_MAX_FILE_MB",
        )
    if path.suffix.lower() == ".pdf":
        check_page_bounds(path, _pdf_page_count(path), bounds)
    if path.suffix.lower() == ".docx":
        check_unpacked_bounds(path, bounds)


def check_unpacked_bounds(path: Path, bounds: IngestSettings) -> None:
    """Refuse a .docx whose XML would unpack past the limit, reading only the zip directory.

    The sizes are the ones the archive declares; Python's zip reader never returns more
    than the declared size of a member, so a lying header cannot unpack more either.
    Pictures and other media are not parsed, so only the XML parts count.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.lower().endswith((".xml", ".rels"))
            )
    except (OSError, zipfile.BadZipFile):
        return  # not a zip: loading says so with its own message
    limit = bounds.max_unpacked_mb * 1024 * 1024
    if unpacked > limit:
        raise LoadError(
            str(path),
            f"its text and layout unpack to {unpacked / 1024 / 1024:,.0f} MB of XML, over the "
            f"{bounds.max_unpacked_mb:g} MB limit (a real report is a few MB)",
            "Open it in Word and save it again, or split it; raise the limit with "
            "WSOA_MAX_UNPACKED_MB",
        )


def check_text_bounds(path: Path, text_chars: int, bounds: IngestSettings) -> None:
    """Refuse a document whose extracted text is longer than the limit."""
    if text_chars > bounds.max_text_chars:
        raise LoadError(
            str(path),
            f"its text is {text_chars:,} characters long, over the {bounds.max_text_chars:,} "
            "character limit",
            "Split it into smaller files, or raise the limit with WSOA_MAX_TEXT_CHARS",
        )


def check_page_bounds(path: Path, pages: int | None, bounds: IngestSettings) -> None:
    if pages is not None and pages > bounds.max_pages:
        raise LoadError(
            str(path),
            f"the document has {pages} pages, over the {bounds.max_pages} page limit",
            "Split it into smaller files, or raise the limit with WSOA_MAX_PAGES",
        )


def _pdf_page_count(path: Path) -> int | None:
    """Pages in a PDF's page tree (read without extracting text); None if it cannot say."""
    from pypdf import PdfReader

    from assistant.corpus.pdf import _quiet_pypdf

    with _quiet_pypdf():
        try:
            return len(PdfReader(path).pages)
        except Exception:  # damaged or encrypted: loading reports it properly
            return None
