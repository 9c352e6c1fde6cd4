"""The Chroma store: chunk vectors plus the canonical text of every document.

Three collections live side by side, in a local folder or on a ``chroma run`` server:

* ``wsoa_chunks`` holds one record per chunk (embedding, text, metadata);
* ``wsoa_documents`` holds one record per document: its canonical text, pages,
  priorities and content hash. Keeping it in Chroma too means a server-backed
  store is complete on its own: every client sees the same documents;
* ``wsoa_actions`` holds one record per action of a document's register.

A document record is written *after* its chunks, so it works as the commit
marker of an ingest; :meth:`ChunkStore.replace_document` undoes a half-done
write before re-raising, leaving the store exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

from assistant.errors import EmbedderMismatchError, StoreError, UnknownDocumentError
from assistant.index.action_store import (
    action_from_record,
    actions_where,
    replace_actions,
    restore_actions,
)
from assistant.records import Action, Chunk, DocType, Document, Page, Priority, SectionKind
from assistant.settings import Settings

# The documents collection needs *some* vector; canonical texts are never searched by vector.
_PLACEHOLDER_VECTOR = [1.0]
_NO_PRIORITY = -1
_NO_PAGE = 0  # pages are 1-based, so 0 can mean "not known exactly"
_COMMIT_ID = "commit"
_EMBEDDER_ID = "embedder"
# Indexes built before the embedder was recorded all hold the bundled MiniLM's fp32 vectors.
LEGACY_EMBEDDER_IDENTITY = "bundled:all-MiniLM-L6-v2|fp32"


def date_number(date: str, *, upper: bool = False) -> int:
    """'2024-02-05' -> 20240205; missing parts become 00 (or 99 for an upper bound)."""
    parts = [p for p in date.split("-") if p][:3]
    if not parts:
        return 99999999 if upper else 0
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (99 if upper else 0)
    day = int(parts[2]) if len(parts) > 2 else (99 if upper else 0)
    return year * 10000 + month * 100 + day


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flatten a chunk's metadata into Chroma's scalar-only form."""
    return {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "local_area": chunk.local_area,
        "doc_type": chunk.doc_type.value,
        "date": chunk.date,
        "date_num": date_number(chunk.date),
        "priority": chunk.priority if chunk.priority is not None else _NO_PRIORITY,
        "priority_title": chunk.priority_title,
        "section": chunk.section.value,
        "action_refs": ",".join(chunk.action_refs),
        "rag": chunk.rag,
        # Chroma metadata holds no None: 0 stands for "not known exactly".
        "page": chunk.page if chunk.page is not None else _NO_PAGE,
        "page_label": chunk.page_label,
        "start": chunk.start,
        "end": chunk.end,
    }


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    """Rebuild a :class:`Chunk` from what Chroma returns."""
    priority = int(meta.get("priority", _NO_PRIORITY))
    refs = str(meta.get("action_refs", ""))
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        title=str(meta.get("title", "")),
        local_area=str(meta.get("local_area", "")),
        doc_type=DocType(meta.get("doc_type", "other")),
        date=str(meta.get("date", "")),
        priority=None if priority == _NO_PRIORITY else priority,
        priority_title=str(meta.get("priority_title", "")),
        section=SectionKind(meta.get("section", "other")),
        action_refs=[r for r in refs.split(",") if r],
        rag=str(meta.get("rag", "")),
        page=int(meta.get("page", _NO_PAGE)) or None,
        page_label=str(meta.get("page_label", "")),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
    )


