"""Read a PDF's text layer with pypdf, page by page, and clean it up.

Every pypdf failure becomes a ``LoadError`` that says what to do: password-protected
files, scanned (image-only) files, damaged or truncated files, files with no text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.corpus.pdf_cleanup import clean_pages
from assistant.errors import LoadError

_REEXPORT = "Open it and save or export it again as PDF, or get a fresh copy"


def read_pdf_pages(data: bytes, name: str) -> list[str]:
    """Cleaned text of each page of the PDF in ``data`` (``name`` is used in errors).

    Raises ``LoadError`` for damaged, password-protected, image-only or text-less PDFs.
    """
    return clean_pages(extract_raw_pages(data, name))


def extract_raw_pages(data: bytes, name: str) -> list[str]:
    """The text pypdf finds on each page, before any clean-up."""
    # Imported here so the rest of the package imports without pypdf's start-up cost.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if not data:
        raise LoadError(name, "the file is empty (0 bytes)", _REEXPORT)
    if b"%PDF-" not in data[:1024]:
        raise LoadError(name, "this is not a PDF (no %PDF header)", _REEXPORT)
    # pypdf quietly rebuilds some truncated files and returns part of the text; a file
    # without its end-of-file marker is treated as damaged instead of half-indexed.
    if b"%%EOF" not in data[-2048:]:
        raise LoadError(name, "the PDF is truncated or damaged (no end-of-file marker)", _REEXPORT)

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _password_error(name)
            pages = list(reader.pages)
        except LoadError:
            raise
        except (FileNotDecryptedError, DependencyError):
            # DependencyError: AES encryption needs the `cryptography` package.
            raise _password_error(name) from None
        except Exception as exc:  # pypdf raises many types for damaged files
            raise LoadError(name, f"the PDF is damaged ({_describe(exc)})", _REEXPORT) from None

        if not pages:
            raise LoadError(name, "the PDF has no pages", _REEXPORT)
        texts = []
        for number, page in enumerate(pages, start=1):
            try:
                texts.append(page.extract_text() or "")
            except (FileNotDecryptedError, DependencyError):
                raise _password_error(name) from None
            except Exception as exc:
                raise LoadError(
                    name, f"cannot read the text of page {number} ({_describe(exc)})", _REEXPORT
                ) from None

    if not any(text.strip() for text in texts):
        if any(_has_images(page) for page in pages):
            raise LoadError(
                name,
                "the PDF has no text layer (it looks scanned: pages are images)",
                "Run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and load the OCR'd file",
            )
        raise LoadError(
            name,
            "the PDF has pages but no text",
            "Check it is the right file; if the text is in images, run OCR first",
        )
    return texts


def _password_error(name: str) -> LoadError:
    return LoadError(
        name,
        "the PDF is password-protected",
        "Remove the password (open it and save an unprotected copy) and load that copy",
    )


def _describe(exc: Exception) -> str:
    # One line only: the message becomes part of a one-line LoadError.
    detail = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {detail}" if detail else exc.__class__.__name__


def _has_images(page: object) -> bool:
    """True when the page's resources hold an image XObject (a scanned page)."""
    try:
        resources = page["/Resources"].get_object()  # type: ignore[index]
        xobjects = resources.get("/XObject")
        if xobjects is None:
            return False
        xobjects = xobjects.get_object()
        return any(xobjects[key].get_object().get("/Subtype") == "/Image" for key in xobjects)
    except Exception:
        return False  # unreadable resources: report "no text" rather than guess "scanned"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's log warnings ("EOF marker not found"...) while we read one file.

    Our own LoadError says what matters; the warnings would only clutter ingest output.
    """
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
