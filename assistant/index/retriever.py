"""Hybrid retrieval: dense (Chroma + MiniLM) and lexical (BM25), fused by reciprocal rank.

Both retrievers see the same metadata filters. Fusion is weighted reciprocal
rank fusion, written out here (a dozen lines) rather than via LangChain's
``EnsembleRetriever`` because callers need the fused score and each side's
rank, which the ensemble discards.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.embeddings import Embeddings

from assistant.index.glossary import expand_query
from assistant.index.lexical import LexicalIndex
from assistant.index.store import ChunkStore, chunk_from_record, date_number
from assistant.records import Chunk, SearchFilters, SearchResult
from assistant.settings import RetrievalSettings

Mode = Literal["hybrid", "dense", "lexical"]


def chroma_where(filters: SearchFilters) -> dict[str, Any] | None:
    """Translate filters into a Chroma ``where`` clause (None when unfiltered)."""
    clauses: list[dict[str, Any]] = []
    if filters.local_area:
        clauses.append({"local_area": filters.local_area})
    if filters.doc_type:
        clauses.append({"doc_type": filters.doc_type.value})
    if filters.priority is not None:
        clauses.append({"priority": filters.priority})
    if filters.section:
        clauses.append({"section": filters.section.value})
    if filters.date_from:
        clauses.append({"date_num": {"$gte": date_number(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date_num": {"$lte": date_number(filters.date_to, upper=True)}})
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class HybridRetriever:
    """Search chunks by meaning and by words at once."""

    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        settings: RetrievalSettings | None = None,
        lexical: LexicalIndex | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings or RetrievalSettings()
        # Persisted and kept in step with the store's writes (see assistant.index.lexical).
        self.lexical_index = lexical or LexicalIndex(store)
        self._vectorstore: Any = None

    def dense(self, query: str, filters: SearchFilters, limit: int) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (score = 1 - cosine distance)."""
        if self._vectorstore is None:
            self._vectorstore = self.store.vectorstore(self.embedder)
        found = self._vectorstore.similarity_search_with_score(
            query, k=limit, filter=self.store.visible_where(chroma_where(filters))
        )
        return [
            (chunk_from_record(doc.id, doc.page_content, doc.metadata), 1.0 - float(distance))
            for doc, distance in found
        ]

    def lexical(self, query: str, filters: SearchFilters, limit: int) -> list[tuple[Chunk, float]]:
        return self.lexical_index.search(query, filters, limit)

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        k: int | None = None,
        mode: Mode = "hybrid",
    ) -> list[SearchResult]:
        """The ``k`` best chunks for ``query`` under ``filters``."""
        filters = filters or SearchFilters()
        k = k or self.settings.k
        pool = max(self.settings.candidates, k)
        if self.store.chunk_count() == 0:
            return []
        query = expand_query(query)
        dense = self.dense(query, filters, pool) if mode != "lexical" else []
        lexical = self.lexical(query, filters, pool) if mode != "dense" else []
        if mode == "dense":
            return [SearchResult(chunk=c, score=s, dense_rank=r) for r, (c, s) in _ranked(dense)][
                :k
            ]
        if mode == "lexical":
            return [
                SearchResult(chunk=c, score=s, lexical_rank=r) for r, (c, s) in _ranked(lexical)
            ][:k]
        return self.fuse(dense, lexical)[:k]

    def fuse(
        self, dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]]
    ) -> list[SearchResult]:
        """Weighted reciprocal rank fusion of the two ranked lists."""
        c = self.settings.rrf_k
        fused: dict[str, SearchResult] = {}
        for rank, (chunk, _) in _ranked(dense):
            result = fused.setdefault(chunk.chunk_id, SearchResult(chunk=chunk, score=0.0))
            result.score += self.settings.dense_weight / (c + rank)
            result.dense_rank = rank
        for rank, (chunk, _) in _ranked(lexical):
            result = fused.setdefault(chunk.chunk_id, SearchResult(chunk=chunk, score=0.0))
            result.score += self.settings.lexical_weight / (c + rank)
            result.lexical_rank = rank
        return sorted(fused.values(), key=lambda r: r.score, reverse=True)


def _ranked(items: list[tuple[Chunk, float]]) -> list[tuple[int, tuple[Chunk, float]]]:
    return [(rank, item) for rank, item in enumerate(items, start=1)]
