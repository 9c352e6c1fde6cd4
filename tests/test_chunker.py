"""Structure-aware chunker: exact spans, one segment per chunk, whole table rows."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from assistant.records import Chunk, DocType, Document, Page, SectionKind
from assistant.structure import DocumentStructure, chunk_document, parse_structure
from assistant.structure.chunker import Unit, pack_units, split_long

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

WSOA = "shropshire-2020-11-written-statement-of-action"
MR5 = "shropshire-2022-05-wsoa-review-note-mr5"
APP = "shropshire-2023-accelerated-progress-plan"
WIRRAL = "wirral-2022-04-wsoa-review-preparation"
TORBAY = "torbay-2024-02-wsoa-review-note"
ALL_DOCS = [WSOA, MR5, APP, WIRRAL, TORBAY, "bedford", "wiltshire"]
WSOA_ROW_START = re.compile(r"^\s*\d\.\d{1,2}(?:\.\d{1,2})?\s+[A-Z]", re.MULTILINE)


def _document(doc_id: str, text: str, doc_type: DocType, pages: list[Page]) -> Document:
    return Document(
        doc_id=doc_id,
        title=doc_id,
        local_area="Somewhere",
        doc_type=doc_type,
        date="2022-05",
        source=f"{doc_id}.txt",
        text=text,
        pages=pages,
        content_hash="",
    )


@cache
def load_document(doc_id: str) -> Document:
    """A corpus document (one page) or a test PDF (plain pypdf text joined by newlines)."""
    if doc_id in ("bedford", "wiltshire"):
        from pypdf import PdfReader

        page_texts = [page.extract_text() for page in PdfReader(DATA / f"{doc_id}.pdf").pages]
        pages, offset = [], 0
        for number, page_text in enumerate(page_texts, start=1):
            pages.append(Page(page=number, start=offset, end=offset + len(page_text) + 1))
            offset += len(page_text) + 1
        return _document(doc_id, "\n".join(page_texts), DocType.inspection_report, pages)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if d["file"] == f"{doc_id}.txt")
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8").replace("\r\n", "\n")
    return _document(
        doc_id, text, DocType(entry["doc_type"]), [Page(page=1, start=0, end=len(text))]
    )


@cache
def structure_of(doc_id: str) -> DocumentStructure:
    document = load_document(doc_id)
    return parse_structure(document.text, document.doc_type)


@cache
def chunks_of(doc_id: str, max_chars: int = 1200) -> tuple[Chunk, ...]:
    document = load_document(doc_id)
    return tuple(chunk_document(document, max_chars, structure=structure_of(doc_id)))


def chunk_with(doc_id: str, snippet: str) -> Chunk:
    offset = load_document(doc_id).text.index(snippet)
    return next(c for c in chunks_of(doc_id) if c.start <= offset < c.end)


CASES = [pytest.param(d, m, id=f"{d[:20]}-{m}") for d in ALL_DOCS for m in (400, 1200)]


@pytest.mark.parametrize(("doc_id", "max_chars"), CASES)
def test_chunk_spans_are_exact_trimmed_and_ordered(doc_id: str, max_chars: int) -> None:
    document = load_document(doc_id)
    chunks = chunks_of(doc_id, max_chars)
    assert chunks
    previous_end = 0
    for chunk in chunks:
        assert chunk.text == document.text[chunk.start : chunk.end]
        assert chunk.text.strip() == chunk.text and chunk.text
        assert chunk.chunk_id == f"{doc_id}:{chunk.start}-{chunk.end}"
        assert chunk.start >= previous_end
        assert chunk.page == document.page_at(chunk.start)
        assert (chunk.doc_id, chunk.local_area, chunk.date) == (doc_id, "Somewhere", "2022-05")
        previous_end = chunk.end


@pytest.mark.parametrize(("doc_id", "max_chars"), CASES)
def test_chunk_stays_inside_one_segment_and_carries_its_labels(doc_id: str, max_chars: int) -> None:
    structure = structure_of(doc_id)
    for chunk in chunks_of(doc_id, max_chars):
        segment = structure.segment_at(chunk.start)
        assert segment is not None and chunk.end <= segment.end
        assert (chunk.priority, chunk.section) == (segment.priority, segment.section)
        assert chunk.priority_title == structure.title_of(segment.priority)
        assert segment.priority_title == chunk.priority_title
        assert set(chunk.action_refs) <= set(segment.action_refs)


@pytest.mark.parametrize(("doc_id", "max_chars"), CASES)
def test_chunks_cover_every_segment(doc_id: str, max_chars: int) -> None:
    document = load_document(doc_id)
    covered = [False] * len(document.text)
    for chunk in chunks_of(doc_id, max_chars):
        covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
    missing = [i for i, ch in enumerate(document.text) if not ch.isspace() and not covered[i]]
    assert missing == []


@pytest.mark.parametrize(("doc_id", "max_chars"), CASES)
def test_chunk_sizes(doc_id: str, max_chars: int) -> None:
    structure = structure_of(doc_id)
    for chunk in chunks_of(doc_id, max_chars):
        # Generous: a heading carried onto a full unit, or one whole table row.
        assert len(chunk.text) <= 2 * max_chars, chunk.chunk_id
        segment = structure.segment_at(chunk.start)
        assert segment is not None
        if segment.end - segment.start >= 40:
            assert len(chunk.text) >= 40, chunk.chunk_id


@pytest.mark.parametrize(("doc_id", "max_chars"), CASES)
def test_tab_separated_rows_are_never_cut(doc_id: str, max_chars: int) -> None:
    text = load_document(doc_id).text
    rows, offset = [], 0
    for line in text.split("\n"):
        cells = [c for c in line.split("\t") if c.strip()]
        if len(cells) >= 2 and len(line.strip()) <= 2 * max_chars:
            rows.append((offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())))
        offset += len(line) + 1
    assert doc_id not in (APP, MR5, TORBAY) or rows
    for chunk in chunks_of(doc_id, max_chars):
        for row_start, row_end in rows:
            assert not row_start < chunk.start < row_end, (chunk.chunk_id, text[row_start:row_end])
            assert not row_start < chunk.end < row_end, (chunk.chunk_id, text[row_start:row_end])


def test_wsoa_wrapped_rows_are_kept_whole() -> None:
    """In the column-wrapped WSoA a row runs from its reference to the next one."""
    text = load_document(WSOA).text
    chunks = [c for c in chunks_of(WSOA) if c.section is SectionKind.actions]
    assert len(WSOA_ROW_START.findall(text)) > 60
    for chunk in chunks:
        # Every chunk of an action table begins at a row (or the table header).
        first_line = chunk.text.split("\n", 1)[0]
        assert WSOA_ROW_START.match(first_line) or first_line.startswith(("Outco", "Outcome")), (
            chunk.chunk_id,
            first_line,
        )
    row_114 = chunk_with(WSOA, "1.1.4 Establish and embed effective SEND")
    assert "Governance structure agreed by the" in row_114.text
    assert "Membership of \nWorkstreams to be agreed" in row_114.text
    assert row_114.priority == 1 and "1.1.4" in row_114.action_refs


@pytest.mark.parametrize(
    ("doc_id", "snippet", "heading"),
    [
        pytest.param(MR5, "Commitment to funding 2x HLTRs", "Evidence of impact", id="mr5-impact"),
        pytest.param(MR5, "Review of health data and information", "Key next steps", id="mr5-next"),
        pytest.param(TORBAY, "Has the JC model been updated", "Follow-up:", id="torbay-follow-up"),
        pytest.param(
            WIRRAL, "74 new places commissioned", "Evidence of impact", id="wirral-impact"
        ),
        pytest.param(
            APP, "3.1.1\tCollate details", "Priority Area 3: ND Pathways", id="app-heading"
        ),
    ],
)
def test_headings_travel_with_their_content(doc_id: str, snippet: str, heading: str) -> None:
    assert heading in chunk_with(doc_id, snippet).text


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_no_chunk_is_only_a_heading(doc_id: str) -> None:
    headings = {"Evidence of impact", "Key next steps", "Follow-up:", "Progress on key actions"}
    assert not [c.chunk_id for c in chunks_of(doc_id) if c.text.strip() in headings]


def test_mr5_impact_chunk_metadata() -> None:
    chunk = chunk_with(MR5, "Commitment to funding 2x HLTRs")
    assert (chunk.priority, chunk.section) == (3, SectionKind.impact)
    assert chunk.priority_title.startswith("Significant waiting times for large numbers")
    assert chunk.doc_type is DocType.review_note


def test_app_action_chunk_has_its_refs() -> None:
    chunk = chunk_with(APP, "3.1.1\tCollate details")
    assert (chunk.priority, chunk.section) == (3, SectionKind.actions)
    assert "3.1.1" in chunk.action_refs
    assert chunk.priority_title == "ND Pathways and Waiting Times"


def test_torbay_rag_chunks() -> None:
    assert chunk_with(TORBAY, "Pillar 3 (Culture): 7A").rag == "amber"
    assert chunk_with(TORBAY, "11F, 12B, 12C").rag == "red"
    assert chunk_with(TORBAY, "Poor joint commissioning arrangements").rag == ""


def test_inspection_chunk_pages() -> None:
    chunk = chunk_with("bedford", "reduce the delays in neurodevelopmental")
    assert (chunk.priority, chunk.section, chunk.page) == (2, SectionKind.areas_for_improvement, 5)


def test_split_long_cuts_at_sentences() -> None:
    text = " ".join(f"Sentence number {i} says something useful." for i in range(40))
    spans = split_long(text, 0, len(text), 200)
    assert len(spans) > 1
    for start, end in spans:
        assert end - start <= 200 and text[start:end].endswith(".")


def test_pack_keeps_trailing_heading_with_next_unit() -> None:
    text = "A" * 90 + "\n\nHeading\n\n" + "B" * 90
    units = [Unit(0, 90), Unit(92, 99, heading=True), Unit(101, 191)]
    assert pack_units(text, units, 120) == [(0, 90), (92, 191)]
