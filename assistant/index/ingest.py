"""Ingest: files in, citable chunks and vectors out; incremental, idempotent, atomic.

For each file everything that can fail for reasons of the *file* (size and page
bounds, loading, parsing, chunking, finding its actions) happens before the store is
touched; then :meth:`ChunkStore.write_document` embeds and writes the chunks a batch
at a time under a new version and commits it by switching the document record last,
undoing itself on a failure. So a bad file is reported and the index stays exactly as
it was. A file whose bytes and metadata match what is stored, with every chunk the
record commits in place, is left alone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest, MetadataOverrides, iter_corpus_files
from assistant.domain.injection import INJECTION_CHECK, flagged_spans, mark_suspect
from assistant.errors import AssistantError
from assistant.index.bounds import check_file_bounds, check_page_bounds, check_text_bounds
from assistant.index.store import ChunkStore
from assistant.index.unit_cache import UnitVectorCache
from assistant.records import Action, Chunk, Document, IngestOutcome, IngestStatus, Priority
from assistant.settings import IngestSettings
from assistant.structure import chunk_document, parse_actions, parse_structure

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, file name)

_META_FIELDS = ("title", "local_area", "doc_type", "date", "source")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the supported files inside named folders."""
    files: list[Path] = []
    for path in paths:
        files.extend(iter_corpus_files(path) if path.is_dir() else [path])
    return files


def _manifest_near(path: Path) -> Manifest | None:
    candidate = path.parent / "manifest.json"
    return Manifest.load(candidate) if candidate.is_file() else None


def _unchanged(document: Document, record: dict[str, object] | None) -> bool:
    if record is None or record.get("content_hash") != document.content_hash:
        return False
    if "actions" not in record:  # stored before action registers existed: parse it again
        return False
    if record.get("injection_check") != INJECTION_CHECK:  # checked by an older check: again
        return False
    current = document.model_dump(mode="json")
    # Pages too: an index built before page markers were read holds "p. 1" everywhere.
    stored_pages = json.loads(str(record.get("pages", "[]")))
    return stored_pages == current["pages"] and all(
        record.get(f) == current[f] for f in _META_FIELDS
    )


def embedding_text(chunk: Chunk) -> str:
    """What a chunk is embedded as: a short header of where it sits, then its text.

    The header ("Torbay review note · priority 6: The wide variances in the quality of
    EHC plans ...") lets a query that names an area or a priority's topic find rows
    that never repeat it. The stored text and its span stay exactly the chunk's.
    """
    head = f"{chunk.local_area} {chunk.doc_type.value.replace('_', ' ')}"
    if chunk.priority is not None:
        head += f" · priority {chunk.priority}: {chunk.priority_title}"
    return f"{head}\n{chunk.text}"


