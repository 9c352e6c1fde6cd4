"""Size and page limits on ingested files, and batched embedding of big files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import AssistantError, LoadError
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


def docx_bomb(path: Path, xml_mb: int) -> Path:
    """A .docx of a few hundred KB whose document.xml unpacks to ``xml_mb`` MB."""
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                filler = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (xml_mb * 1024 * 1024 // 34)
                data = data.replace(b"<w:body>", b"<w:body>" + filler)
            out.writestr(item, data)
    return path


def test_a_docx_that_unpacks_to_too_much_xml_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "small-looking.docx", xml_mb=60)
    assert bomb.stat().st_size < 1024 * 1024  # it passes the file-size limit
    assistant = fake_over(tmp_path)
    [outcome] = assistant.ingest([bomb])
    assert outcome.status == IngestStatus.failed
    assert "MB of XML, over the 40 MB limit" in outcome.reason
    assert "WSOA_MAX_UNPACKED_MB" in outcome.reason
    with pytest.raises(LoadError, match="over the 40 MB limit"):
        assistant.preview(bomb)  # the app's upload preview is bounded too
    assert assistant.documents() == []


def test_a_document_with_too_much_text_is_refused(tmp_path: Path) -> None:
    assistant = fake_over(tmp_path, max_text_chars=5000)  # the Torbay note is ~14,000 chars
    [outcome] = assistant.ingest([TORBAY])
    assert outcome.status == IngestStatus.failed
    assert "over the 5,000 character limit" in outcome.reason
    assert assistant.documents() == []


def test_a_question_over_the_length_limit_is_refused_with_the_limit(tmp_path: Path) -> None:
    assistant = fake_over(tmp_path)
    assistant.ingest([TORBAY])
    question = "What evidence do we have for Torbay priority 5? " * 25_000  # ~1.2 MB
    with pytest.raises(AssistantError, match=r"characters long; the limit is 2,000"):
        assistant.ask(question)
    with pytest.raises(AssistantError, match="the limit is 2,000"):
        assistant.search(question)
    result = CliRunner().invoke(cli, ["ask", question[:3000]], obj=assistant)
    assert result.exit_code == 1 and "the limit is 2,000" in result.output
