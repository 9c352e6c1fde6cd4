"""The persisted, incremental BM25 index: scores, filters, reuse and freshness."""

from __future__ import annotations

import math
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.index.bm25 import Bm25Matrix, Row, Vocabulary, build_segment
from assistant.index.ingest import Ingestor
from assistant.index.lexical import LexicalIndex, indexed_text, lexical_folder, tokenize
from assistant.index.store import ChunkStore, date_number
from assistant.records import Chunk, DocType, SearchFilters, SectionKind
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

TORBAY = "torbay-2024-02-wsoa-review-note"
WIRRAL = "wirral-2022-04-wsoa-review-preparation"


def reference_bm25(docs: list[list[str]], query: list[str]) -> list[float]:
    """BM25 Okapi written out plainly (k1 1.5, b 0.75, negative idf floored at 0.25 x mean)."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    df = Counter(t for d in docs for t in set(d))
    idf = {t: math.log(n - f + 0.5) - math.log(f + 0.5) for t, f in df.items()}
    floor = 0.25 * sum(idf.values()) / len(idf)
    idf = {t: floor if v < 0 else v for t, v in idf.items()}
    scores = []
    for doc in docs:
        tf = Counter(doc)
        scores.append(
            sum(
                idf.get(q, 0.0) * tf[q] * 2.5 / (tf[q] + 1.5 * (1 - 0.75 + 0.75 * len(doc) / avgdl))
                for q in query
            )
        )
    return scores


def keeps(chunk: Chunk, filters: SearchFilters) -> bool:
    """The filters as the Python predicate the lexical side used before (the reference)."""
    low = date_number(filters.date_from) if filters.date_from else None
    high = date_number(filters.date_to, upper=True) if filters.date_to else None
    when = date_number(chunk.date)
    return not (
        (filters.local_area and chunk.local_area.lower() != filters.local_area.lower())
        or (filters.doc_type and chunk.doc_type != filters.doc_type)
        or (filters.priority is not None and chunk.priority != filters.priority)
        or (filters.section and chunk.section != filters.section)
        or (filters.doc_ids and chunk.doc_id not in filters.doc_ids)
        or (low is not None and when < low)
        or (high is not None and when > high)
    )


def reference_search(
    chunks: list[Chunk], query: str, filters: SearchFilters
) -> list[tuple[str, float]]:
    docs = [tokenize(indexed_text(c.local_area, c.priority_title, c.text)) for c in chunks]
    scores = reference_bm25(docs, tokenize(query))
    return sorted(
        (
            (c.chunk_id, s)
            for c, s in zip(chunks, scores, strict=True)
            if s > 0 and keeps(c, filters)
        ),
        key=lambda pair: (-pair[1], pair[0]),
    )


class CountingCollection:
    """A Chroma collection that logs every ``get`` made with a ``where`` (reads by document)."""

    def __init__(self, inner: Any, log: list[dict[str, Any]]) -> None:
        self._inner = inner
        self._log = log

    def get(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("where") is not None:
            self._log.append(kwargs["where"])
        return self._inner.get(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class CountingStore(ChunkStore):
    """A ChunkStore whose chunk reads by document are counted."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.reads_by_document: list[dict[str, Any]] = []

    @property
    def chunks(self) -> Any:
        return CountingCollection(super().chunks, self.reads_by_document)


def settings_at(index_dir: Path) -> Settings:
    settings = Settings()
    settings.paths.index_dir = index_dir
    return settings


def assistant_at(index_dir: Path, counting: bool = False) -> Assistant:
    settings = settings_at(index_dir)
    store = CountingStore(settings) if counting else None
    return Assistant(store=store, embedder=HashEmbedder(), settings=settings)


def lexical_ids(assistant: Assistant, query: str, filters: SearchFilters | None = None) -> list:
    return [
        c.chunk_id for c, _ in assistant.retriever.lexical(query, filters or SearchFilters(), 50)
    ]


def segment_files(index_dir: Path) -> dict[str, tuple[int, int]]:
    folder = lexical_folder(ChunkStore(settings_at(index_dir)))
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.seg")}