class Ingestor:
    """Turns files into stored, embedded chunks."""

    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        max_chunk_chars: int,
        bounds: IngestSettings | None = None,
        unit_cache: UnitVectorCache | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.max_chunk_chars = max_chunk_chars
        self.bounds = bounds or IngestSettings()
        self._progress: Progress | None = None
        self.unit_cache = unit_cache

    def ingest(
        self,
        paths: Iterable[Path],
        overrides: MetadataOverrides | None = None,
        progress: Progress | None = None,
    ) -> list[IngestOutcome]:
        """Ingest every file under ``paths``; one outcome per file, failures included."""
        files = expand_paths(paths)
        self.store.repair()  # clear what an interrupted write left behind
        self._progress = progress
        outcomes: list[IngestOutcome] = []
        for done, path in enumerate(files):
            if progress:
                progress(done, len(files), path.name)
            outcomes.append(self.ingest_file(path, overrides))
        if progress:
            progress(len(files), len(files), "")
        return outcomes

    def _embedded_batches(
        self, chunks: list[Chunk], name: str
    ) -> Iterator[tuple[list[Chunk], list[list[float]]]]:
        """Chunks with their vectors, a batch at a time: a big file never holds every vector."""
        size = max(1, self.bounds.ingest_batch)
        for begin in range(0, len(chunks), size):
            batch = chunks[begin : begin + size]
            if len(chunks) > size and self._progress:
                self._progress(begin, len(chunks), f"{name}: passages")
            yield batch, self.embedder.embed_documents([embedding_text(c) for c in batch])

    def _unit_texts(self, document: Document, chunks: list[Chunk]) -> list[str]:
        """Texts of the document's evidence units (embedded now, so questions are quick)."""
        from assistant.grounding.evidence import split_chunks

        return [u.text for u in split_chunks(chunks, {document.doc_id: document})]

    def _embed_once(self, texts: list[str], cached: dict[str, Any]) -> dict[str, Any]:
        """Vectors of ``texts``; each distinct text not ``cached`` is embedded once, in a batch."""
        missing = [t for t in dict.fromkeys(texts) if t not in cached]
        vectors = dict(cached)
        vectors.update(zip(missing, self.embedder.embed_documents(missing), strict=True))
        return vectors

    def _remember_units(self, doc_id: str, texts: list[str], vectors: dict[str, Any]) -> None:
        if self.unit_cache is None:
            return
        try:
            self.unit_cache.save(doc_id, texts, [vectors[t] for t in texts])
        except Exception:  # a cache: losing it costs speed only
            logger.warning("could not store unit vectors for %s", doc_id, exc_info=True)

    def rebuild_units(self, document: Document, chunks: list[Chunk]) -> None:
        """Embed a stored document's units again and cache them (after damage was found)."""
        texts = self._unit_texts(document, chunks)
        self._remember_units(document.doc_id, texts, self._embed_once(texts, {}))

    def _write(
        self,
        document: Document,
        chunks: list[Chunk],
        priorities: list[Priority],
        actions: list[Action],
        name: str,
    ) -> None:
        """Embed and store a document: at once when small, a batch at a time when big."""
        if len(chunks) > self.bounds.ingest_batch:  # never every vector at once; no unit cache
            batches = self._embedded_batches(chunks, name)
            self.store.write_document(document, batches, priorities, actions)
            return
        chunk_texts = [embedding_text(c) for c in chunks]
        # Units are embedded now only where their vectors can be kept (a local index).
        unit_texts = self._unit_texts(document, chunks) if self.unit_cache else []
        cached = self.unit_cache.lookup(unit_texts) if self.unit_cache else {}
        vectors = self._embed_once(chunk_texts + unit_texts, cached)
        embeddings = [_floats(vectors[t]) for t in chunk_texts]
        self.store.write_document(document, [(chunks, embeddings)], priorities, actions)
        self._remember_units(document.doc_id, unit_texts, vectors)

    def ingest_file(self, path: Path, overrides: MetadataOverrides | None = None) -> IngestOutcome:
        """Ingest one file; never raises for a bad file, reports it instead."""
        try:
            check_file_bounds(path, self.bounds)
            document = load_document(path, overrides=overrides, manifest=_manifest_near(path))
            check_page_bounds(path, len(document.pages), self.bounds)
            check_text_bounds(path, len(document.text), self.bounds)
            twins = [i for i in self.store.ids_with_hash(document.content_hash) if i != document.doc_id]
            if twins:  # a renamed copy: a second document would cite every sentence twice
                return IngestOutcome(
                    path=str(path),
                    status=IngestStatus.duplicate,
                    doc_id=twins[0],
                    reason=f"{path}: the same file is already indexed as '{twins[0]}'; "
                    "nothing was added (delete that one first to index it under this name).",
                )
            record = self.store.document_record(document.doc_id)
            if (
                record is not None
                and _unchanged(document, record)
                and self.store.stored_matches(record)
            ):
                return IngestOutcome(
                    path=str(path),
                    status=IngestStatus.unchanged,
                    doc_id=document.doc_id,
                    chunks=int(record["chunks"]) if record else 0,
                )
            structure = parse_structure(document.text, document.doc_type)
            chunks = chunk_document(document, max_chars=self.max_chunk_chars, structure=structure)
            chunks = mark_suspect(chunks, flagged_spans(document))  # text addressed to an AI
            if not chunks:
                return IngestOutcome(
                    path=str(path),
                    status=IngestStatus.failed,
                    doc_id=document.doc_id,
                    reason=f"{path}: no text to index. Check the file is not empty.",
                )
            actions = parse_actions(document, structure)
            priorities = [
                p.model_copy(update={"doc_id": document.doc_id, "local_area": document.local_area})
                for p in structure.priorities
            ]
            claim = getattr(self.embedder, "identity", None)
            if claim:
                self.store.claim_embedder(claim)
            self._write(document, chunks, priorities, actions, path.name)
        except AssistantError as error:
            return IngestOutcome(path=str(path), status=IngestStatus.failed, reason=str(error))
        except Exception as error:  # a bug or an odd file: report it, keep the index intact
            return IngestOutcome(
                path=str(path),
                status=IngestStatus.failed,
                reason=f"{path}: could not be ingested ({type(error).__name__}: {error}).",
            )
        status = IngestStatus.replaced if record is not None else IngestStatus.added
        return IngestOutcome(
            path=str(path), status=status, doc_id=document.doc_id, chunks=len(chunks)
        )


def _floats(vector: Any) -> list[float]:
    return [float(x) for x in vector]
