"""Evidence-unit vectors kept as numpy files beside the local index: a cache, nothing more.

Questions re-score evidence units (sentences, rows, bullets) by meaning; embedding
them at question time is slow, so ingest embeds them once and writes each document's
vectors here: ``<slug>.vectors.npy`` (float32 rows) and ``<slug>.keys.npy`` (the
SHA-1 of each unit's text). Keys, not texts, so an entry can never be stale: the same
text always has the same vector under one embedder, and each embedder identity has
its own folder.

Reading is lazy and cheap at any size: the first lookup reads every document's keys
(20 bytes a unit) and memory-maps the vectors, so only the rows a question touches are
read from disk. In server mode each client keeps its own cache; a miss only costs
an embedding.

A damaged file must not change an answer: each document's pair of files is written
with ``<slug>.sum`` (a BLAKE2b digest of both), and a document's vectors are checked
against it the first time a question reads them. A mismatch is a miss (the units are
embedded afresh) and the damaged files are deleted; ``wsoa repair`` checks every
document and rebuilds what it finds damaged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from contextlib import suppress
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_KEYS = ".keys.npy"
_VECTORS = ".vectors.npy"
_SUM = ".sum"
_DAMAGED = ".damaged"  # left where damaged files were deleted, so repair rebuilds them


def text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def _slug(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:20]


class UnitVectorCache:
    """Per-document unit vectors under ``root/<embedder identity>``."""

    def __init__(self, root: Path, identity: str) -> None:
        self.folder = root / _slug(identity)
        self._lock = threading.Lock()
        self._index: dict[bytes, tuple[str, int]] | None = None  # key -> (slug, row)
        self._vectors: dict[str, Any] = {}  # slug -> (memory-mapped) matrix
        self._checked: set[str] = set()  # slugs whose files matched their digest
        self._damaged: set[str] = set()  # slugs found damaged by this process

    def _load_index(self) -> dict[bytes, tuple[str, int]]:
        import numpy as np

        if self._index is None:
            self._index = {}
            for keys_file in sorted(self.folder.glob(f"*{_KEYS}")):
                slug = keys_file.name[: -len(_KEYS)]
                try:
                    keys = np.load(keys_file)
                    vectors = np.load(self.folder / f"{slug}{_VECTORS}", mmap_mode="r")
                except (OSError, ValueError):  # half-written or damaged: just a miss
                    continue
                if len(keys) != len(vectors):
                    continue
                self._vectors[slug] = vectors
                for row, key in enumerate(keys):
                    self._index[bytes(key)] = (slug, row)
        return self._index

    def lookup(self, texts: Sequence[str]) -> dict[str, Any]:
        """Vectors (float32 arrays) of those ``texts`` that are cached (and intact)."""
        found: dict[str, Any] = {}
        with self._lock:
            index = self._load_index()
            for text in texts:
                where = index.get(text_key(text))
                if where is not None and self._intact(where[0]):
                    found[text] = self._vectors[where[0]][where[1]]
        return found

    def _digest_of(self, slug: str) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for suffix in (_VECTORS, _KEYS):
            digest.update((self.folder / f"{slug}{suffix}").read_bytes())
        return digest.hexdigest()

    def _intact(self, slug: str) -> bool:
        """Whether a document's files match their digest (checked once); else drop them."""
        if slug in self._checked:
            return True
        if slug in self._damaged:
            return False
        try:
            ok = (self.folder / f"{slug}{_SUM}").read_text().strip() == self._digest_of(slug)
        except OSError:
            ok = False
        if ok:
            self._checked.add(slug)
            return True
        logger.warning("unit vectors %s failed their check: embedding those units afresh", slug)
        self._forget(slug)
        return False

    def _forget(self, slug: str) -> None:
        with suppress(OSError):
            (self.folder / f"{slug}{_DAMAGED}").touch()
        self._damaged.add(slug)
        for suffix in (_SUM, _KEYS, _VECTORS):
            (self.folder / f"{slug}{suffix}").unlink(missing_ok=True)
        self._index = None if self._index is None else {
            k: v for k, v in self._index.items() if v[0] != slug
        }
        self._vectors.pop(slug, None)
        self._checked.discard(slug)

    def verify(self, doc_ids: Sequence[str]) -> list[str]:
        """Check every document's files; the ids of those damaged (their files deleted)."""
        damaged = []
        with self._lock:
            for doc_id in doc_ids:
                slug = _slug(doc_id)
                marked = (self.folder / f"{slug}{_DAMAGED}").exists()
                exists = any((self.folder / f"{slug}{x}").exists() for x in (_KEYS, _VECTORS))
                self._checked.discard(slug)
                self._damaged.discard(slug)
                if marked or (exists and not self._intact(slug)):
                    damaged.append(doc_id)
        return sorted(damaged)

    def save(self, doc_id: str, texts: Sequence[str], vectors: Sequence[Any]) -> None:
        """Write a document's unit vectors (replacing its previous ones)."""
        import numpy as np

        unique = dict(zip(texts, vectors, strict=True))
        keys = np.array([text_key(t) for t in unique], dtype="S20")
        matrix = np.asarray(list(unique.values()), dtype=np.float32)
        slug = _slug(doc_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            # Vectors first, keys, then the digest: files without a matching digest are
            # never trusted (a crash between the steps leaves a miss, not a wrong vector).
            (self.folder / f"{slug}{_SUM}").unlink(missing_ok=True)
            for suffix, array in ((_VECTORS, matrix), (_KEYS, keys)):
                partial = self.folder / f"{slug}{suffix}.{os.getpid()}.partial"
                with partial.open("wb") as handle:
                    np.save(handle, array)
                os.replace(partial, self.folder / f"{slug}{suffix}")
            partial = self.folder / f"{slug}{_SUM}.{os.getpid()}.partial"
            partial.write_text(self._digest_of(slug))
            os.replace(partial, self.folder / f"{slug}{_SUM}")
            (self.folder / f"{slug}{_DAMAGED}").unlink(missing_ok=True)
            self._checked.add(slug)
            self._damaged.discard(slug)
            if self._index is not None:
                if slug in self._vectors:  # rows of the document's previous file are gone
                    self._index = {k: v for k, v in self._index.items() if v[0] != slug}
                self._vectors[slug] = matrix
                for row, key in enumerate(keys):
                    self._index[bytes(key)] = (slug, row)

    def delete(self, doc_id: str) -> None:
        slug = _slug(doc_id)
        with self._lock:
            for suffix in (_SUM, _KEYS, _VECTORS):
                (self.folder / f"{slug}{suffix}").unlink(missing_ok=True)
            self._index = None  # rebuilt on next lookup
            self._vectors = {}
            self._checked = set()
