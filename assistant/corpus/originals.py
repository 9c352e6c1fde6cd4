"""The PDF files documents were read from, kept so a citation can show its page.

A bundled document is found again in its bundled folder (by file name, checked by
content hash). An uploaded PDF is gone once ingested, so a copy is kept in the index
folder under its content hash, and removed when the document is deleted: nothing of a
deleted document stays behind. In server mode the copies live beside the process that
ingested the file, so another machine shows the passage without the page.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from assistant.records import DocumentInfo


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Originals:
    """Finds a document's PDF: a kept copy, else the bundled folders' file of that name."""

    def __init__(self, folder: Path | None, bundled: Iterable[Path]) -> None:
        self.folder = folder
        self.bundled = list(bundled)
        self._checked: dict[tuple[str, float], str] = {}  # (path, mtime) -> hash

    def _copy_of(self, content_hash: str) -> Path | None:
        return self.folder / f"{content_hash}.pdf" if self.folder else None

    def keep(self, path: Path, content_hash: str) -> None:
        """Keep a copy of an ingested PDF that is not in a bundled folder (written whole)."""
        target = self._copy_of(content_hash)
        if target is None or path.suffix.lower() != ".pdf" or target.exists():
            return
        if self._bundled_file(path.name, content_hash) is not None:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(handle)
        try:
            shutil.copyfile(path, temporary)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)

    def forget(self, content_hash: str) -> None:
        """Remove the kept copy of a deleted document, if there is one."""
        target = self._copy_of(content_hash)
        if target is not None:
            target.unlink(missing_ok=True)

    def find(self, info: DocumentInfo) -> Path | None:
        """The document's own PDF (same bytes as ingested), or None."""
        if not info.source.lower().endswith(".pdf"):
            return None
        copy = self._copy_of(info.content_hash)
        if copy is not None and copy.exists():
            return copy
        return self._bundled_file(info.source, info.content_hash)

    def _bundled_file(self, name: str, content_hash: str) -> Path | None:
        for folder in self.bundled:
            candidate = folder / Path(name).name
            if candidate.is_file() and self._hash(candidate) == content_hash:
                return candidate
        return None

    def _hash(self, path: Path) -> str:
        key = (str(path), path.stat().st_mtime)
        if key not in self._checked:
            self._checked[key] = file_hash(path)
        return self._checked[key]
