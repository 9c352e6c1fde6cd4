"""The lexical (BM25) index: persisted on disk, updated one document at a time.

Each document's chunks become a :class:`~assistant.index.bm25.Segment` (term
counts plus the columns filters need), saved as one file under
``<index_dir>/lexical/<store key>/``; the maths is in :mod:`assistant.index.bm25`.

Freshness, without ever re-reading every chunk:

* writes made through this process's :class:`ChunkStore` reach :meth:`on_write`
  (a store listener), which rebuilds that one document's segment from the chunks
  just written;
* before a search, the store's commit token (rewritten by every commit or delete
  in any process) is compared with the one last seen. When it differs, the
  document records (metadata only) are compared with the segments' fingerprints
  and only documents that differ are read again, from the segment file another
  process sharing the folder may have written, else from Chroma;
* a new process reuses the saved segments whose document record is unchanged, so
  start-up reads no chunk text, even from a server.

Hits are fetched from Chroma by id, so only the top results become
:class:`Chunk` objects.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.index.store import ChunkStore, chunk_from_record, date_number
from assistant.index.store_io import paged_get, versioned_id
from assistant.records import Chunk, SearchFilters

if TYPE_CHECKING:  # numpy and scipy load on first search, not with every CLI command
    from assistant.index.bm25 import Bm25Matrix, Segment, Vocabulary

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be been but by do does for from has have how in into is it its
    of on or our so that the their there these they this to was we were what when where
    which who will with within would about any all can than then them those our us""".split()  # noqa: SIM905
)
_FETCH_CHUNKS = 2000  # chunks read from Chroma per request when refreshing documents


def _stem(token: str) -> str:
    # A tiny suffix stripper: enough to match "plans"/"plan", "waiting"/"waits".
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(token) > len(suffix) + 3 and token.endswith(suffix) and not token.endswith("ss"):
            return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return token


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, stopwords removed, lightly stemmed; keeps refs like 5.1.2."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


def indexed_text(local_area: str, priority_title: str, text: str) -> str:
    # The priority title is indexed with the chunk so "priority 4 speech and language"
    # finds rows that never repeat their priority's words.
    return f"{local_area} {priority_title}\n{text}"


