"""An index of more than 33,000 chunks: Chroma reads past its SQL-variable limit are paged.

An unpaged ``get`` with metadata fails at about 33,000 records ("too many SQL
variables"); every read here (docs, search, ask, re-ingest check, delete) must not.
The chunks are written directly through the store with a small fake embedder, so the
test is about the store, not about chunking or the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.records import Chunk, DocType, Document, Page, SectionKind
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

CHUNKS = 33_500
AREA = "Scaleshire"
TOPICS = [
    "speech and language therapy waiting times fell for children on the pathway",
    "EHC plans issued within twenty weeks rose after the new panel met",
    "the parent carer forum co-produced the local offer pages",
    "school attendance for pupils with SEND improved in the spring term",
]


class SmallEmbedder(HashEmbedder):
    dims = 8


def synthetic_document() -> tuple[Document, list[Chunk]]:
    lines = [f"Passage {n}: {TOPICS[n % len(TOPICS)]} (row {n}).\n" for n in range(CHUNKS)]
    text = "".join(lines)
    document = Document(
        doc_id="scaleshire-register",
        title="Scaleshire action register",
        local_area=AREA,
        doc_type=DocType.other,
        date="2024-01",
        source="scaleshire-register.txt",
        text=text,
        pages=[Page(page=None, label="", start=0, end=len(text))],
        content_hash="synthetic",
    )
    chunks, start = [], 0
    for line in lines:
        end = start + len(line) - 1
        chunks.append(
            Chunk(
                chunk_id=f"{document.doc_id}:{start}-{end}",
                doc_id=document.doc_id,
                title=document.title,
                local_area=AREA,
                doc_type=document.doc_type,
                date=document.date,
                section=SectionKind.progress,
                start=start,
                end=end,
                text=text[start:end],
            )
        )
        start += len(line)
    return document, chunks


@pytest.fixture()
def big_assistant(tmp_path: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = tmp_path / "scale-index"
    assistant = Assistant(embedder=SmallEmbedder(), settings=settings, backend="extractive")
    assistant.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    document, chunks = synthetic_document()
    vectors = SmallEmbedder().embed_documents([c.text for c in chunks])
    batches = [(chunks[i : i + 5000], vectors[i : i + 5000]) for i in range(0, len(chunks), 5000)]
    assistant.store.write_document(document, batches, priorities=[])
    return assistant


def test_docs_search_ask_and_delete_work_past_33000_chunks(big_assistant: Assistant) -> None:
    assert big_assistant.store.chunk_count() > 33_000
    docs = {d.doc_id: d for d in big_assistant.documents()}
    assert docs["scaleshire-register"].chunks == CHUNKS
    assert len(big_assistant.store.chunks_of("scaleshire-register")) == CHUNKS
    assert len(big_assistant.store.all_chunks()) == sum(d.chunks for d in docs.values())

    text = big_assistant.show("scaleshire-register").text
    for mode in ("hybrid", "dense", "lexical"):
        results = big_assistant.search(
            "speech and language therapy waiting times",
            k=10,
            mode=mode,  # type: ignore[arg-type]
        )
        assert len(results) == 10
        for r in results:
            if r.chunk.doc_id == "scaleshire-register":
                assert text[r.chunk.start : r.chunk.end] == r.chunk.text

    answer = big_assistant.ask("What happened to speech and language therapy waiting times?")
    for citation in answer.citations:
        shown = big_assistant.show(citation.doc_id).text
        assert shown[citation.start : citation.end] == citation.quote
    assert big_assistant.repair().removed_chunks == 0

    record = big_assistant.store.document_record("scaleshire-register")
    assert record is not None
    assert big_assistant.store.stored_matches(record)
    big_assistant.delete("scaleshire-register")
    assert "scaleshire-register" not in {d.doc_id for d in big_assistant.documents()}
    assert big_assistant.store.chunk_count() == sum(d.chunks for d in big_assistant.documents())
