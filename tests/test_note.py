"""The whole note: its shape, one citation numbering, no internal notice in any export."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from assistant.grounding.citations import notice
from assistant.grounding.note import Note, agreed_rows, cap_section
from assistant.grounding.note_timescale import timescale_section
from assistant.grounding.records import Citation, Sentence
from assistant.records import DocType, DocumentInfo
from assistant.render.markdown import source_line
from assistant.render.note import (
    AGREED,
    CONCLUSION,
    GENERAL_UPDATE,
    SOURCES,
    TIMESCALE,
    note_docx,
    note_markdown,
    note_numbers,
    priority_heading,
)
from tests.citation_check import assert_citations_exact
from tests.conftest import fake_assistant_over

INTERNAL = "The model's wording could not be checked against the sources."


@pytest.fixture(scope="module")
def shropshire(fake_index_dir: Path) -> tuple[object, Note]:
    assistant = fake_assistant_over(fake_index_dir)
    return assistant, assistant.note("Shropshire")


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph, then every table cell, as Word holds them."""
    from docx import Document

    document = Document(io.BytesIO(data))
    out = [(p.style.name, p.text) for p in document.paragraphs]
    for table in document.tables:
        out += [("cell", c.text) for row in table.rows for c in row.cells]
    return out


def expected_headings(note: Note) -> list[str]:
    headings = [GENERAL_UPDATE, TIMESCALE]
    for draft in note.drafts:
        headings += [priority_heading(draft), *SECTION_ORDER]
    return [*headings, AGREED, CONCLUSION, SOURCES]


SECTION_ORDER = ["Progress on key actions", "Evidence of impact", "Key next steps"]


