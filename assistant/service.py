"""The one library facade the CLI, the UI, the evals and the benchmarks call.

``Assistant(store=None, embedder=None, settings=None)``: every dependency is
injected, with defaults built from settings, so tests pass fakes or tmp paths.
Heavy parts (the embedding model, Chroma) load on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from assistant.corpus.originals import Originals
from assistant.domain.injection import spans_from_record
from assistant.errors import AssistantError, EmptyIndexError, StoreError
from assistant.index.lexical import LexicalIndex
from assistant.index.store import ChunkStore
from assistant.index.store_io import describe_failure
from assistant.records import (
    Action,
    AreaPriority,
    Chunk,
    DocType,
    Document,
    DocumentInfo,
    DocumentMeta,
    IngestOutcome,
    IngestStatus,
    PriorityMention,
    RepairReport,
    SearchFilters,
    SearchResult,
)
from assistant.settings import Settings, get_settings

T = TypeVar("T")

if TYPE_CHECKING:  # imported where used: commands that read the store stay quick to start
    from langchain_core.embeddings import Embeddings

    from assistant.corpus.manifest import MetadataOverrides
    from assistant.grounding.note import Note
    from assistant.grounding.records import (
        Answer,
        Citation,
        Comparison,
        Draft,
        GapReport,
        PriorityRef,
    )
    from assistant.grounding.understanding import IntentClassifier
    from assistant.index.ingest import Ingestor, Progress
    from assistant.index.retriever import HybridRetriever, Mode
    from assistant.index.unit_cache import UnitVectorCache
    from assistant.llm.base import ChatModel
    from assistant.timescale import PriorityTimescale


class Assistant:
    """Index, search and (in later layers) answer over the WSoA corpus."""

    def __init__(
        self,
        store: ChunkStore | None = None,
        embedder: Embeddings | None = None,
        settings: Settings | None = None,
        chat: ChatModel | None = None,
        backend: str | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.store = store or ChunkStore(self.settings)
        self._embedder = embedder
        self._intents: IntentClassifier | None = None
        self._unit_cache: UnitVectorCache | None = None
        self._originals: Originals | None = None
        self._chat = chat
        self._chat_resolved = chat is not None
        self.backend = backend
        self._retriever: HybridRetriever | None = None
        # Created now so that it listens to every write, ingests included (no I/O yet).
        self.lexical = LexicalIndex(self.store)
        self._documents: dict[str, Document] = {}
        self._cache: dict[str, object] = {}
        self._cache_token: str | None = None  # the store's commit token the caches match
        self._reopened_seen = 0

    # -- components ---------------------------------------------------------------

    @property
    def embedder(self) -> Embeddings:
        """The configured runtime's model (loaded on first embedding), cached by text.

        Evidence-unit vectors written at ingest are read from the unit cache on demand,
        not preloaded: start-up costs nothing whatever the index size.
        """
        if self._embedder is None:
            from assistant.index.embedder import CachedEmbedder, make_embedder

            self._embedder = CachedEmbedder(make_embedder(self.settings), backing=self.unit_cache)
        return self._embedder

    @property
    def intents(self) -> IntentClassifier:
        """The question-intent classifier, trained on its examples on first use."""
        if self._intents is None:
            from assistant.grounding.understanding import IntentClassifier

            self._intents = IntentClassifier(self.embedder)
        return self._intents

    @property
    def unit_cache(self) -> UnitVectorCache | None:
        """Evidence-unit vectors on local disk, per embedder (see assistant.index.unit_cache).

        None in server mode: a client of a shared server keeps nothing on its own disk, so
        its questions embed evidence units on demand (and remember them in memory).
        """
        if self._unit_cache is None and not self.settings.store.chroma_url:
            from assistant.index.unit_cache import UnitVectorCache

            identity = getattr(self._embedder, "identity", None)
            if identity is None and self._embedder is None:
                from assistant.index.embedder import embedder_identity

                identity = embedder_identity(self.settings.embedding)
            self._unit_cache = UnitVectorCache(
                self.settings.paths.index_dir / "unit-vectors",
                identity or type(self._embedder).__name__,
            )
        return self._unit_cache

    @property
    def chat(self) -> ChatModel | None:
        """The chat model for the chosen backend; None means extractive (no LLM)."""
        if not self._chat_resolved:
            from assistant.llm.factory import make_chat_model

            self._chat = make_chat_model(self.settings, self.backend)
            self._chat_resolved = True
        return self._chat

    def use_backend(self, backend: str | None) -> None:
        """Switch the LLM backend; the chat model is resolved again on next use."""
        self.backend = backend
        self._chat = None
        self._chat_resolved = False

    def backend_description(self) -> str:
        """What answers and drafts are written with, without loading a model."""
        if self._chat_resolved:
            return self._chat.name if self._chat else "extractive (no LLM)"
        from assistant.llm.factory import describe_backend

        return describe_backend(self.settings, self.backend)

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            from assistant.index.retriever import HybridRetriever

            identity = getattr(self.embedder, "identity", None)
            if identity:  # never query an index with another embedder's vectors
                self.store.check_embedder(identity)
            self._retriever = HybridRetriever(
                self.store, self.embedder, self.settings.retrieval, self.lexical
            )
        return self._retriever

    # -- indexing -----------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path],
        overrides: MetadataOverrides | None = None,
        progress: Progress | None = None,
    ) -> list[IngestOutcome]:
        """Add or update documents; see :class:`Ingestor` for the guarantees. An added
        PDF is kept (see :class:`Originals`) so its citations can show their page."""
        before = {d.doc_id: d.content_hash for d in self.documents()}
        outcomes = self._ingestor().ingest(paths, overrides, progress)
        written = [o for o in outcomes if o.status in (IngestStatus.added, IngestStatus.replaced)]
        if written:
            self._sync()
            after = {d.doc_id: d.content_hash for d in self.documents()}
            for outcome in written:
                if outcome.doc_id in after:
                    self.originals.keep(Path(outcome.path), after[outcome.doc_id])
                old = before.get(outcome.doc_id)
                if old and old != after.get(outcome.doc_id):
                    self.originals.forget(old)
        return outcomes

    @property
    def originals(self) -> Originals:
        """Where documents' PDFs are found again (kept copies beside a local index)."""
        if self._originals is None:
            folder = None if self.settings.store.chroma_url else self.settings.paths.index_dir
            self._originals = Originals(
                folder / "originals" if folder else None, self.bundled_sources()
            )
        return self._originals

    def page_image(self, citation: Citation) -> bytes | None:
        """The cited PDF page as a PNG with the quote marked; None when the page is not
        known exactly or the document's PDF is not at hand."""
        if citation.page is None:
            return None
        info = self.document_info(citation.doc_id)
        path = self.originals.find(info) if info else None
        if path is None:
            return None
        from assistant.render.page_image import page_png

        try:
            return page_png(path, citation.page, citation.quote)
        except Exception:  # noqa: BLE001 - a page we cannot draw leaves the passage as text
            return None

    def _ingestor(self) -> Ingestor:
        from assistant.index.ingest import Ingestor

        return Ingestor(
            self.store,
            self.embedder,
            self.settings.retrieval.max_chunk_chars,
            self.settings.ingest,
            unit_cache=self.unit_cache,
        )

    def preview(self, path: Path) -> DocumentMeta:
        """Metadata a file would be ingested with (manifest or detection); nothing is stored.

        Raises :class:`LoadError` for a file that cannot be read, with the reason.
        """
        from assistant.corpus.loaders import load_document
        from assistant.index.bounds import check_file_bounds

        check_file_bounds(path, self.settings.ingest)  # a preview never unpacks a bomb
        return load_document(path).meta

    def bundled_sources(self) -> list[Path]:
        """The folders indexed on first start: the bundled corpus, then each library folder."""
        paths = self.settings.paths
        return [paths.corpus_dir, *paths.library_dirs]

    def ensure_index(self, progress: Progress | None = None) -> list[IngestOutcome]:
        """First start of the app: index the bundled corpus into a store never built.

        A store that has held documents is left alone even when deletes emptied it, so
        deleted documents never come back. Read commands never build (see :meth:`build_index`).
        """
        self._sync()
        if self.store.initialised():
            return []
        return self.build_index(progress)

    def build_index(self, progress: Progress | None = None) -> list[IngestOutcome]:
        """Index the bundled corpus and library folders (`wsoa build`); unchanged files skip."""
        outcomes = self.ingest(self.bundled_sources(), progress=progress)
        self.store.mark_initialised("bundled corpus built")
        return outcomes

    def is_empty(self) -> bool:
        """Whether the index holds no documents (cheap: no Chroma is opened for a new folder)."""
        return self.store.never_created() or self.store.document_count() == 0

    def require_documents(self) -> None:
        """Raise :class:`EmptyIndexError` (saying how to build it) when the index is empty."""
        if self.is_empty():
            raise EmptyIndexError(self.store.location)

    def delete(self, doc_id: str) -> None:
        info = self.document_info(doc_id)
        self.store.delete_document(doc_id)
        if info is not None:
            self.originals.forget(info.content_hash)
        if self.unit_cache is not None:
            self.unit_cache.delete(doc_id)

    def repair(self) -> RepairReport:
        """Remove what interrupted writes left; check and rebuild the on-disk caches.

        The lexical segments and cached unit vectors are checked against their digests and
        the store's records; a damaged one is rebuilt from the store (the vectors by
        embedding the document's units again). Documents missing chunks are listed.
        """
        report = self.store.repair()
        lexical = self.lexical.verify()
        vectors: list[str] = []
        if self.unit_cache is not None:
            doc_ids = [str(r["doc_id"]) for r in self.store.list_documents()]
            vectors = self.unit_cache.verify(doc_ids)
            for doc_id in vectors:
                self._rebuild_units(doc_id)
        return report.model_copy(update={"lexical_rebuilt": lexical, "vectors_rebuilt": vectors})

    def _rebuild_units(self, doc_id: str) -> None:
        document, chunks = self.store.get_document(doc_id), self.store.chunks_of(doc_id)
        self._ingestor().rebuild_units(document, chunks)

    def _sync(self) -> None:
        """Drop caches when any process has written to the store since they were built.

        One read of the store's commit token. After a write the retriever is rebuilt (its
        lexical index and, when another process wrote, its client are out of date).
        """
        token = self.store.refresh()
        if token != self._cache_token or self.store.reopened != self._reopened_seen:
            self._reopened_seen = self.store.reopened
            self._cache, self._documents = {}, {}
            self._retriever = None  # its lexical index and client predate the write
            self._cache_token = token

    # -- reading ------------------------------------------------------------------

    def _cached(self, name: str, build: Callable[[], T]) -> T:
        """A value derived from the store, rebuilt when the store changes."""
        self._sync()
        if name not in self._cache:
            self._cache[name] = build()
        return cast(T, self._cache[name])

    def documents(self) -> list[DocumentInfo]:
        """Every stored document with its metadata and chunk count ([] for an empty index)."""
        if self.store.never_created():
            return []  # a read never creates the store (nor builds it)
        return list(self._cached("documents", self._load_documents))

    def document_info(self, doc_id: str) -> DocumentInfo | None:
        """One stored document's metadata, or None when no document has that id."""
        return next((d for d in self.documents() if d.doc_id == doc_id), None)

    def _load_documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                doc_id=r["doc_id"],
                title=r["title"],
                local_area=r["local_area"],
                doc_type=DocType(r["doc_type"]),
                date=r["date"],
                source=r["source"],
                chunks=int(r["chunks"]),
                pages=int(r["page_count"]),
                chars=int(r["chars"]),
                content_hash=r["content_hash"],
                injections=spans_from_record(r),
            )
            for r in self.store.list_documents()
        ]

    def show(self, doc_id: str) -> Document:
        """A document with its canonical text and page spans."""
        self.require_documents()
        return self.store.get_document(doc_id)

    def document(self, doc_id: str) -> Document:
        """Like :meth:`show`, cached until the store next changes (for hot paths)."""
        if self._cache_token is None:
            self._sync()
        if doc_id not in self._documents:
            self._documents[doc_id] = self.store.get_document(doc_id)
        return self._documents[doc_id]

    def local_areas(self) -> list[str]:
        return sorted({d.local_area for d in self.documents()})

    def canonical_area(self, local_area: str) -> str:
        """The indexed spelling of an area name (any case); raises if no document has it."""
        known = self.local_areas()
        if not known:
            raise EmptyIndexError(self.store.location)
        for area in known:
            if area.lower() == local_area.strip().lower():
                return area
        raise AssistantError(
            f"No documents for local area '{local_area}'. Known areas: {', '.join(known)}."
        )

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        k: int | None = None,
        mode: Mode = "hybrid",
    ) -> list[SearchResult]:
        """Hybrid (or dense-only / lexical-only) search with metadata filters."""
        _require_text(query, "Type some words to search for.")
        self._check_length(query, "search")
        if k is not None and k < 1:
            raise AssistantError(f"Ask for at least one result (k was {k}).")
        self.require_documents()
        try:
            return self.retriever.search(query, filters, k, mode)
        except AssistantError:
            raise
        except Exception as error:
            if not type(error).__module__.startswith("chromadb"):
                raise
            raise StoreError(describe_failure(self.store.location, error)) from error

    def priority_chunks(self, local_area: str, priorities: list[int]) -> list[Chunk]:
        """Every chunk of an area's documents on ``priorities`` (drafts read them all)."""
        return self.store.chunks_of_priorities(local_area, priorities)

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one document (the whole note reads a note's own sections)."""
        return self.store.chunks_of(doc_id)

    def priorities(self, local_area: str | None = None) -> list[AreaPriority]:
        """Priorities per local area, merged across each area's documents."""
        every = self._cached("priorities", lambda: self._merge_priorities(None))
        if local_area is None:
            return list(every)
        area = self.canonical_area(local_area)
        return [p for p in every if p.local_area == area]

    def _merge_priorities(self, local_area: str | None) -> list[AreaPriority]:
        merged: dict[tuple[str, int], AreaPriority] = {}
        docs = [
            d
            for d in self.documents()
            if local_area is None or d.local_area.lower() == local_area.lower()
        ]
        # Oldest first so that later documents are appended after the WSoA that set them.
        for doc in sorted(docs, key=lambda d: d.date):
            for priority in self.store.priorities(doc.doc_id):
                key = (doc.local_area, priority.number)
                entry = merged.setdefault(
                    key, AreaPriority(local_area=doc.local_area, number=priority.number, title="")
                )
                entry.mentions.append(
                    PriorityMention(
                        doc_id=doc.doc_id,
                        doc_type=doc.doc_type,
                        date=doc.date,
                        title=priority.title,
                    )
                )
        for entry in merged.values():
            entry.title = _preferred_title(entry.mentions)
        return sorted(merged.values(), key=lambda p: (p.local_area, p.number))

    def actions(
        self,
        local_area: str,
        priority: int | None = None,
        rag: str | None = None,
        overdue_at: str | None = None,
    ) -> list[Action]:
        """The area's registered actions, newest document first, filtered by rating/overdue.

        ``overdue_at`` (YYYY-MM) keeps actions due before that month and not complete.
        Reads the store only: no embedding model is loaded.
        """
        from assistant.timescale import filter_actions

        area = self.canonical_area(local_area)
        found = self.store.actions(area, priority)  # each document in its own order
        found.sort(key=lambda a: a.date, reverse=True)  # stable: newest document first
        try:
            return filter_actions(found, rag=rag, overdue_at=overdue_at)
        except ValueError as error:
            raise AssistantError(str(error)) from error

    def timescale_check(
        self, local_area: str, at: str, priority: int | None = None
    ) -> list[PriorityTimescale]:
        """A note's "actions/timescale check": per priority, actions by RAG, overdue at ``at``."""
        from assistant.timescale import timescale_check

        every = self.actions(local_area, priority)
        try:
            return timescale_check(every, at)
        except ValueError as error:
            raise AssistantError(str(error)) from error

    # -- grounded output (ask, draft, compare, gaps) ---------------------------------

    def ask(
        self, question: str, local_area: str | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        """A cited answer, or an abstention when the documents do not say."""
        from assistant.grounding.ask import Asker

        self._check_question(question)
        return Asker(self, self.chat, classifier=self.intents).ask(question, local_area, filters)

    def ask_stream(
        self, question: str, local_area: str | None = None, filters: SearchFilters | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as they are written, then the checked Answer."""
        from assistant.grounding.ask import Asker

        self._check_question(question)
        return Asker(self, self.chat, classifier=self.intents).stream(question, local_area, filters)

    def _check_question(self, question: str) -> None:
        _require_text(question, _EMPTY_QUESTION)
        self._check_length(question, "question")
        self.require_documents()

    def _check_length(self, text: str, what: str) -> None:
        limit = self.settings.retrieval.max_question_chars
        if len(text) > limit:
            raise AssistantError(
                f"The {what} is {len(text):,} characters long; the limit is {limit:,}. "
                "Ask about one thing in a sentence or two (raise the limit with "
                "WSOA_RETRIEVAL_MAX_QUESTION_CHARS)."
            )

    def draft(self, local_area: str, priority: int, as_of: str | None = None) -> Draft:
        """The three note sections for one of an area's priorities, every sentence cited."""
        from assistant.grounding.draft import Drafter

        return Drafter(self, self.chat).draft(local_area, priority, as_of)

    def draft_stream(
        self, local_area: str, priority: int, as_of: str | None = None
    ) -> Iterator[str | Draft]:
        from assistant.grounding.draft import Drafter

        return Drafter(self, self.chat).stream(local_area, priority, as_of)

    def note(self, local_area: str, as_of: str | None = None) -> Note:
        """The whole note of a review meeting, one citation numbering throughout.

        Extractive, so it is quick for every priority.
        """
        from assistant.grounding.note import NoteComposer

        return NoteComposer(self).compose(local_area, as_of)

    def compare(self, theme: str, local_areas: list[str] | None = None) -> Comparison:
        from assistant.grounding.compare import Comparer

        return Comparer(self).compare(theme, local_areas)

    def areas_on_theme(self, theme: str) -> list[str]:
        """The areas with a priority on a theme (a key or words): a comparison's shortcut."""
        from assistant.grounding.compare import Comparer

        return Comparer(self).areas_on_theme(theme)

    def themes(self) -> dict[str, dict[str, list[PriorityRef]]]:
        from assistant.grounding.compare import Comparer

        return Comparer(self).theme_map()

    def gaps(self, local_area: str) -> GapReport:
        from assistant.grounding.compare import Comparer

        return Comparer(self).gaps(local_area)


_EMPTY_QUESTION = (
    "The question is empty. Type what you want to know, e.g. "
    "'What evidence do we have for Shropshire priority 5?'"
)


def _require_text(text: str, message: str) -> None:
    if not text or not text.strip():
        raise AssistantError(message)


def _preferred_title(mentions: list[PriorityMention]) -> str:
    """The WSoA's wording when there is one (it defines the priority), else the latest."""
    titled = [m for m in mentions if m.title]
    if not titled:
        return ""
    for mention in titled:
        if mention.doc_type == DocType.wsoa:
            return mention.title
    return titled[-1].title
