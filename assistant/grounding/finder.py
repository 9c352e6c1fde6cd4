"""Find and rank evidence units for a question, a draft section or a theme."""

from __future__ import annotations

from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.answer_type import MEETING_HEADER
from assistant.grounding.corpus import Corpus
from assistant.grounding.evidence import split_chunks
from assistant.grounding.records import Evidence
from assistant.grounding.support import content_tokens
from assistant.index.embedder import cosine
from assistant.index.glossary import expand_query
from assistant.records import Chunk, Document, SearchFilters, SectionKind

SECTION_BOOST = 0.08


def query_coverage(query: str, text: str) -> float:
    """Share of the query's content words present in ``text``."""
    words = content_tokens(query)
    # "MHSTs" in a passage covers "mental health support teams" in a question.
    return len(words & content_tokens(expand_query(text))) / len(words) if words else 0.0


class EvidenceFinder:
    """Retrieves chunks, splits them into units and scores each unit against the query."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def documents_for(self, doc_ids: set[str]) -> dict[str, Document]:
        return {d: self.corpus.document(d) for d in doc_ids}

    def find(
        self,
        query: str,
        filters: SearchFilters | None = None,
        chunks: int = 8,
        sections: set[SectionKind] | None = None,
        keep_rules: frozenset[str] = frozenset(),
    ) -> list[Evidence]:
        """Evidence units from the top chunks, best first (``relevance`` filled in).

        Boilerplate units are dropped, except those decided by one of ``keep_rules``
        (a meeting header answers "when and where was the meeting").
        """
        results = self.corpus.search(query, filters, k=chunks)
        if not results:
            return []
        found = [r.chunk for r in results]
        if MEETING_HEADER in keep_rules and filters and filters.local_area:
            found += self.header_chunks(filters, {(c.doc_id, c.start) for c in found})
        documents = self.documents_for({c.doc_id for c in found})
        units = split_chunks(found, documents, keep_boilerplate=bool(keep_rules))
        units = [
            u for u in units if u.kind is not StatementKind.boilerplate or u.kind_rule in keep_rules
        ]
        return self.rank(query, units, sections)

    def header_chunks(self, filters: SearchFilters, seen: set[tuple[str, int]]) -> list[Chunk]:
        """The header chunks (date, venue, who was present) of the area's documents:
        a few words each, so search rarely ranks them, yet they say when and where."""
        headers = []
        for info in self.corpus.documents():
            if info.local_area != filters.local_area:
                continue
            if filters.doc_type and info.doc_type != filters.doc_type:
                continue
            headers += [
                c
                for c in self.corpus.document_chunks(info.doc_id)
                if c.section is SectionKind.header and (c.doc_id, c.start) not in seen
            ]
        return headers

    def rank(
        self, query: str, units: list[Evidence], sections: set[SectionKind] | None = None
    ) -> list[Evidence]:
        """Score units: meaning (cosine) + shared words + a nudge for the wanted sections."""
        if not units:
            return []
        vectors = self.corpus.embedder.embed_documents([query, *[u.text for u in units]])
        scored = []
        for unit, vector in zip(units, vectors[1:], strict=True):
            score = 0.7 * cosine(vectors[0], vector) + 0.3 * query_coverage(query, unit.text)
            if sections and unit.section in sections:
                score += SECTION_BOOST
            scored.append(unit.model_copy(update={"relevance": round(score, 4)}))
        return sorted(scored, key=lambda u: u.relevance, reverse=True)
