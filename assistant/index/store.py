"""The Chroma store: chunk vectors plus the canonical text of every document.

Three collections live side by side, in a local folder or on a ``chroma run`` server:

* ``wsoa_chunks`` holds one record per chunk (embedding, text, metadata);
* ``wsoa_documents`` holds one record per document: its canonical text, pages,
  priorities and content hash. Keeping it in Chroma too means a server-backed
  store is complete on its own: every client sees the same documents;
* ``wsoa_actions`` holds one record per action of a document's register.

Every ingest of a document writes its chunks and actions under a new *version*
(record ids ``<id>@<version>``, metadata ``version``), beside the committed ones;
the document record is switched to the new version last, and only then are the old
version's records deleted. Readers see only chunks and actions of the version a
document record names, so a write killed at any point leaves the last committed
version in view; the leftovers are removed by :meth:`ChunkStore.repair` (run at
every ingest and by ``wsoa repair``). Local writers take the folder's writer lock.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any

from assistant.errors import (
    AssistantError,
    EmbedderMismatchError,
    StoreError,
    UnknownDocumentError,
)
from assistant.index.action_store import action_from_record, actions_where, add_actions
from assistant.index.chroma_client import connect
from assistant.index.store_io import (
    delete_ids,
    new_version,
    paged_get,
    store_errors,
    versioned_id,
)
from assistant.index.store_records import (
    PLACEHOLDER_VECTOR,
    chunk_from_record,
    chunk_metadata,
    date_number,
    document_metadata,
    visible,
)
from assistant.index.server_lease import ServerLease
from assistant.index.writer_lock import WriterLock
from assistant.records import (
    Action,
    Chunk,
    DocType,
    Document,
    Page,
    Priority,
    RepairReport,
)
from assistant.settings import Settings

__all__ = ["ChunkStore", "chunk_from_record", "chunk_metadata", "date_number"]

_COMMIT_ID = "commit"
_EMBEDDER_ID = "embedder"
# Written with the first document (or by the first build): from then on an empty store
# is one emptied by deletes, and the bundled corpus is never indexed into it unasked.
_INITIALISED_ID = "initialised"
# Indexes built before the embedder was recorded all hold the bundled MiniLM's fp32 vectors.
LEGACY_EMBEDDER_IDENTITY = "bundled:all-MiniLM-L6-v2|fp32"

logger = logging.getLogger(__name__)

# Called after a document is committed (its chunks) or deleted (None).
WriteListener = Callable[[str, list[Chunk] | None], None]


class ChunkStore:
    """Chunks and documents in Chroma; local folder or server per settings."""

    def __init__(self, settings: Settings | None = None, client: Any = None) -> None:
        self.settings = settings or Settings()
        self._client = client
        self._own_client = client is None  # an injected client is never reopened
        self._write_lock = threading.RLock()
        self.generation = 0  # bumped on every write; lets caches (BM25) notice changes
        self._collections: dict[str, Any] = {}
        self.listeners: list[WriteListener] = []  # e.g. the lexical index, kept in step
        # token, doc_id -> committed version, and the chunk count those versions hold
        self._committed: tuple[str, dict[str, str], int] | None = None
        self._token_seen: str | None = None  # the commit token this client's view matches
        self.reopened = 0  # bumped when the client is reopened to see another process's writes
        # One writer at a time: a lock file beside a local store, a lease inside a server.
        wait = self.settings.store.write_wait_seconds
        self._file_lock: WriterLock | ServerLease = (
            ServerLease(lambda: self.meta, wait, self.settings.store.lease_seconds)
            if self.settings.store.chroma_url
            else WriterLock(self.settings.paths.index_dir, wait)
        )

    def _notify(self, doc_id: str, chunks: list[Chunk] | None) -> None:
        """Tell listeners about a committed write; a failing listener never fails the write."""
        for listener in self.listeners:
            try:
                listener(doc_id, chunks)
            except Exception:
                logger.warning("a store listener failed after writing %s", doc_id, exc_info=True)

    # -- connection ---------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._connect()
            self._collections = {}
            self._token_seen = self.commit_token()
        return self._client

    def refresh(self) -> str:
        """The commit token, after making sure this client sees every process's writes.

        A local Chroma client keeps its vector index in memory and never learns of
        vectors another process added or deleted (its queries then fail with "Error
        finding id"). So when the token moved without this store moving it, the local
        client is opened afresh. Cheap otherwise: one read of one record.
        """
        token = self.commit_token()
        if token != self._token_seen:
            if not self.settings.store.chroma_url and self._own_client:
                self._reopen()
            self._token_seen = token
        return token

    def _reopen(self) -> None:
        # Clients still holding the old connection keep working, on their older view.
        self._client = None
        self._collections = {}
        self.reopened += 1

    def _connect(self) -> Any:
        return connect(self.settings, self.location)

    @property
    def location(self) -> str:
        """Human-readable place of the store (folder or URL)."""
        return self.settings.store.chroma_url or str(self.settings.paths.index_dir)

    def _collection(self, name: str) -> Any:
        # Opened once: every search touches these, and on a server each open is a request.
        if name not in self._collections:
            self._collections[name] = self.client.get_or_create_collection(
                name=name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        return self._collections[name]

    @property
    def chunks(self) -> Any:
        """The raw Chroma collection of chunks."""
        return self._collection(self.settings.store.collection)

    @property
    def documents(self) -> Any:
        return self._collection(self.settings.store.documents_collection)

    @property
    def action_records(self) -> Any:
        """The raw Chroma collection of actions (see :mod:`assistant.index.action_store`)."""
        return self._collection(self.settings.store.actions_collection)

    @property
    def meta(self) -> Any:
        """Store-wide facts shared by every process (today: the commit token)."""
        return self._collection(self.settings.store.collection + "_meta")

    @store_errors
    def commit_token(self) -> str:
        """Changes whenever any process commits or deletes a document ('' = never written).

        Caches that outlive one write (the lexical index, the service's document cache)
        compare it to notice writes made by another process or machine sharing the store.
        """
        got = self.meta.get(ids=[_COMMIT_ID], include=["metadatas"])
        return str(got["metadatas"][0]["token"]) if got["ids"] else ""

    def _new_commit_token(self) -> None:
        # A fresh random token, not a counter: two writers can never produce the same one.
        token = uuid.uuid4().hex
        self.meta.upsert(
            ids=[_COMMIT_ID],
            metadatas=[{"token": token}],
            documents=[""],
            embeddings=[PLACEHOLDER_VECTOR],
        )
        self._token_seen = token

    def recorded_embedder(self) -> str:
        """Which embedder made the stored vectors ('' = no chunks, so none yet)."""
        if not self.chunk_count():
            return ""
        got = self.meta.get(ids=[_EMBEDDER_ID], include=["metadatas"])
        return str(got["metadatas"][0]["identity"]) if got["ids"] else LEGACY_EMBEDDER_IDENTITY

    def check_embedder(self, identity: str) -> None:
        """Refuse to mix ``identity``'s vectors with, or query, another embedder's index.

        Vectors from two embedders must never share an index, nor an index be searched
        with another embedder's query vectors: the results would be silently wrong.
        """
        recorded = self.recorded_embedder()
        if recorded and recorded != identity:
            raise EmbedderMismatchError(
                f"The index at {self.location} was built with embeddings '{recorded}', but "
                f"this process makes '{identity}' (WSOA_EMBEDDING_RUNTIME / "
                "WSOA_EMBEDDING_MODEL_PATH). Set them back, or rebuild the index: delete it "
                "(or point WSOA_INDEX_DIR at a new folder) and run `wsoa ingest corpus`."
            )

    def claim_embedder(self, identity: str) -> None:
        """Check ``identity`` (see :meth:`check_embedder`), then record it for the store."""
        self.check_embedder(identity)
        got = self.meta.get(ids=[_EMBEDDER_ID], include=["metadatas"])
        if got["ids"] and got["metadatas"][0]["identity"] == identity:
            return
        self.meta.upsert(
            ids=[_EMBEDDER_ID],
            metadatas=[{"identity": identity}],
            documents=[""],
            embeddings=[PLACEHOLDER_VECTOR],
        )

    def vectorstore(self, embedder: Any) -> Any:
        """LangChain's Chroma vector store over the chunk collection (for dense search)."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=self.settings.store.collection,
            embedding_function=embedder,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )

    # -- reads --------------------------------------------------------------------

    @store_errors
    def document_count(self) -> int:
        return int(self.documents.count())

    @store_errors
    def chunk_count(self) -> int:
        """Stored chunk records, including any an interrupted write left behind."""
        return int(self.chunks.count())

    @store_errors
    def committed(self) -> dict[str, str]:
        """doc_id -> the version its record commits ('' = stored before versions existed)."""
        token = self.commit_token()  # read first: a later write changes it again
        if self._committed is None or self._committed[0] != token:
            got = paged_get(self.documents, include=["metadatas"])
            versions = {str(m["doc_id"]): str(m.get("version", "")) for m in got["metadatas"]}
            total = sum(int(m.get("chunks", 0)) for m in got["metadatas"])
            self._committed = (token, versions, total)
        return self._committed[1]

    def only_committed_stored(self) -> bool:
        """Whether the store holds exactly the committed chunks (no write under way, no leftovers).

        A write adds its new version before switching the record and deletes the old one
        after, so while one is under way (or was killed) more chunks are stored than the
        records commit; equal counts mean every stored chunk is a committed one.
        """
        self.committed()
        assert self._committed is not None
        return self.chunk_count() == self._committed[2]

    def visible_where(self, where: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """``where`` narrowed to chunks of committed versions (for dense search).

        The narrowing (a ``$in`` over every document's version) makes Chroma filter before
        its vector search, several times slower at 10k chunks; it is left out when the
        store holds only committed chunks, which is nearly always.
        """
        if self.only_committed_stored():
            return where
        committed = self.committed()
        clauses: list[dict[str, Any]] = []
        versions = sorted({v for v in committed.values() if v})
        if versions:
            clauses.append({"version": {"$in": versions}})
        legacy = sorted(d for d, v in committed.items() if not v)
        if legacy:  # stored before versions: their chunks carry no version field
            clauses.append({"doc_id": {"$in": legacy}})
        if not clauses:
            clauses.append({"version": {"$in": ["-none-"]}})
        visible = clauses[0] if len(clauses) == 1 else {"$or": clauses}
        return visible if where is None else {"$and": [where, visible]}

    @store_errors
    def list_documents(self) -> list[dict[str, Any]]:
        """Metadata records of every document (no text), sorted by area, date."""
        got = paged_get(self.documents, include=["metadatas"])
        records = [dict(meta) for meta in got["metadatas"]]
        return sorted(records, key=lambda m: (m["local_area"], m["date"], m["doc_id"]))

    @store_errors
    def ids_with_hash(self, content_hash: str) -> list[str]:
        """Ids of the stored documents made from a file with these bytes (sha256)."""
        got = self.documents.get(where={"content_hash": content_hash}, include=[])
        return sorted(str(i) for i in got["ids"])

    @store_errors
    def document_record(self, doc_id: str) -> dict[str, Any] | None:
        got = self.documents.get(ids=[doc_id], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

    @store_errors
    def get_document(self, doc_id: str) -> Document:
        """The stored document with its canonical text; raises if unknown."""
        got = self.documents.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            raise UnknownDocumentError(doc_id)
        meta = got["metadatas"][0]
        return Document(
            doc_id=meta["doc_id"],
            title=meta["title"],
            local_area=meta["local_area"],
            doc_type=DocType(meta["doc_type"]),
            date=meta["date"],
            source=meta["source"],
            text=got["documents"][0],
            pages=[Page(**p) for p in json.loads(meta["pages"])],
            content_hash=meta["content_hash"],
            flagged=int(meta["injection_count"]) > 0 if "injection_count" in meta else None,
        )

    def priorities(self, doc_id: str) -> list[Priority]:
        record = self.document_record(doc_id)
        if record is None:
            return []
        return [Priority(**p) for p in json.loads(record.get("priorities", "[]"))]

    @store_errors
    def actions(self, local_area: str | None = None, priority: int | None = None) -> list[Action]:
        """Stored actions of an area (exact spelling) and/or priority, in document order."""
        committed = self.committed()
        got = paged_get(
            self.action_records, where=actions_where(local_area, priority), include=["metadatas"]
        )
        found = [action_from_record(m) for m in got["metadatas"] if visible(m, committed)]
        return sorted(found, key=lambda a: (a.doc_id, a.reference_span.start))

    def all_chunks(self) -> list[Chunk]:
        """Every chunk of a committed version (what lexical search indexes)."""
        return self._chunks_where(None)

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self._chunks_where({"doc_id": doc_id})

    def chunks_of_priorities(self, local_area: str, priorities: list[int]) -> list[Chunk]:
        """Every chunk of an area's documents that sits in one of ``priorities``."""
        if not priorities:
            return []
        numbers: dict[str, Any] = (
            {"priority": {"$in": priorities}}
            if len(priorities) > 1
            else {"priority": priorities[0]}
        )
        return self._chunks_where({"$and": [{"local_area": local_area}, numbers]})

    @store_errors
    def _chunks_where(self, where: dict[str, Any] | None) -> list[Chunk]:
        committed = self.committed()
        got = paged_get(self.chunks, where=where, include=["documents", "metadatas"])
        found = [
            chunk_from_record(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if visible(m, committed)
        ]
        return sorted(found, key=lambda c: (c.doc_id, c.start))

    @store_errors
    def stored_matches(self, record: dict[str, Any]) -> bool:
        """Whether the chunks and actions a document record commits are all stored."""
        version = str(record.get("version", ""))
        if not version:
            return False  # stored before versions: cannot be checked, so ingest it again
        chunks = paged_get(self.chunks, where={"version": version}, include=["metadatas"])
        ids_match = all(
            stored == versioned_id(str(m.get("chunk_id", "")), version)
            and m.get("doc_id") == record["doc_id"]
            for stored, m in zip(chunks["ids"], chunks["metadatas"], strict=True)
        )
        actions = paged_get(self.action_records, where={"version": version})
        return (
            ids_match
            and len(chunks["ids"]) == int(record.get("chunks", -1))
            and len(actions["ids"]) == int(record.get("actions", -1))
        )

    def never_created(self) -> bool:
        """A local index folder with no Chroma database yet (read without opening Chroma)."""
        if self.settings.store.chroma_url:
            return False
        return not (self.settings.paths.index_dir / "chroma.sqlite3").exists()

    @store_errors
    def initialised(self) -> bool:
        """Whether this store has ever held a document (or been built): see :meth:`mark_initialised`.

        An index made before the record existed counts as initialised when it holds documents.
        """
        if self.never_created():
            return False
        got = self.meta.get(ids=[_INITIALISED_ID], include=["metadatas"])
        return bool(got["ids"]) or self.document_count() > 0

    @store_errors
    def mark_initialised(self, how: str) -> None:
        """Record (once) that the store has been built or written, and how."""
        if self.meta.get(ids=[_INITIALISED_ID])["ids"]:
            return
        self.meta.upsert(
            ids=[_INITIALISED_ID],
            metadatas=[{"how": how, "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")}],
            documents=[""],
            embeddings=[PLACEHOLDER_VECTOR],
        )

    # -- writes -------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time: this process's threads, and processes sharing the folder."""
        with self._write_lock, self._file_lock.hold():
            self.refresh()  # see what other writers committed before changing anything
            try:
                yield
            finally:
                self.generation += 1

    def _after(self, step: str) -> None:
        """A named point between the steps of a write (the crash tests stop a process here)."""

    def replace_document(
        self,
        document: Document,
        chunks: list[Chunk],
        embeddings: list[list[float]],
        priorities: list[Priority],
        actions: list[Action] | None = None,
    ) -> None:
        """Swap a document's chunks, actions and record for new ones (see write_document)."""
        self.write_document(document, [(chunks, embeddings)], priorities, actions)

    @store_errors
    def write_document(
        self,
        document: Document,
        batches: Iterable[tuple[list[Chunk], list[list[float]]]],
        priorities: list[Priority],
        actions: list[Action] | None = None,
    ) -> int:
        """Write a new version of a document, batch by batch, then commit it; the chunk count.

        The record is switched to the new version only after every chunk and action of
        it is stored; the old version is deleted after that. A failure before the switch
        deletes what was written of the new version, so the store is as it was; a crash
        leaves the old version in view and the new one's records for :meth:`repair`.
        """
        actions = actions or []
        with self._writing():
            version = new_version()
            count = 0
            written: list[Chunk] = []  # for listeners: text and metadata only, no vectors
            try:
                for chunks, embeddings in batches:
                    self._add_chunks(version, chunks, embeddings)
                    count += len(chunks)
                    written.extend(chunks)
                    self._after("batch_written")
                add_actions(self.action_records, actions, version)
                self._after("chunks_written")
                metadata = document_metadata(document, count, priorities, len(actions))
                self.documents.upsert(
                    ids=[document.doc_id],
                    documents=[document.text],
                    metadatas=[{**metadata, "version": version}],
                    embeddings=[PLACEHOLDER_VECTOR],
                )
            except Exception as error:
                with suppress(Exception):  # the original error says more than this one
                    self._remove_versions(document.doc_id, drop=lambda v: v == version)
                if isinstance(error, AssistantError):
                    raise
                raise StoreError(
                    f"Writing '{document.doc_id}' to the store failed ({error}); "
                    "the index was left as it was. Check disk space or the Chroma server."
                ) from error
            self._new_commit_token()
            self.mark_initialised("first document written")
            self._after("record_written")
            self._remove_versions(document.doc_id, drop=lambda v: v != version)
        self._notify(document.doc_id, written)
        return count

    def _add_chunks(self, version: str, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        for begin in range(0, len(chunks), 500):
            batch = chunks[begin : begin + 500]
            self.chunks.add(
                ids=[versioned_id(c.chunk_id, version) for c in batch],
                documents=[c.text for c in batch],
                metadatas=[chunk_metadata(c, version) for c in batch],
                embeddings=embeddings[begin : begin + 500],
            )

    def _remove_versions(self, doc_id: str, drop: Callable[[str], bool]) -> None:
        """Delete a document's chunks and actions whose version ``drop`` accepts."""
        for collection, step in ((self.chunks, "old_chunks_deleted"), (self.action_records, "")):
            got = paged_get(collection, where={"doc_id": doc_id}, include=["metadatas"])
            ids = [
                i
                for i, m in zip(got["ids"], got["metadatas"], strict=True)
                if drop(str(m.get("version", "")))
            ]
            delete_ids(collection, ids)
            if step:
                self._after(step)

    @store_errors
    def delete_document(self, doc_id: str) -> None:
        """Remove a document, its chunks and actions; raises if unknown."""
        with self._writing():
            if self.document_record(doc_id) is None:
                raise UnknownDocumentError(doc_id)
            self.documents.delete(ids=[doc_id])  # from here on its chunks are invisible
            self._new_commit_token()
            self._remove_versions(doc_id, drop=lambda v: True)
        self._notify(doc_id, None)

    @store_errors
    def repair(self) -> RepairReport:
        """Delete chunks and actions no record commits; list records missing chunks.

        Such leftovers come from a write that was killed; they are never shown, this only
        reclaims their space. A document whose committed chunks are missing (damaged by
        an older version of this program) is listed: ingest its file again to mend it.
        """
        with self._writing():
            committed = self.committed()
            removed: list[int] = []
            kept: Counter[str] = Counter()
            for collection in (self.chunks, self.action_records):
                got = paged_get(collection, include=["metadatas"])
                stale = [
                    i
                    for i, m in zip(got["ids"], got["metadatas"], strict=True)
                    if not visible(m, committed)
                ]
                if collection is self.chunks:
                    kept.update(str(m["doc_id"]) for m in got["metadatas"] if visible(m, committed))
                delete_ids(collection, stale)
                removed.append(len(stale))
            if any(removed):
                self._new_commit_token()  # other clients' vector indexes held those records
            damaged = sorted(
                str(r["doc_id"])
                for r in self.list_documents()
                if kept[str(r["doc_id"])] != int(r.get("chunks", 0))
            )
        return RepairReport(removed_chunks=removed[0], removed_actions=removed[1], damaged=damaged)
