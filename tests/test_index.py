"""The index with the real embedding model and a real Chroma store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import EmptyIndexError
from assistant.records import DocType, IngestStatus, SearchFilters, SectionKind
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

CORPUS_IDS = {p.stem for p in CORPUS.glob("*.txt")}


def fake_assistant(tmp_path: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = tmp_path / "fake-index"
    return Assistant(embedder=HashEmbedder(), settings=settings)


def snapshot(assistant: Assistant) -> tuple[list[str], list[dict]]:
    """Everything observable in the store: chunk ids+metadata and document records."""
    got = assistant.store.chunks.get(include=["metadatas", "documents"])
    chunks = sorted(
        zip(
            got["ids"],
            got["documents"],
            [str(sorted(m.items())) for m in got["metadatas"]],
            strict=False,
        )
    )
    return chunks, assistant.store.list_documents()


def test_real_index_holds_every_document(shared_real_assistant: Assistant) -> None:
    docs = {d.doc_id: d for d in shared_real_assistant.documents()}
    assert set(docs) == CORPUS_IDS | {"bedford", "wiltshire"}
    assert docs["torbay-2024-02-wsoa-review-note"].local_area == "Torbay"
    assert docs["bedford"].doc_type == DocType.inspection_report
    assert docs["bedford"].pages > 1
    assert all(d.chunks > 3 for d in docs.values())


def test_every_search_result_is_an_exact_span(shared_real_assistant: Assistant) -> None:
    queries = [
        "waiting times for speech and language therapy",
        "EHC plans issued within 20 weeks",
        "co-production with the parent carer forum",
        "areas for improvement in the inspection",
    ]
    texts: dict[str, str] = {}
    for query in queries:
        for result in shared_real_assistant.search(query, k=8):
            c = result.chunk
            text = texts.setdefault(c.doc_id, shared_real_assistant.show(c.doc_id).text)
            assert text[c.start : c.end] == c.text
            assert c.page == shared_real_assistant.show(c.doc_id).page_at(c.start)


@pytest.mark.parametrize(
    ("query", "filters", "doc_id"),
    [
        (
            "Coventry model for the neurodevelopmental pathway",
            SearchFilters(),
            "shropshire-2022-05-wsoa-review-note-mr5",
        ),
        (
            "Data Risk Tracker escalation",
            SearchFilters(local_area="Wirral"),
            "wirral-2022-04-wsoa-review-preparation",
        ),
        (
            "SEND Family Voice co-chair",
            SearchFilters(local_area="Torbay"),
            "torbay-2024-02-wsoa-review-note",
        ),
        (
            "self-help passport for 18 to 25 year olds",
            SearchFilters(doc_type=DocType.accelerated_progress_plan),
            "shropshire-2023-accelerated-progress-plan",
        ),
    ],
    ids=["mr5-coventry", "wirral-data-risk", "torbay-family-voice", "app-passport"],
)
def test_hybrid_search_finds_the_passage(
    shared_real_assistant: Assistant, query: str, filters: SearchFilters, doc_id: str
) -> None:
    results = shared_real_assistant.search(query, filters, k=5)
    assert doc_id in [r.chunk.doc_id for r in results]


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(local_area="Shropshire"),
        SearchFilters(local_area="Torbay", priority=6),
        SearchFilters(doc_type=DocType.review_note),
        SearchFilters(section=SectionKind.impact),
        SearchFilters(date_from="2022-05", date_to="2023-12"),
    ],
    ids=["area", "area+priority", "doc-type", "section", "date-range"],
)
@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_filters_hold_for_every_result(
    shared_real_assistant: Assistant, filters: SearchFilters, mode: str
) -> None:
    results = shared_real_assistant.search("plans and waiting times", filters, k=10, mode=mode)  # type: ignore[arg-type]
    assert results, "each filter should still match something in this corpus"
    for r in results:
        c = r.chunk
        if filters.local_area:
            assert c.local_area == filters.local_area
        if filters.priority is not None:
            assert c.priority == filters.priority
        if filters.doc_type:
            assert c.doc_type == filters.doc_type
        if filters.section:
            assert c.section == filters.section
        if filters.date_from:
            assert "2022-05" <= c.date[:7] <= "2023-12"


def test_reingest_is_idempotent_and_changes_replace(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    before = snapshot(real_assistant)
    again = real_assistant.ingest([CORPUS])
    assert {o.status for o in again} == {IngestStatus.unchanged}
    assert snapshot(real_assistant) == before

    edited_dir = tmp_path / "edited"
    edited_dir.mkdir()
    source = CORPUS / "torbay-2024-02-wsoa-review-note.txt"
    edited = edited_dir / source.name
    edited.write_text(source.read_text() + "\nA new closing paragraph about respite care.\n")
    (edited_dir / "manifest.json").write_text((CORPUS / "manifest.json").read_text())
    [outcome] = real_assistant.ingest([edited])
    assert outcome.status == IngestStatus.replaced
    doc = real_assistant.show("torbay-2024-02-wsoa-review-note")
    assert doc.text.endswith("respite care.\n")
    chunks = real_assistant.store.chunks_of(doc.doc_id)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)
    assert any("respite care" in c.text for c in chunks)
    # The other documents were not touched.
    assert snapshot(real_assistant)[1][0] == before[1][0]


def test_bad_files_fail_and_leave_the_real_index_unchanged(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    from tests.badfiles import write_all_bad_files

    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad_files = write_all_bad_files(bad_dir)
    before = snapshot(real_assistant)
    outcomes = real_assistant.ingest(bad_files)
    assert len(outcomes) == len(bad_files)
    for outcome, path in zip(outcomes, bad_files, strict=True):
        assert outcome.status == IngestStatus.failed
        assert path.name in outcome.reason
        assert "\n" not in outcome.reason
    assert snapshot(real_assistant) == before


def test_store_failure_mid_write_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = fake_assistant(tmp_path)
    assistant.ingest([CORPUS])
    before = snapshot(assistant)

    edited = tmp_path / "torbay-2024-02-wsoa-review-note.txt"
    edited.write_text((CORPUS / edited.name).read_text() + "\nExtra paragraph.\n")
    collection = assistant.store.chunks
    real_add = type(collection).add
    calls = {"n": 0}

    def failing_add(self, *args, **kwargs):  # first batch lands, then the disk "fills up"
        calls["n"] += 1
        real_add(self, *args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(type(collection), "add", failing_add)
    [outcome] = assistant.ingest([edited])
    monkeypatch.undo()
    assert calls["n"] == 1
    assert outcome.status == IngestStatus.failed
    assert "left as it was" in outcome.reason
    assert snapshot(assistant) == before


def test_a_read_never_builds_the_index_and_a_build_is_explicit(tmp_path: Path) -> None:
    assistant = fake_assistant(tmp_path)
    assert assistant.documents() == []  # a read: nothing built, no store created
    assert assistant.store.never_created()
    with pytest.raises(EmptyIndexError, match="wsoa build"):
        assistant.search("data risk tracker")
    with pytest.raises(EmptyIndexError, match="wsoa build"):
        assistant.ask("What evidence do we have for Shropshire priority 5?")
    outcomes = assistant.ensure_index()  # the app's first start
    assert {o.doc_id for o in outcomes} == CORPUS_IDS
    assert {d.doc_id for d in assistant.documents()} == CORPUS_IDS


def test_deleting_every_document_never_brings_the_bundled_corpus_back(tmp_path: Path) -> None:
    assistant = fake_assistant(tmp_path)
    assistant.ensure_index()
    for doc_id in CORPUS_IDS:
        assistant.delete(doc_id)
    assert assistant.ensure_index() == []  # the next start of the app
    again = fake_assistant(tmp_path)  # a new process on the same folder
    assert again.ensure_index() == []
    assert again.documents() == []
    with pytest.raises(EmptyIndexError):
        again.search("data risk tracker")
    # Only the explicit build indexes it again.
    assert {o.doc_id for o in again.build_index()} == CORPUS_IDS


def test_an_index_of_ones_own_files_is_not_topped_up_with_the_bundled_corpus(
    tmp_path: Path,
) -> None:
    assistant = fake_assistant(tmp_path)
    assistant.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    assistant.delete("torbay-2024-02-wsoa-review-note")
    assert assistant.ensure_index() == []
    assert assistant.documents() == []


def test_delete_removes_document_and_chunks(tmp_path: Path) -> None:
    assistant = fake_assistant(tmp_path)
    assistant.ingest([CORPUS])
    assistant.delete("wirral-2022-04-wsoa-review-preparation")
    assert "wirral-2022-04-wsoa-review-preparation" not in {d.doc_id for d in assistant.documents()}
    assert not assistant.store.chunks_of("wirral-2022-04-wsoa-review-preparation")
    assert all(r.chunk.local_area != "Wirral" for r in assistant.search("data risk tracker", k=10))


def test_priorities_are_merged_per_area(shared_real_assistant: Assistant) -> None:
    found = {(p.local_area, p.number): p for p in shared_real_assistant.priorities()}
    assert {n for (a, n) in found if a == "Shropshire"} >= {1, 2, 3, 4, 5, 6}
    assert {n for (a, n) in found if a == "Torbay"} >= {1, 2, 3, 4, 5, 6, 7, 8}
    assert {n for (a, n) in found if a == "Wirral"} >= {1, 2, 3, 4, 5, 6}
    # The WSoA wording wins for Shropshire.
    assert "speech and language" in found[("Shropshire", 4)].title.lower()
    assert len(found[("Shropshire", 5)].mentions) >= 2


def test_commit_token_changes_for_every_process_sharing_the_store(tmp_path: Path) -> None:
    writer = fake_assistant(tmp_path)
    reader = fake_assistant(tmp_path)  # a second client, as another process would open
    assert reader.store.commit_token() == ""
    writer.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    after_add = reader.store.commit_token()
    assert after_add
    writer.delete("torbay-2024-02-wsoa-review-note")
    assert reader.store.commit_token() not in ("", after_add)


def test_dense_search_narrows_to_committed_versions_only_while_leftovers_exist(
    tmp_path: Path,
) -> None:
    from assistant.index.store import chunk_metadata
    from assistant.index.store_io import versioned_id

    assistant = fake_assistant(tmp_path)
    assistant.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    store = assistant.store
    where = {"local_area": "Torbay"}
    assert store.only_committed_stored()
    assert store.visible_where(where) == where  # nothing to hide: no costly version filter
    # A killed write's leftover: a chunk of a version no record commits.
    [real] = store.chunks_of("torbay-2024-02-wsoa-review-note")[:1]
    leftover = real.model_copy(update={"chunk_id": "torbay-leftover:0-10", "text": "zzqx leftover"})
    store.chunks.add(
        ids=[versioned_id(leftover.chunk_id, "deadbeef0000")],
        documents=[leftover.text],
        metadatas=[chunk_metadata(leftover, "deadbeef0000")],
        embeddings=[HashEmbedder().embed_query("zzqx leftover")],
    )
    assert not store.only_committed_stored()
    assert store.visible_where(where) != where
    found = assistant.search("zzqx leftover", k=50, mode="dense")
    assert found and all(r.chunk.chunk_id != leftover.chunk_id for r in found)


def test_a_renamed_copy_of_an_indexed_file_is_not_indexed_twice(tmp_path: Path) -> None:
    assistant = fake_assistant(tmp_path)
    torbay = CORPUS / "torbay-2024-02-wsoa-review-note.txt"
    assistant.ingest([torbay])
    copy = tmp_path / "Torbay note (copy).txt"
    copy.write_bytes(torbay.read_bytes())
    [outcome] = assistant.ingest([copy])
    assert outcome.status == IngestStatus.duplicate
    assert outcome.doc_id == "torbay-2024-02-wsoa-review-note"
    assert "already indexed as 'torbay-2024-02-wsoa-review-note'" in outcome.reason
    assert [d.doc_id for d in assistant.documents()] == ["torbay-2024-02-wsoa-review-note"]
