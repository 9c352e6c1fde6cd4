"""What the grounding core needs from an index: a narrow interface, not the facade.

Asking, drafting, comparing and gap-finding read the corpus only through
:class:`Corpus`. :class:`assistant.service.Assistant` implements it; tests may
pass any object with these members. Grounding never imports the service.
"""

from __future__ import annotations

from typing import Protocol

from langchain_core.embeddings import Embeddings

from assistant.records import (
    Action,
    AreaPriority,
    Chunk,
    Document,
    DocumentInfo,
    SearchFilters,
    SearchResult,
)
from assistant.settings import Settings


class Corpus(Protocol):
    """Search, the chunks of a priority, document text and the area/priority catalogue."""

    settings: Settings

    @property
    def embedder(self) -> Embeddings:
        """The embedding model used for ranking units and matching topics."""
        ...

    def local_areas(self) -> list[str]:
        """Every indexed local area, sorted."""
        ...

    def canonical_area(self, local_area: str) -> str:
        """The indexed spelling of an area; raises AssistantError for an unknown one."""
        ...

    def priorities(self, local_area: str | None = None) -> list[AreaPriority]:
        """Priorities per area (one area's when given), merged across its documents."""
        ...

    def documents(self) -> list[DocumentInfo]:
        """Every stored document's metadata."""
        ...

    def document(self, doc_id: str) -> Document:
        """A document with its canonical text (cached)."""
        ...

    def search(
        self, query: str, filters: SearchFilters | None = None, k: int | None = None
    ) -> list[SearchResult]:
        """Hybrid search with metadata filters."""
        ...

    def priority_chunks(self, local_area: str, priorities: list[int]) -> list[Chunk]:
        """Every chunk of the area's documents on those priorities, in reading order."""
        ...

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document (a note's general update or agreed actions)."""
        ...

    def actions(
        self,
        local_area: str,
        priority: int | None = None,
        rag: str | None = None,
        overdue_at: str | None = None,
    ) -> list[Action]:
        """The area's action register, newest document first, filtered by rating/overdue."""
        ...
