"""Loading files into Documents: text formats, docx, metadata precedence, manifest, bad files."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.corpus import (
    Manifest,
    MetadataOverrides,
    iter_corpus_files,
    load_document,
)
from assistant.corpus.loaders import slugify
from assistant.errors import LoadError
from assistant.records import DocType
from tests.badfiles import BAD_FILES, BadFile, write_empty_password_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).parent / "data"
TORBAY = CORPUS / "torbay-2024-02-wsoa-review-note.txt"


# --- text files ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_text_is_kept_verbatim(path: Path) -> None:
    doc = load_document(path)
    # Citations point into this text, so a text file must not be reflowed.
    assert doc.text == path.read_text(encoding="utf-8").replace("\u00a0", " ")
    # Page spans tile the text (what they say is tested in test_pages.py).
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(doc.pages, doc.pages[1:], strict=False))
    assert doc.source == path.name
    assert doc.doc_id == path.stem
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbfNote\r\nLine two\r\n", "Note\nLine two\n"),
        (b"Old Mac\rline ends\r", "Old Mac\nline ends\n"),
        (b"Caf\xc3\xa9\xc2\xa0menu", "Caf\u00e9 menu"),
        (b"Windows \x93quotes\x94 and caf\xe9\r\n", "Windows \u201cquotes\u201d and caf\u00e9\n"),
        (b"tabs\tkept  and   spaces   too", "tabs\tkept  and   spaces   too"),
    ],
    ids=["utf8-bom-crlf", "cr-only", "nbsp", "cp1252-fallback", "whitespace-kept"],
)
def test_text_decoding(tmp_path: Path, raw: bytes, text: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(raw)
    assert load_document(path).text == text


def test_form_feeds_split_pages_without_moving_offsets(tmp_path: Path) -> None:
    path = tmp_path / "paged.txt"
    path.write_text("Page one text.\fPage two text.\fPage three.", encoding="utf-8")
    doc = load_document(path)
    assert "\f" not in doc.text
    assert [p.page for p in doc.pages] == [1, 2, 3]
    assert doc.text[doc.pages[1].start : doc.pages[1].end].strip() == "Page two text."
    assert doc.page_at(doc.text.index("three")) == 3
    assert doc.pages[-1].end == len(doc.text)


def test_markdown_title_from_heading(tmp_path: Path) -> None:
    path = tmp_path / "Local Offer Review.md"
    path.write_text(
        "# Local offer review\n\nThe local offer website was rebuilt.\n", encoding="utf-8"
    )
    doc = load_document(path)
    assert doc.title == "Local offer review"
    assert doc.text.startswith("# Local offer review\n")
    assert doc.doc_id == "local-offer-review"


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("Torbay 2024 (Final) WSoA", "torbay-2024-final-wsoa"),
        ("wirral_2022__prep", "wirral-2022-prep"),
        ("Café – notes", "cafe-notes"),
        ("--x--", "x"),
    ],
)
def test_slugify(stem: str, slug: str) -> None:
    assert slugify(stem) == slug


# --- docx ----------------------------------------------------------------------------------


def test_docx_round_trip(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Note of WSoA Review Meeting", level=1)
    document.add_paragraph("Local Area:\tHalton")
    document.add_paragraph("Progress on key actions has been good.")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["Action", "Who", "When"], strict=True):
        cell.text = value
    for cell, value in zip(
        table.rows[1].cells,
        ["Audit EHC plans", "SEND team\nand QA lead", "March 2024"],
        strict=True,
    ):
        cell.text = value
    document.add_paragraph("Conclusion follows the table.")
    path = tmp_path / "Halton Review Note.docx"
    document.save(path)

    doc = load_document(path)
    assert doc.text.splitlines() == [
        "Note of WSoA Review Meeting",
        "Local Area:\tHalton",
        "Progress on key actions has been good.",
        "Action\tWho\tWhen",
        "Audit EHC plans\tSEND team and QA lead\tMarch 2024",
        "Conclusion follows the table.",
    ]
    assert len(doc.pages) == 1
    assert (doc.local_area, doc.doc_type, doc.title) == (
        "Halton",
        DocType.review_note,
        "Note of WSoA Review Meeting",
    )
    assert doc.doc_id == "halton-review-note"


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Priority 1"
    table.cell(0, 2).text = "Green"
    path = tmp_path / "merged.docx"
    document.save(path)
    assert load_document(path).text == "Priority 1\tGreen"


# --- metadata precedence -------------------------------------------------------------------


@pytest.fixture
def torbay_copy(tmp_path: Path) -> Path:
    return Path(shutil.copy(TORBAY, tmp_path / "torbay-note.txt"))


MANIFEST = Manifest.model_validate(
    {
        "documents": [
            {"file": "torbay-note.txt", "local_area": "Torbay (manifest)", "title": "From manifest"}
        ]
    }
)


@pytest.mark.parametrize(
    ("overrides", "manifest", "expected"),
    [
        (None, None, ("Note of WSoA Review Meeting", "Torbay", DocType.review_note, "2024-02-05")),
        (None, MANIFEST, ("From manifest", "Torbay (manifest)", DocType.review_note, "2024-02-05")),
        (
            MetadataOverrides(title="Given", date="2024-02", doc_type="other"),
            MANIFEST,
            ("Given", "Torbay (manifest)", DocType.other, "2024-02"),
        ),
        (
            MetadataOverrides(local_area="Devon"),
            None,
            ("Note of WSoA Review Meeting", "Devon", DocType.review_note, "2024-02-05"),
        ),
    ],
    ids=["inferred", "manifest-beats-inferred", "overrides-beat-manifest", "override-one-field"],
)
def test_metadata_precedence(
    torbay_copy: Path,
    overrides: MetadataOverrides | None,
    manifest: Manifest | None,
    expected: tuple[str, str, DocType, str],
) -> None:
    doc = load_document(torbay_copy, overrides=overrides, manifest=manifest)
    assert (doc.title, doc.local_area, doc.doc_type, doc.date) == expected


def test_defaults_when_nothing_is_known(tmp_path: Path) -> None:
    path = tmp_path / "scribbles.txt"
    path.write_text("some notes, nothing more.\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.title, doc.local_area, doc.doc_type, doc.date) == (
        "scribbles",
        "Unknown",
        DocType.other,
        "",
    )


def test_bundled_manifest_matches_files() -> None:
    manifest = Manifest.load(CORPUS / "manifest.json")
    files = iter_corpus_files(CORPUS)
    assert [f.name for f in files] == sorted(entry.file for entry in manifest.documents)
    doc = load_document(CORPUS / "shropshire-2022-05-wsoa-review-note-mr5.txt", manifest=manifest)
    assert (doc.local_area, doc.doc_type, doc.date) == (
        "Shropshire",
        DocType.review_note,
        "2022-05",
    )


# --- manifest and overrides validation -----------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "early 2024"}, "write the date as e.g. 2022-05, May 2022 or 5 May 2022"),
        ({"date": "2024-13"}, "not a real calendar date"),
        ({"doc_type": "minutes"}, "doc_type must be one of wsoa, review_note"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
    ids=["date-format", "date-calendar", "doc-type", "unknown-field"],
)
def test_overrides_reject_bad_values(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MetadataOverrides(**fields)


def test_overrides_normalise_friendly_values() -> None:
    overrides = MetadataOverrides(
        doc_type="Review note", date=" 2024 ", title="  ", local_area="Torbay "
    )
    assert (overrides.doc_type, overrides.date, overrides.title, overrides.local_area) == (
        DocType.review_note,
        "2024",
        None,
        "Torbay",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"documents": [', "not valid JSON (line 1"),
        (
            '{"documents": [{"file": "a.txt", "date": "sometime in 2022"}]}',
            "documents[0] (a.txt).date: write the date as",
        ),
        ('{"documents": [{"local_area": "X"}]}', "documents[0].file"),
    ],
    ids=["bad-json", "bad-date", "missing-file"],
)
def test_bad_manifest_is_a_one_line_load_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        Manifest.load(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_manifest_entry_lookup_is_by_bare_name() -> None:
    manifest = Manifest.load(CORPUS / "manifest.json")
    entry = manifest.entry_for("Torbay-2024-02-WSOA-review-note.txt")
    assert entry is not None and entry.local_area == "Torbay"
    assert manifest.entry_for("missing.txt") is None


def test_iter_corpus_files_skips_what_is_not_a_document(tmp_path: Path) -> None:
    for name in [
        "b.pdf",
        "a.txt",
        "C.DOCX",
        "d.md",
        "manifest.json",
        "themes.yaml",
        ".hidden.txt",
        "~$lock.docx",
    ]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_bytes(b"x")
    assert [p.name for p in iter_corpus_files(tmp_path)] == ["a.txt", "b.pdf", "C.DOCX", "d.md"]
    assert [p.name for p in iter_corpus_files(tmp_path, recursive=True)][-1] == "e.txt"


def test_iter_corpus_files_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a folder"):
        iter_corpus_files(tmp_path / "nope")


# --- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_FILES, ids=lambda bad: bad.name)
def test_bad_file_gives_one_line_load_error(tmp_path: Path, bad: BadFile) -> None:
    path = bad.write(tmp_path)
    with pytest.raises(LoadError) as caught:
        load_document(path)
    message = str(caught.value)
    assert path.name in message
    # Match the problem and remedy only: the file name itself may contain the words.
    assert bad.expect in f"{caught.value.problem}. {caught.value.remedy}".lower()
    assert "\n" not in message
    assert caught.value.remedy  # always says what to do


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="file not found"):
        load_document(tmp_path / "gone.txt")


def test_pdf_with_empty_user_password_loads(tmp_path: Path) -> None:
    path = write_empty_password_pdf(tmp_path)
    assert load_document(path).text == load_document(DATA / "bedford.pdf").text


def test_whitespace_only_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no text"):
        load_document(path)


def test_bundled_corpus_and_pdfs_all_load() -> None:
    paths = [*iter_corpus_files(CORPUS), DATA / "bedford.pdf", DATA / "wiltshire.pdf"]
    docs = [load_document(p) for p in paths]
    assert len({d.doc_id for d in docs}) == len(paths) == 7
    assert all(d.text.strip() and d.pages for d in docs)


def test_manifest_file_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"documents": [{"file": "x.pdf", "doc_type": "inspection_report"}]}))
    assert Manifest.load(path).entry_for("x.pdf").doc_type is DocType.inspection_report  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("May 2022", "2022-05"),
        ("5 May 2022", "2022-05-05"),
        ("5th February 2024", "2024-02-05"),
        ("Sept 2023", "2023-09"),
        ("5/2/2024", "2024-02-05"),  # day first, as in the UK
        ("05/2022", "2022-05"),
        ("2022-05", "2022-05"),
    ],
)
def test_dates_are_read_as_people_write_them(written: str, iso: str) -> None:
    from assistant.dates import normalise_date

    assert normalise_date(written) == iso
    assert MetadataOverrides(date=written).date == iso