@pytest.fixture()
def index_copy(fake_index_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(fake_index_dir, copy)
    return copy


def edited_copy(tmp_path: Path, name: str, extra: str) -> Path:
    folder = tmp_path / "edited"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text((CORPUS / "manifest.json").read_text())
    target = folder / f"{name}.txt"
    target.write_text((CORPUS / target.name).read_text() + f"\n{extra}\n")
    return target


def test_scores_match_a_reference_bm25_on_a_fixed_corpus() -> None:
    texts = {
        "a": ["speech and language therapy waiting times", "therapy plans issued within 20 weeks"],
        "b": ["waiting times for therapy are long", "EHC plans 20 weeks plans plans therapy", ""],
        "c": ["the parent carer forum co-produced 5.1.2", "therapy therapy waiting"],
    }
    segments = [
        build_segment(
            doc_id,
            "fp",
            local_area="Area",
            doc_type="review_note",
            date_num=20240101,
            rows=[Row(f"{doc_id}{i}", tokenize(t), -1, "other") for i, t in enumerate(chunks)],
        )
        for doc_id, chunks in texts.items()
    ]
    matrix = Bm25Matrix(segments, Vocabulary())
    docs = [tokenize(t) for chunks in texts.values() for t in chunks]
    # Repeated words, a word in most chunks (negative idf), a ref, an unknown word.
    for query in ["waiting therapy therapy", "plans 20 weeks", "5.1.2 forum", "unheard of"]:
        expected = reference_bm25(docs, tokenize(query))
        assert np.allclose(matrix.scores(tokenize(query)), expected, rtol=1e-9, atol=1e-12)
    assert matrix.top(tokenize("unheard of"), SearchFilters(), 5) == []


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(local_area="torbay"),
        SearchFilters(doc_type=DocType.review_note),
        SearchFilters(local_area="Shropshire", priority=4),
        SearchFilters(section=SectionKind.impact),
        SearchFilters(date_from="2022-05", date_to="2023-12"),
        SearchFilters(date_to="2022-04"),
        SearchFilters(doc_ids=[TORBAY, WIRRAL]),
    ],
    ids=["none", "area", "doc-type", "area+priority", "section", "dates", "date-to", "doc-ids"],
)
def test_search_and_filters_match_the_reference(
    fake_index_dir: Path, filters: SearchFilters
) -> None:
    assistant = assistant_at(fake_index_dir)
    chunks = assistant.store.all_chunks()
    for query in ["waiting times for speech and language therapy", "EHC plans 20 weeks"]:
        expected = reference_search(chunks, query, filters)
        assert expected, "each filter should match something in the bundled corpus"
        got = assistant.retriever.lexical(query, filters, len(chunks))
        scores = {c.chunk_id: s for c, s in got}
        assert set(scores) == {i for i, _ in expected}
        assert all(math.isclose(scores[i], s, rel_tol=1e-9) for i, s in expected)
        assert [s for _, s in got] == sorted(scores.values(), reverse=True)


def test_a_new_assistant_reuses_the_saved_segments(index_copy: Path) -> None:
    first = assistant_at(index_copy)
    expected = lexical_ids(first, "speech and language therapy waiting times")
    assert expected

    second = assistant_at(index_copy, counting=True)
    assert lexical_ids(second, "speech and language therapy waiting times") == expected
    assert second.lexical.chunks_read == 0
    assert second.store.reads_by_document == []  # type: ignore[attr-defined]

    # Without saved segments, the chunks are read once and saved for the next process.
    shutil.rmtree(index_copy / "lexical")
    rebuilt = assistant_at(index_copy, counting=True)
    assert lexical_ids(rebuilt, "speech and language therapy waiting times") == expected
    assert rebuilt.lexical.chunks_read == rebuilt.store.chunk_count()
    third = assistant_at(index_copy, counting=True)
    assert lexical_ids(third, "speech and language therapy waiting times") == expected
    assert third.lexical.chunks_read == 0


def test_a_damaged_segment_file_is_rebuilt_from_the_store(index_copy: Path) -> None:
    expected = lexical_ids(assistant_at(index_copy), "data risk tracker")
    store = ChunkStore(settings_at(index_copy))
    damaged = LexicalIndex(store)._path(WIRRAL)
    damaged.write_bytes(damaged.read_bytes()[:-7])  # cut short, as by a full disk

    assistant = assistant_at(index_copy, counting=True)
    assert lexical_ids(assistant, "data risk tracker") == expected
    assert assistant.lexical.chunks_read == len(store.chunks_of(WIRRAL))
    assert assistant.store.reads_by_document == [{"doc_id": WIRRAL}]  # type: ignore[attr-defined]


