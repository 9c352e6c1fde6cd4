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