class ChunkStore:
    """Chunks and documents in Chroma; local folder or server per settings."""

    def __init__(self, settings: Settings | None = None, client: Any = None) -> None:
        self.settings = settings or Settings()
        self._client = client
        self._write_lock = threading.Lock()
        self.generation = 0  # bumped on every write; lets caches (BM25) notice changes
        self._collections: dict[str, Any] = {}

    # -- connection ---------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        return self._client

    @property
    def location(self) -> str:
        """Human-readable place of the store (folder or URL)."""
        return self.settings.store.chroma_url or str(self.settings.paths.index_dir)

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        url = self.settings.store.chroma_url
        try:
            if url:
                parsed = urlparse(url)
                return chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 8000,
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
            index_dir = self.settings.paths.index_dir
            index_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)
        except Exception as error:  # chromadb raises many types; all mean "cannot open"
            raise StoreError(
                f"Cannot open the Chroma store at {self.location} ({error}). "
                "Check WSOA_CHROMA_URL points at a running `chroma run` server, "
                "or that WSOA_INDEX_DIR is a writable folder."
            ) from error

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

    def commit_token(self) -> str:
        """Changes whenever any process commits or deletes a document ('' = never written).

        Caches that outlive one write (the lexical index, the service's document cache)
        compare it to notice writes made by another process or machine sharing the store.
        """
        got = self.meta.get(ids=[_COMMIT_ID], include=["metadatas"])
        return str(got["metadatas"][0]["token"]) if got["ids"] else ""

    def _new_commit_token(self) -> None:
        # A fresh random token, not a counter: two writers can never produce the same one.
        self.meta.upsert(
            ids=[_COMMIT_ID],
            metadatas=[{"token": uuid.uuid4().hex}],
            documents=[""],
            embeddings=[_PLACEHOLDER_VECTOR],
        )

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
            embeddings=[_PLACEHOLDER_VECTOR],
        )

    @property
    def unit_vectors(self) -> Any:
        """A persistent text -> vector cache for evidence units (see save_unit_vectors)."""
        return self._collection(self.settings.store.collection + "_unit_vectors")

    def save_unit_vectors(self, doc_id: str, texts: list[str], vectors: list[list[float]]) -> None:
        """Remember evidence-unit vectors so questions need not embed them again.

        Keyed by a hash of the text, so an entry is never stale: the same text always
        has the same vector. A failure here only costs speed, never correctness.
        """
        ids = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        unique = dict(zip(ids, zip(texts, vectors, strict=True), strict=True))
        for begin in range(0, len(unique), 500):
            batch = list(unique.items())[begin : begin + 500]
            self.unit_vectors.upsert(
                ids=[i for i, _ in batch],
                documents=[t for _, (t, _) in batch],
                embeddings=[v for _, (_, v) in batch],
                metadatas=[{"doc_id": doc_id} for _ in batch],
            )

    def load_unit_vectors(self) -> tuple[list[str], list[list[float]]]:
        got = self.unit_vectors.get(include=["documents", "embeddings"])
        return list(got["documents"]), [list(map(float, v)) for v in got["embeddings"]]

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

    def document_count(self) -> int:
        return int(self.documents.count())

    def chunk_count(self) -> int:
        return int(self.chunks.count())

    def list_documents(self) -> list[dict[str, Any]]:
        """Metadata records of every document (no text), sorted by area, date."""
        got = self.documents.get(include=["metadatas"])
        records = [dict(meta) for meta in got["metadatas"]]
        return sorted(records, key=lambda m: (m["local_area"], m["date"], m["doc_id"]))

    def document_record(self, doc_id: str) -> dict[str, Any] | None:
        got = self.documents.get(ids=[doc_id], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

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
        )

    def priorities(self, doc_id: str) -> list[Priority]:
        record = self.document_record(doc_id)
        if record is None:
            return []
        return [Priority(**p) for p in json.loads(record.get("priorities", "[]"))]

    def actions(self, local_area: str | None = None, priority: int | None = None) -> list[Action]:
        """Stored actions of an area (exact spelling) and/or priority, in document order."""
        got = self.action_records.get(
            where=actions_where(local_area, priority), include=["metadatas"]
        )
        found = [action_from_record(meta) for meta in got["metadatas"]]
        return sorted(found, key=lambda a: (a.doc_id, a.reference_span.start))

    def all_chunks(self) -> list[Chunk]:
        got = self.chunks.get(include=["documents", "metadatas"])
        return [
            chunk_from_record(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

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

    def _chunks_where(self, where: dict[str, Any]) -> list[Chunk]:
        got = self.chunks.get(where=where, include=["documents", "metadatas"])
        found = [
            chunk_from_record(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        return sorted(found, key=lambda c: (c.doc_id, c.start))

    # -- writes -------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._write_lock:
            try:
                yield
            finally:
                self.generation += 1
                self._new_commit_token()

    def replace_document(
        self,
        document: Document,
        chunks: list[Chunk],
        embeddings: list[list[float]],
        priorities: list[Priority],
        actions: list[Action] | None = None,
    ) -> None:
        """Atomically swap a document's chunks, actions and record for new ones.

        On any failure the previous chunks, actions and record are restored before the
        error propagates, so readers never see a half-ingested document.
        """
        with self._writing():
            old_chunks = self.chunks.get(
                where={"doc_id": document.doc_id},
                include=["documents", "metadatas", "embeddings"],
            )
            old_record = self.documents.get(
                ids=[document.doc_id], include=["documents", "metadatas"]
            )
            old_actions = self.action_records.get(
                where={"doc_id": document.doc_id}, include=["documents", "metadatas"]
            )
            new_ids = [c.chunk_id for c in chunks]
            actions = actions or []
            try:
                if old_chunks["ids"]:
                    self.chunks.delete(ids=list(old_chunks["ids"]))
                for begin in range(0, len(chunks), 500):
                    batch = chunks[begin : begin + 500]
                    self.chunks.add(
                        ids=[c.chunk_id for c in batch],
                        documents=[c.text for c in batch],
                        metadatas=[chunk_metadata(c) for c in batch],
                        embeddings=embeddings[begin : begin + 500],
                    )
                replace_actions(self.action_records, old_actions, actions)
                self.documents.upsert(
                    ids=[document.doc_id],
                    documents=[document.text],
                    metadatas=[
                        self._document_metadata(document, len(chunks), priorities, len(actions))
                    ],
                    embeddings=[_PLACEHOLDER_VECTOR],
                )
            except Exception as error:
                restore_actions(self.action_records, document.doc_id, old_actions)
                self._restore(document.doc_id, new_ids, old_chunks, old_record)
                if isinstance(error, StoreError):
                    raise
                raise StoreError(
                    f"Writing '{document.doc_id}' to the store failed ({error}); "
                    "the index was left as it was. Check disk space or the Chroma server."
                ) from error

    def _restore(self, doc_id: str, new_ids: list[str], old_chunks: Any, old_record: Any) -> None:
        if new_ids:
            self.chunks.delete(ids=new_ids)
        if old_chunks["ids"]:
            self.chunks.upsert(
                ids=list(old_chunks["ids"]),
                documents=list(old_chunks["documents"]),
                metadatas=list(old_chunks["metadatas"]),
                embeddings=[list(map(float, e)) for e in old_chunks["embeddings"]],
            )
        if old_record["ids"]:
            self.documents.upsert(
                ids=list(old_record["ids"]),
                documents=list(old_record["documents"]),
                metadatas=list(old_record["metadatas"]),
                embeddings=[_PLACEHOLDER_VECTOR],
            )
        else:
            self.documents.delete(ids=[doc_id])

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and its chunks; raises if unknown."""
        if self.document_record(doc_id) is None:
            raise UnknownDocumentError(doc_id)
        with self._writing():
            self.chunks.delete(where={"doc_id": doc_id})
            self.action_records.delete(where={"doc_id": doc_id})
            self.documents.delete(ids=[doc_id])
            self.unit_vectors.delete(where={"doc_id": doc_id})

    @staticmethod
    def _document_metadata(
        document: Document, chunk_count: int, priorities: list[Priority], action_count: int
    ) -> dict[str, Any]:
        return {
            "doc_id": document.doc_id,
            "title": document.title,
            "local_area": document.local_area,
            "doc_type": document.doc_type.value,
            "date": document.date,
            "source": document.source,
            "content_hash": document.content_hash,
            "chunks": chunk_count,
            "pages": json.dumps([p.model_dump() for p in document.pages]),
            # Pages known exactly; 0 when the text gives no page numbers at all.
            "page_count": sum(page.page is not None for page in document.pages),
            "chars": len(document.text),
            "priorities": json.dumps([p.model_dump() for p in priorities]),
            "actions": action_count,
        }
