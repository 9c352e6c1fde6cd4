"""Real pages: form feeds, printed page numbers, Word page breaks; unknown is never "p. 1"."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.loaders import load_document
from assistant.corpus.pages import marker_pages, page_label, text_pages
from assistant.records import Document, cite_page

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WSOA_2020 = CORPUS / "shropshire-2020-11-written-statement-of-action.txt"


def tiles(document: Document) -> bool:
    pages = document.pages
    return (
        pages[0].start == 0
        and pages[-1].end == len(document.text)
        and all(a.end == b.start for a, b in zip(pages, pages[1:], strict=False))
    )


def test_2020_wsoa_footer_bounds_the_text_before_and_after_it() -> None:
    document = load_document(WSOA_2020)
    footer = document.text.index("Page | 26")
    before = document.text.rindex("Nursing and SLT", 0, footer)
    after = document.text.index("Revised Final version Nov 2020")
    # One footer in the file: what precedes it lies on pages 1..26 (its start is not
    # printed anywhere), what follows it on page 27 or later. Neither is "p. 1".
    assert document.page_label_at(before) == "≤ 26"
    assert document.page_label_at(footer) == "≤ 26"  # a footer ends its page
    assert document.page_label_at(after) == "27+"
    assert document.page_at(before) is None and document.page_at(after) is None
    assert cite_page(document.page_label_at(before)) == "p. ≤ 26"
    assert tiles(document)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_no_bundled_document_says_page_1(path: Path) -> None:
    document = load_document(path)
    assert tiles(document)
    labels = {page.label for page in document.pages}
    assert labels != {"1"}, "every offset would be cited as p. 1"
    for page in document.pages:
        # An exact page only where the text says so.
        assert page.page is None or page.label == str(page.page)
    if "Page |" not in document.text:
        assert labels == {""}
        assert cite_page(document.page_label_at(0)) == "page unknown"


def test_form_feeds_give_exact_pages() -> None:
    text, pages = text_pages("One.\fTwo.\fThree.\f")
    assert "\f" not in text and len(text) == len("One.\fTwo.\fThree.\f")
    assert [(p.page, p.label) for p in pages] == [(1, "1"), (2, "2"), (3, "3")]
    assert [text[p.start : p.end].strip() for p in pages] == ["One.", "Two.", "Three."]


def test_page_n_of_m_footers() -> None:
    body = ["Intro text.", "Page 1 of 3", "Second page.", "Page 2 of 3", "Third page.", ""]
    text = "\n".join(body)
    pages = marker_pages(text)
    found = {text[p.start : p.end].split("\n")[0]: p.label for p in pages}
    assert found == {"Intro text.": "1", "Second page.": "2", "Third page.": "3"}
    assert [p.page for p in pages] == [1, 2, 3]


def test_page_n_of_m_later_in_the_document() -> None:
    text = "Some text.\nPage 3 of 40\nMore text.\nPage 4 of 40\nEnd text.\n"
    pages = marker_pages(text)
    assert [p.label for p in pages] == ["≤ 3", "4", "5–40"]
    assert pages[1].page == 4 and pages[0].page is None


def test_header_page_numbers_open_their_page() -> None:
    text = "Page 1\nFirst.\nPage 2\nSecond.\n"
    pages = marker_pages(text)
    assert [(text[p.start : p.end].split("\n")[1], p.page) for p in pages] == [
        ("First.", 1),
        ("Second.", 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A table\n7\n8\n9\nrows\n",  # bare numbers are table cells as often as pages
        "Names are in the glossary on page 33.\n",  # a cross-reference, not a footer
        "Page 5\nlater\nPage 2\n",  # numbers that fall are not a page sequence...
    ],
    ids=["bare-numbers", "cross-reference", "falling"],
)
def test_what_is_not_a_page_marker(text: str) -> None:
    labels = [p.label for p in marker_pages(text)]
    if "Page 5" in text:
        assert labels == ["≤ 5", "6+"]  # ... so "Page 2" is ignored
    else:
        assert labels == [""]


def test_page_labels() -> None:
    assert [page_label(*bounds) for bounds in [(26, 26), (None, 26), (27, None), (27, 29)]] == [
        "26",
        "≤ 26",
        "27+",
        "27–29",
    ]
    assert page_label(None, None) == "" and page_label(1, 1) == "1"
    assert [cite_page(x) for x in ["26", "≤ 26", "27+", "27–29", ""]] == [
        "p. 26",
        "p. ≤ 26",
        "p. 27+",
        "pp. 27–29",
        "page unknown",
    ]


def test_docx_page_breaks(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_BREAK

    word = docx.Document()
    word.add_paragraph("First page text.")
    word.add_paragraph("Ends page one.").add_run().add_break(WD_BREAK.PAGE)
    word.add_paragraph("Second page text.")
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.add_paragraph("Third page text.")
    path = tmp_path / "paged.docx"
    word.save(str(path))
    document = load_document(path)
    assert tiles(document)
    for phrase, page in [("First page", 1), ("Ends page one", 1), ("Second", 2), ("Third", 3)]:
        assert document.page_at(document.text.index(phrase)) == page, phrase

    plain = docx.Document()
    plain.add_paragraph("No breaks at all.")
    plain.save(str(tmp_path / "plain.docx"))
    unpaged = load_document(tmp_path / "plain.docx")
    assert [(p.page, p.label) for p in unpaged.pages] == [(None, "")]


def test_describe_pages_for_the_show_command() -> None:
    from assistant.corpus.pages import describe_pages

    assert describe_pages(load_document(WSOA_2020).pages) == "pages ≤ 26 and 27+"
    torbay = load_document(CORPUS / "torbay-2024-02-wsoa-review-note.txt")
    assert describe_pages(torbay.pages) == "pages unknown"
