"""Size and page limits on ingested files, and batched embedding of big files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS, PDFS
from tests.fakes import HashEmbedder

TORBAY = CORPUS / "torbay-2024-02-wsoa-review-note.txt"


class RecordingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.batches: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(len(texts))
        return super().embed_documents(texts)


def fake_over(tmp_path: Path, embedder: HashEmbedder | None = None, **ingest: float) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = tmp_path / "index"
    for name, value in ingest.items():
        setattr(settings.ingest, name, value)
    return Assistant(embedder=embedder or HashEmbedder(), settings=settings)


def test_a_file_over_the_size_limit_is_refused_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSOA_MAX_FILE_MB", "0.01")  # 10 KB; the Torbay note is 14 KB
    assistant = Assistant(embedder=HashEmbedder())

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be loaded")

    monkeypatch.setattr("assistant.index.ingest.load_document", never)
    result = CliRunner().invoke(cli, ["ingest", str(TORBAY)], obj=assistant)
    assert result.exit_code == 1
    assert "over the 0.01 MB limit" in result.output
    assert "WSOA_MAX_FILE_MB" in result.output
    assert assistant.store.document_count() == 0


def test_a_pdf_over_the_page_limit_is_refused_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = fake_over(tmp_path, max_pages=2)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a PDF over the limit must not be loaded")

    monkeypatch.setattr("assistant.index.ingest.load_document", never)
    [outcome] = assistant.ingest([PDFS[0]])
    assert outcome.status == IngestStatus.failed
    assert "over the 2 page limit" in outcome.reason
    assert "WSOA_MAX_PAGES" in outcome.reason
    assert PDFS[0].name in outcome.reason


def test_a_text_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    paged.write_text("\f".join(f"Page {n} of the report about EHC plans." for n in range(1, 6)))
    [outcome] = fake_over(tmp_path, max_pages=4).ingest([paged])
    assert outcome.status == IngestStatus.failed
    assert "5 pages, over the 4 page limit" in outcome.reason
    [fine] = fake_over(tmp_path, max_pages=5).ingest([paged])
    assert fine.status == IngestStatus.added


def test_a_big_file_is_embedded_and_written_in_batches_with_progress(tmp_path: Path) -> None:
    embedder = RecordingEmbedder()
    assistant = fake_over(tmp_path, embedder, ingest_batch=8)
    seen: list[tuple[int, int, str]] = []
    [outcome] = assistant.ingest([TORBAY], progress=lambda *step: seen.append(step))
    assert outcome.status == IngestStatus.added
    assert outcome.chunks > 16
    full, rest = divmod(outcome.chunks, 8)
    assert embedder.batches == [8] * full + ([rest] if rest else [])  # never all at once
    passages = [s for s in seen if s[2].endswith(": passages")]
    assert [s[0] for s in passages] == list(range(0, outcome.chunks, 8))
    assert all(s[1] == outcome.chunks for s in passages)
    doc = assistant.show(outcome.doc_id)
    chunks = assistant.store.chunks_of(outcome.doc_id)
    assert len(chunks) == outcome.chunks
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)
