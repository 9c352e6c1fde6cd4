"""PDF reading and clean-up: the two real Ofsted/CQC letters and small synthetic pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.corpus import load_document
from assistant.corpus.pdf_cleanup import clean_pages, is_bullet, should_drop_hyphen
from assistant.records import Document

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def bedford() -> Document:
    return load_document(DATA / "bedford.pdf")


@pytest.fixture(scope="module")
def wiltshire() -> Document:
    return load_document(DATA / "wiltshire.pdf")


@pytest.fixture(scope="module")
def docs(bedford: Document, wiltshire: Document) -> dict[str, Document]:
    return {"bedford": bedford, "wiltshire": wiltshire}


def page_text(doc: Document, number: int) -> str:
    page = next(p for p in doc.pages if p.page == number)
    return doc.text[page.start : page.end]


@pytest.mark.parametrize("name", ["bedford", "wiltshire"])
def test_page_count_matches_pypdf(docs: dict[str, Document], name: str) -> None:
    assert len(docs[name].pages) == len(PdfReader(DATA / f"{name}.pdf").pages) == 7


@pytest.mark.parametrize("name", ["bedford", "wiltshire"])
def test_page_spans_tile_the_text(docs: dict[str, Document], name: str) -> None:
    doc = docs[name]
    assert doc.pages[0].start == 0
    assert doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:], strict=False):
        assert before.end == after.start


@pytest.mark.parametrize(
    ("name", "page", "sentence"),
    [
        (
            "bedford",
            1,
            "The director for children’s services (DCS) has been appointed since the previous "
            "inspection.",
        ),
        ("bedford", 3, "There is an established culture of multi-agency working."),
        ("bedford", 4, "The partnership has established a long-term strategy to address this."),
        (
            "bedford",
            5,
            "Some children and young people with SEND wait too long for neurodevelopmental "
            "assessment in Bedford Borough.",
        ),
        (
            "wiltshire",
            2,
            "Children and young people with SEND are valued and prioritised in Wiltshire.",
        ),
        (
            "wiltshire",
            4,
            "The local area partnership has an established and effective dynamic support "
            "register (DSR).",
        ),
        (
            "wiltshire",
            6,
            "This inspection was carried out at the request of the Secretary of State for "
            "Education",
        ),
    ],
    ids=lambda v: str(v)[:30],
)
def test_known_sentence_is_in_its_page_span(
    docs: dict[str, Document], name: str, page: int, sentence: str
) -> None:
    doc = docs[name]
    assert sentence in page_text(doc, page)
    assert doc.page_at(doc.text.index(sentence)) == page


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("bedford", "Area SEND inspection report: Bedford Borough Local Area Partnership"),
        ("bedford", "18 to 22 November 2024 2"),
        ("wiltshire", "Inspection report: Wiltshire Local Area Partnership"),
        ("wiltshire", "14 to 18 October 2024 3"),
    ],
)
def test_running_headers_are_removed(docs: dict[str, Document], name: str, header: str) -> None:
    raw_pages = [page.extract_text() for page in PdfReader(DATA / f"{name}.pdf").pages]
    assert sum(header in raw for raw in raw_pages) >= 1  # it was there to begin with
    assert header not in docs[name].text


@pytest.mark.parametrize("name", ["bedford", "wiltshire"])
def test_no_page_numbers_or_header_dates_left(docs: dict[str, Document], name: str) -> None:
    text = docs[name].text
    assert not re.search(r"^(?:page\s*\|?\s*)?\d{1,3}(?:\s*of\s*\d+)?$", text, re.M | re.I)
    assert not re.search(r"^\d+ to \d+ \w+ \d{4} \d+$", text, re.M)


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        ("bedford", "a lot of well-considered guidance"),  # "well- \nconsidered"
        ("bedford", "effective co-working with children"),  # "co-\nworking"
        ("bedford", "the Muti-Agency Panel"),  # capitalised second part keeps the hyphen
        ("bedford", "established a long-term strategy"),
        ("wiltshire", "secure a system-wide commitment"),
        ("wiltshire", "young people’s long-term aspirations"),
        ("wiltshire", "open-government-licence/"),
    ],
)
def test_line_end_hyphens_are_rejoined(docs: dict[str, Document], name: str, joined: str) -> None:
    assert joined in docs[name].text


@pytest.mark.parametrize("name", ["bedford", "wiltshire"])
def test_bullets_start_their_own_lines(docs: dict[str, Document], name: str) -> None:
    raw = "".join(page.extract_text() for page in PdfReader(DATA / f"{name}.pdf").pages)
    text = docs[name].text
    assert text.count("◼") == raw.count("◼") > 5
    assert len(re.findall(r"^◼ \S", text, re.M)) == text.count("◼")


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("bedford", "What does the area partnership need to do better?"),
        ("bedford", "Information about the local area partnership"),
        ("bedford", "Inspection dates: 18 to 22 November 2024"),
        ("wiltshire", "What is the area partnership doing that is effective?"),
        ("wiltshire", "Areas for improvement"),
    ],
)
def test_headings_stay_on_their_own_line(docs: dict[str, Document], name: str, line: str) -> None:
    assert re.search(rf"^{re.escape(line)}$", docs[name].text, re.M)


def test_wrapped_lines_become_one_paragraph(bedford: Document) -> None:
    paragraph = (
        "The local area partnership’s special educational needs and/or disabilities (SEND) "
        "arrangements typically lead to positive experiences and outcomes for children and "
        "young people with SEND. The local area partnership is taking action where "
        "improvements are needed."
    )
    assert re.search(rf"^{re.escape(paragraph)}$", bedford.text, re.M)


def test_canonical_text_has_no_trailing_spaces_or_blank_runs(bedford: Document) -> None:
    assert not re.search(r" +$", bedford.text, re.M)
    assert "\n\n\n" not in bedford.text


# --- synthetic pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "vocabulary", "drop"),
    [
        ("develop", "ment", set(), True),
        ("assess", "ments", set(), True),
        ("commis", "sioning", {"commissioning"}, True),
        ("co", "production", {"coproduction"}, False),  # known prefix wins
        ("self", "evaluation", set(), False),
        ("multi", "agency", set(), False),
        ("well", "considered", set(), False),
        ("long", "term", set(), False),
        ("joined", "up", {"joined-up"}, False),
        ("Muti", "Agency", set(), False),
        ("post", "16", set(), False),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_should_drop_hyphen(before: str, after: str, vocabulary: set[str], drop: bool) -> None:
    assert should_drop_hyphen(before, after, vocabulary) is drop


def _body(n: int, topic: str = "the body") -> list[str]:
    # Full-width lines so the width rule has a body to measure against.
    return [
        f"Line {i} about {topic} continues across the whole width of the page here and"
        for i in range(n)
    ]


def test_running_header_and_page_x_of_y_are_dropped() -> None:
    pages = [
        "\n".join(
            ["Joint area SEND revisit in Example", *_body(3), f"{word} end.", f"Page {n} of 3"]
        )
        for n, word in enumerate(["First", "Second", "Third"], start=1)
    ]
    cleaned = clean_pages(pages)
    assert all("Joint area SEND revisit" not in page for page in cleaned)
    assert all("Page" not in page for page in cleaned)
    assert [page.split()[-2] for page in cleaned] == ["First", "Second", "Third"]


def test_repeated_line_mid_page_is_kept() -> None:
    pages = []
    for topic in ("waiting lists", "annual reviews", "speech therapy"):
        middle = [*_body(3, topic), "Done.", "Priority 1", *_body(3, topic), "Done.", "Priority 1"]
        pages.append("\n".join(["Header", *middle, *_body(3, topic), "Done.", "12"]))
    cleaned = clean_pages(pages)
    assert all(re.findall(r"^Priority 1$", page, re.M) == ["Priority 1"] * 2 for page in cleaned)
    assert all(not page.startswith("Header") for page in cleaned)


def test_one_or_two_page_documents_keep_repeated_first_lines() -> None:
    cleaned = clean_pages(["Priority 1\nText one.", "Priority 1\nText two."])
    assert cleaned == ["Priority 1\nText one.", "Priority 1\nText two."]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The council will develop-\nment plans.", "The council will development plans."),
        ("Evidence of impact\nThe survey shows", "Evidence of impact\nThe survey shows"),
        (
            "▪ first point that wraps\nonto a second line\n▪ second point",
            "▪ first point that wraps onto a second line\n▪ second point",
        ),
        ("• one\n• two", "• one\n• two"),
        ("Intro:\nnext", "Intro:\nnext"),
        ("Area 1\n\n\n\nText.", "Area 1\n\nText."),
        ("We will co-\nproduce it.", "We will co-produce it."),
    ],
    ids=["hyphenation", "heading", "bullet-wrap", "bullets", "colon", "blank-run", "co-prefix"],
)
def test_rejoin_rules(raw: str, expected: str) -> None:
    assert clean_pages([raw]) == [expected]


@pytest.mark.parametrize(
    ("line", "bullet"),
    [
        ("◼ text", True),
        ("▪ text", True),
        ("• text", True),
        ("- text", True),
        ("1. text", True),
        ("a) text", True),
        ("-text", False),
        ("Area 1", False),
        ("2024 figures", False),
    ],
)
def test_is_bullet(line: str, bullet: bool) -> None:
    assert is_bullet(line) is bullet