def test_note_headings_in_the_order_of_a_real_note(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    assert [d.priority for d in note.drafts] == [1, 2, 3, 4, 5, 6]
    word = [t for s, t in docx_paragraphs(note_docx(note)) if s.startswith("Heading")]
    assert word[0] == "Note of WSoA review meeting: Shropshire"
    assert word[1:] == expected_headings(note)
    markdown = [
        line.lstrip("#").strip() for line in note_markdown(note).splitlines() if line[:2] == "##"
    ]
    assert markdown == expected_headings(note)


def test_header_table_has_the_fields_and_the_documents(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    cells = [t for s, t in docx_paragraphs(note_docx(note)) if s == "cell"]
    for label in ("Local Area", "Date", "Venue", "Present", "Apologies", "Documents drawn from"):
        assert label in cells
    assert "Shropshire" in cells
    assert any("Accelerated Progress Plan" in c and "2020" in c for c in cells)


def first_uses(text: str) -> list[int]:
    seen: list[int] = []
    for number in (int(n) for n in re.findall(r"\[(\d+)\]", text)):
        if number not in seen:
            seen.append(number)
    return seen


def test_one_numbering_across_the_whole_note(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    markdown = note_markdown(note)
    body, sources = markdown.split(f"## {SOURCES}")
    used = first_uses(body)
    # Numbers rise by one at each first use, across every priority: no restart at [1].
    assert used == list(range(1, len(used) + 1))
    per_priority = [
        {k for s in [*d.sections.progress, *d.sections.impact] for k in s.citations}
        for d in note.drafts
    ]
    assert sum(1 for keys in per_priority if keys) >= 4
    numbers = note_numbers(note)
    later = [min(numbers[k] for k in keys if k in numbers) for keys in per_priority[1:] if keys]
    assert all(n > 1 for n in later)
    listed = [int(n) for n in re.findall(r"^(\d+)\. ", sources, re.M)]
    assert listed == used
    for line in sources.strip().splitlines():
        assert re.search(r", (?:pp?\. [^:]+|page unknown): “", line), line


def test_a_passage_cited_twice_keeps_one_number(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    spans = [(c.doc_id, c.start, c.end) for c in note.citations]
    assert len(spans) == len(set(spans))
    assert [c.key for c in note.citations] == [f"S{i}" for i in range(1, len(spans) + 1)]


def test_note_citations_are_exact(shropshire: tuple[object, Note]) -> None:
    assistant, note = shropshire
    assert assert_citations_exact(assistant, note) > 20  # type: ignore[arg-type]


def test_source_list_quotes_are_verbatim_prefixes(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    for citation in note.citations:
        shown = source_line(citation, words=10).split(": “", 1)[1].removesuffix("”")
        assert " ".join(citation.quote.split()).startswith(shown.removesuffix(" …"))


def with_internal_notice(note: Note) -> Note:
    first = note.drafts[0]
    sections = first.sections.model_copy(
        update={"progress": [notice(INTERNAL, exportable=False), *first.sections.progress]}
    )
    drafts = [first.model_copy(update={"sections": sections}), *note.drafts[1:]]
    return note.model_copy(update={"drafts": drafts})


def test_no_internal_notice_reaches_word_or_markdown(shropshire: tuple[object, Note]) -> None:
    _, note = shropshire
    marked = with_internal_notice(note)
    word = " ".join(t for _, t in docx_paragraphs(note_docx(marked)))
    assert INTERNAL not in word
    assert INTERNAL not in note_markdown(marked)
    assert "further passage" not in word + note_markdown(marked)
    # The app's preview is where the assistant may speak to its user.
    assert INTERNAL in note_markdown(marked, preview=True)


def test_draft_exports_leave_internal_notices_out_too(shropshire: tuple[object, Note]) -> None:
    from assistant.render.docx import draft_docx
    from assistant.render.markdown import draft_markdown

    draft = with_internal_notice(shropshire[1]).drafts[0]
    assert INTERNAL not in draft_markdown(draft, keep_unsupported=True)
    assert INTERNAL not in " ".join(t for _, t in docx_paragraphs(draft_docx(draft, True)))


def claim(text: str, key: str = "") -> Sentence:
    return Sentence(text=text, citations=[key] if key else [], supported=True)


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        ([claim("a"), claim("b")], ["a", "b"]),
        (
            [notice("Reported in X:"), *[claim(str(i)) for i in range(6)]],
            ["Reported in X:", "0", "1", "2", "3", "2 further passages in the sources."],
        ),
        (
            [*[claim(str(i)) for i in range(4)], notice("Planned in Y:"), claim("p")],
            ["0", "1", "2", "3", "1 further passage in the sources."],
        ),
        (
            [claim("a"), notice("No measured impact.")],
            ["a", "No measured impact."],
        ),
    ],
    ids=["under-limit", "cut-with-count", "label-dropped-with-its-claims", "plain-notice-kept"],
)
def test_cap_section(sentences: list[Sentence], expected: list[str]) -> None:
    capped = cap_section(sentences, limit=4)
    assert [s.text for s in capped] == expected
    assert all(s.exportable for s in capped if "further" not in s.text)
    assert all(not s.exportable for s in capped if "further" in s.text)


def citation(key: str, quote: str) -> Citation:
    return Citation(
        key=key,
        doc_id="d",
        title="T",
        local_area="A",
        doc_type=DocType.review_note,
        date="2022-05",
        start=0,
        end=len(quote),
        quote=quote,
    )


def test_agreed_actions_table_rows_go_back_to_their_cells() -> None:
    rows = agreed_rows(
        [notice("Reported in X:"), claim("Feedback – DS – May", "S1"), claim("Visit", "S2")],
        [citation("S1", "Feedback to QAG\tDS\tMay 5 th 2022"), citation("S2", "Visit")],
    )
    assert [(r.action.text if r.action else "", r.who, r.when) for r in rows] == [
        ("Feedback to QAG", "DS", "May 5 th 2022"),
        ("Visit", "", ""),
    ]
    assert rows[0].action is not None and rows[0].action.citations == ["S1"]


class NoRegister:
    """A corpus stand-in whose area has documents but no action register."""

    def actions(self, *args: object, **kwargs: object) -> list[object]:
        return []


def test_no_action_register_is_said_plainly() -> None:
    from assistant.grounding.note import NoteKeys

    doc = DocumentInfo(
        doc_id="n",
        title="Note",
        local_area="Anywhere",
        doc_type=DocType.review_note,
        date="2024-02",
        source="n.txt",
        chunks=1,
        pages=0,
        chars=10,
        content_hash="x",
    )
    check = timescale_section(NoRegister(), "Anywhere", [doc], None, NoteKeys())  # type: ignore[arg-type]
    assert check.intro.text == "No action register found in the documents for Anywhere."
    assert check.at == "2024-02" and not check.priorities


def test_timescale_check_lists_flagged_actions_with_their_rows(
    shropshire: tuple[object, Note],
) -> None:
    _, note = shropshire
    checked = {p.priority: p for p in note.timescale.priorities}
    assert set(checked) == {1, 2, 3, 4, 5, 6}
    assert "accelerated progress plan" in checked[3].register_read
    cited = {c.key: c for c in note.citations}
    listed = [s for p in checked.values() for s in p.listed if s.citations]
    assert listed
    for s in listed:
        reference = s.text.split(" ", 1)[0]
        assert cited[s.citations[0]].quote.lstrip().startswith(reference)


def test_draft_tab_whole_note_preview_and_downloads(fake_index_dir: Path) -> None:
    from docx import Document

    from ui.handlers import Handlers

    handlers = Handlers(fake_assistant_over(fake_index_dir))
    preview, docx_file, md_file = handlers.note("Shropshire", "", lambda *a, **k: None)
    assert preview.startswith("# Note of WSoA review meeting: Shropshire")
    assert f"## {TIMESCALE}" in preview and f"## {SOURCES}" in preview
    headings = [
        p.text
        for p in Document(docx_file["value"]).paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[1:3] == [GENERAL_UPDATE, TIMESCALE]
    markdown = Path(md_file["value"]).read_text(encoding="utf-8")
    assert f"## {AGREED}" in markdown and "further passage" not in markdown


def test_red_actions_are_listed_before_amber(fake_index_dir: Path) -> None:
    note = fake_assistant_over(fake_index_dir).note("Torbay")
    ratings = [
        s.text.split("(", 1)[1].split(")")[0].split(";")[0]
        for p in note.timescale.priorities
        for s in p.listed
        if s.citations
    ]
    assert "red" in ratings
    for p in note.timescale.priorities:
        listed = [s.text for s in p.listed if s.citations]
        reds = [i for i, t in enumerate(listed) if "(red" in t]
        ambers = [i for i, t in enumerate(listed) if "(amber" in t]
        assert not reds or not ambers or max(reds) < min(ambers)
