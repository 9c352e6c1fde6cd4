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
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_KEYS = ".keys.npy"
_VECTORS = ".vectors.npy"


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
        """Vectors (float32 arrays) of those ``texts`` that are cached."""
        found: dict[str, Any] = {}
        with self._lock:
            index = self._load_index()
            for text in texts:
                where = index.get(text_key(text))
                if where is not None:
                    found[text] = self._vectors[where[0]][where[1]]
        return found

    def save(self, doc_id: str, texts: Sequence[str], vectors: Sequence[Any]) -> None:
        """Write a document's unit vectors (replacing its previous ones)."""
        import numpy as np

        unique = dict(zip(texts, vectors, strict=True))
        keys = np.array([text_key(t) for t in unique], dtype="S20")
        matrix = np.asarray(list(unique.values()), dtype=np.float32)
        slug = _slug(doc_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            # Vectors first, keys last: keys without matching vectors are never read.
            for suffix, array in ((_VECTORS, matrix), (_KEYS, keys)):
                partial = self.folder / f"{slug}{suffix}.{os.getpid()}.partial"
                with partial.open("wb") as handle:
                    np.save(handle, array)
                os.replace(partial, self.folder / f"{slug}{suffix}")
            if self._index is not None:
                if slug in self._vectors:  # rows of the document's previous file are gone
                    self._index = {k: v for k, v in self._index.items() if v[0] != slug}
                self._vectors[slug] = matrix
                for row, key in enumerate(keys):
                    self._index[bytes(key)] = (slug, row)

    def delete(self, doc_id: str) -> None:
        slug = _slug(doc_id)
        with self._lock:
            for suffix in (_KEYS, _VECTORS):
                (self.folder / f"{slug}{suffix}").unlink(missing_ok=True)
            self._index = None  # rebuilt on next lookup
            self._vectors = {}