def test_ingest_updates_only_that_documents_segment(index_copy: Path, tmp_path: Path) -> None:
    assistant = assistant_at(index_copy, counting=True)
    assert not lexical_ids(assistant, "zebrafinch respite")
    before = segment_files(index_copy)

    assistant.ingest([edited_copy(tmp_path, TORBAY, "A zebrafinch respite scheme started.")])
    found = assistant.retriever.lexical("zebrafinch", SearchFilters(), 5)
    assert [c.doc_id for c, _ in found] == [TORBAY]
    assert "zebrafinch" in found[0][0].text
    assert assistant.lexical.chunks_read == 0  # built from the chunks just written
    after = segment_files(index_copy)
    changed = {name for name in before if before[name] != after.get(name)}
    assert len(changed) == 1 and set(after) == set(before)


def test_delete_removes_the_documents_segment(index_copy: Path) -> None:
    assistant = assistant_at(index_copy)
    assert WIRRAL in {
        c.doc_id for c, _ in assistant.retriever.lexical("data risk tracker", SearchFilters(), 10)
    }
    before = segment_files(index_copy)

    assistant.delete(WIRRAL)
    found = assistant.retriever.lexical("data risk tracker", SearchFilters(), 50)
    assert WIRRAL not in {c.doc_id for c, _ in found}
    after = segment_files(index_copy)
    assert len(after) == len(before) - 1
    assert all(before[name] == stat for name, stat in after.items())
    # Scores now match a reference over the remaining chunks only.
    expected = reference_search(assistant.store.all_chunks(), "data risk tracker", SearchFilters())
    assert np.allclose(sorted(s for _, s in found), sorted(s for _, s in expected[:50]))


def test_a_write_by_another_assistant_is_seen_on_the_next_search(
    index_copy: Path, tmp_path: Path
) -> None:
    reader = assistant_at(index_copy, counting=True)
    assert not lexical_ids(reader, "zebrafinch")
    writer = assistant_at(index_copy)  # another process on the same folder
    writer.ingest([edited_copy(tmp_path, TORBAY, "A zebrafinch respite scheme started.")])

    found = reader.retriever.lexical("zebrafinch", SearchFilters(), 5)
    assert [c.doc_id for c, _ in found] == [TORBAY]
    # The writer saved the new segment; the reader loaded it instead of reading chunks.
    assert reader.lexical.chunks_read == 0

    writer.delete(TORBAY)
    assert not lexical_ids(reader, "zebrafinch")
    assert lexical_ids(reader, "data risk tracker")


def test_a_write_without_a_lexical_index_is_refreshed_from_the_store(
    index_copy: Path, tmp_path: Path
) -> None:
    reader = assistant_at(index_copy, counting=True)
    assert not lexical_ids(reader, "zebrafinch")
    # A bare store and ingestor (a script, or another machine): no segment is saved.
    store = ChunkStore(settings_at(index_copy))
    Ingestor(store, HashEmbedder(), 700).ingest(
        [edited_copy(tmp_path, TORBAY, "A zebrafinch respite scheme started.")]
    )

    found = reader.retriever.lexical("zebrafinch", SearchFilters(), 5)
    assert [c.doc_id for c, _ in found] == [TORBAY]
    # Only the changed document's chunks were read, in one request.
    assert reader.lexical.chunks_read == len(store.chunks_of(TORBAY))
    assert reader.store.reads_by_document == [{"doc_id": TORBAY}]  # type: ignore[attr-defined]


def test_real_index_lexical_ranking_matches_the_reference(
    shared_real_assistant: Assistant,
) -> None:
    chunks = shared_real_assistant.store.all_chunks()
    filters = SearchFilters(doc_type=DocType.inspection_report)
    query = "areas for improvement waiting times"
    expected = reference_search(chunks, query, filters)[:10]
    got = shared_real_assistant.search(query, filters, k=10, mode="lexical")
    assert {r.chunk.doc_id for r in got} <= {"bedford", "wiltshire"}
    assert np.allclose([r.score for r in got], [s for _, s in expected])
    assert got[0].chunk.chunk_id == expected[0][0]