def record_fingerprint(record: dict[str, Any] | None) -> str:
    """A hash of a document record: it changes whenever the document is rewritten."""
    if record is None:
        return ""
    return hashlib.sha1(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def lexical_folder(store: ChunkStore) -> Path:
    """Where a store's segments live: inside a local store's folder, or a per-server cache."""
    settings = store.settings
    base = settings.paths.index_dir / "lexical"
    url = settings.store.chroma_url
    if not url:
        return base / settings.store.collection
    key = hashlib.sha1(f"{url.rstrip('/')}|{settings.store.collection}".encode()).hexdigest()
    return base / f"server-{key[:16]}"


class LexicalIndex:
    """BM25 over a store's chunks, kept in step with the store's writes."""

    def __init__(self, store: ChunkStore, folder: Path | None = None) -> None:
        self.store = store
        self.folder = folder or lexical_folder(store)
        self._lock = threading.RLock()
        self._segments: dict[str, Segment] | None = None  # None: not loaded yet
        self._matrix: Bm25Matrix | None = None
        self._vocabulary: Vocabulary | None = None
        self._token: str | None = None  # commit token the segments are known to match
        self.chunks_read = 0  # chunk records read from the store to build segments
        store.listeners.append(self.on_write)

    # -- files ----------------------------------------------------------------------

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{hashlib.sha1(doc_id.encode()).hexdigest()[:24]}.seg"

    def _load_saved(self) -> dict[str, Segment]:
        from assistant.index.bm25 import Segment

        found: dict[str, Segment] = {}
        for path in sorted(self.folder.glob("*.seg")):
            segment = Segment.load(path)
            if segment is not None and path == self._path(segment.doc_id):
                found[segment.doc_id] = segment
        return found

    def _keep(self, segment: Segment, *, save: bool = True) -> None:
        try:
            if save:
                segment.save(self._path(segment.doc_id))
        except OSError:  # the on-disk copy only saves time in the next process
            logger.warning("could not save the lexical segment of %s", segment.doc_id)
        if self._segments is not None:
            self._segments[segment.doc_id] = segment
            self._matrix = None

    def _drop(self, doc_id: str) -> None:
        self._path(doc_id).unlink(missing_ok=True)
        if self._segments is not None and self._segments.pop(doc_id, None) is not None:
            self._matrix = None

    # -- keeping up with the store ----------------------------------------------------

    def on_write(self, doc_id: str, chunks: list[Chunk] | None) -> None:
        """Store listener: ``doc_id`` was committed with ``chunks`` (None = deleted)."""
        with self._lock:
            self._token = None  # another process may have written too: check on next search
            if chunks is None:
                self._drop(doc_id)
                return
            record = self.store.document_record(doc_id)
            self._keep(_segment_from_chunks(doc_id, record_fingerprint(record), record, chunks))

    def refresh(self) -> None:
        """Bring the segments in line with the store, reading only what changed."""
        token = self.store.commit_token()
        with self._lock:
            if self._segments is not None and token == self._token:
                return
            if self._segments is None:
                self._segments = self._load_saved()
                self._matrix = None
            records = {str(r["doc_id"]): r for r in self.store.list_documents()}
            for doc_id in [d for d in self._segments if d not in records]:
                self._drop(doc_id)
            stale = {
                doc_id: record
                for doc_id, record in records.items()
                if doc_id not in self._segments or not _matches(self._segments[doc_id], record)
            }
            complete = self._reload(stale)
            self._token = token if complete else None

    def _reload(self, stale: dict[str, dict[str, Any]]) -> bool:
        """Rebuild the segments of ``stale`` documents; False if one looked mid-write."""
        from assistant.index.bm25 import Segment

        to_fetch: dict[str, dict[str, Any]] = {}
        for doc_id, record in stale.items():
            saved = Segment.load(self._path(doc_id))  # another process may have saved it
            if saved is not None and _matches(saved, record):
                self._keep(saved, save=False)
            else:
                to_fetch[doc_id] = record
        complete = True
        for batch in _batches(to_fetch, _FETCH_CHUNKS):
            got = paged_get(
                self.store.chunks,
                where={"doc_id": {"$in": batch}} if len(batch) > 1 else {"doc_id": batch[0]},
                include=["documents", "metadatas"],
            )
            self.chunks_read += len(got["ids"])
            grouped: dict[str, list[tuple[str, str, dict[str, Any]]]] = {d: [] for d in batch}
            for chunk_id, text, meta in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            ):
                doc_id = str(meta["doc_id"])
                # Only the version the record commits: a write in progress or killed is unseen.
                if str(meta.get("version", "")) == str(to_fetch[doc_id].get("version", "")):
                    grouped[doc_id].append((chunk_id, text, meta))
            for doc_id in batch:
                record = to_fetch[doc_id]
                found = sorted(grouped[doc_id], key=lambda item: int(item[2]["start"]))
                if len(found) != int(record.get("chunks", len(found))):
                    complete = False  # written meanwhile: read it again on the next search
                    continue
                self._keep(_segment_from_records(doc_id, record_fingerprint(record), record, found))
        return complete

    def verify(self) -> list[str]:
        """Check every saved segment against the store; rebuild the damaged; their doc ids.

        A segment is damaged when its file fails its digest, or its ids are not the
        committed version's chunks. Damaged files are deleted and rebuilt from the store.
        """
        from assistant.index.bm25 import Segment

        records = {str(r["doc_id"]): r for r in self.store.list_documents()}
        damaged = []
        with self._lock:
            for doc_id, record in records.items():
                path = self._path(doc_id)
                if not path.exists():
                    continue
                saved = Segment.load(path)
                if saved is None or saved.doc_id != doc_id or not _matches(saved, record):
                    damaged.append(doc_id)
                    self._drop(doc_id)
            self._token = None
        if damaged:
            self.refresh()
        return sorted(damaged)

    def matrix(self) -> Bm25Matrix:
        """The scoring matrix over every segment, refreshed first."""
        from assistant.index.bm25 import Bm25Matrix, Vocabulary

        self.refresh()
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = Vocabulary()
            if self._matrix is None:
                self._matrix = Bm25Matrix(list((self._segments or {}).values()), self._vocabulary)
            return self._matrix

    # -- search -----------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters, limit: int) -> list[tuple[Chunk, float]]:
        """Top ``limit`` chunks by BM25 score among those ``filters`` accept (score > 0)."""
        hits = self.matrix().top(tokenize(query), filters, limit)
        if not hits:
            return []
        got = self.store.chunks.get(ids=[i for i, _ in hits], include=["documents", "metadatas"])
        chunks = {
            i: chunk_from_record(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        # A hit deleted since the last refresh is skipped, not an error.
        return [(chunks[i], score) for i, score in hits if i in chunks]


def _matches(segment: Segment, record: dict[str, Any]) -> bool:
    """Whether a segment was built from this record, and lists its committed chunks' ids."""
    if segment.fingerprint != record_fingerprint(record):
        return False
    if len(segment.chunk_ids) != int(record.get("chunks", len(segment.chunk_ids))):
        return False
    version = str(record.get("version", ""))
    return not version or all(str(i).endswith(f"@{version}") for i in segment.chunk_ids)


def _segment_from_chunks(
    doc_id: str, fingerprint: str, record: dict[str, Any] | None, chunks: list[Chunk]
) -> Segment:
    from assistant.index.bm25 import NO_PRIORITY, Row, build_segment

    first = chunks[0] if chunks else None
    ordered = sorted(chunks, key=lambda c: c.start)
    version = str((record or {}).get("version", ""))
    return build_segment(
        doc_id,
        fingerprint,
        local_area=first.local_area if first else str((record or {}).get("local_area", "")),
        doc_type=first.doc_type.value if first else str((record or {}).get("doc_type", "")),
        date_num=date_number(first.date if first else str((record or {}).get("date", ""))),
        rows=[
            Row(
                # The id the store holds it under (its committed version), for fetching hits.
                chunk_id=versioned_id(c.chunk_id, version) if version else c.chunk_id,
                tokens=tokenize(indexed_text(c.local_area, c.priority_title, c.text)),
                priority=c.priority if c.priority is not None else NO_PRIORITY,
                section=c.section.value,
            )
            for c in ordered
        ],
    )


def _segment_from_records(
    doc_id: str, fingerprint: str, record: dict[str, Any], found: list[tuple[str, str, dict]]
) -> Segment:
    from assistant.index.bm25 import NO_PRIORITY, Row, build_segment

    return build_segment(
        doc_id,
        fingerprint,
        local_area=str(record.get("local_area", "")),
        doc_type=str(record.get("doc_type", "")),
        date_num=date_number(str(record.get("date", ""))),
        rows=[
            Row(
                chunk_id=chunk_id,
                tokens=tokenize(
                    indexed_text(str(meta["local_area"]), str(meta["priority_title"]), text)
                ),
                priority=int(meta.get("priority", NO_PRIORITY)),
                section=str(meta.get("section", "other")),
            )
            for chunk_id, text, meta in found
        ],
    )


def _batches(records: dict[str, dict[str, Any]], most: int) -> Iterable[list[str]]:
    """Document ids grouped so each group holds at most ``most`` chunks (or one document)."""
    batch: list[str] = []
    size = 0
    for doc_id, record in records.items():
        chunks = int(record.get("chunks", 0))
        if batch and size + chunks > most:
            yield batch
            batch, size = [], 0
        batch.append(doc_id)
        size += chunks
    if batch:
        yield batch
