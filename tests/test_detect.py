"""Metadata inference from text: the five corpus files, the two PDFs, and small strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import detect_metadata, load_document
from assistant.corpus.detect import detect_date, detect_doc_type, detect_local_area, parse_date
from assistant.records import DocType

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).parent / "data"

REAL_DOCUMENTS = [
    (
        CORPUS / "shropshire-2020-11-written-statement-of-action.txt",
        "Shropshire",
        DocType.wsoa,
        "2020-11",  # footer "Revised Final version Nov 2020"
        "Shropshire Written Statement of Action",  # made up: the text opens with "Introduction:"
    ),
    (
        CORPUS / "shropshire-2022-05-wsoa-review-note-mr5.txt",
        "Shropshire",
        DocType.review_note,
        "",  # "Date:" gives days without a year; "5 th May 2002" is a typo, not used
        "Draft Note of Standard WSoA Review Meeting",
    ),
    (
        CORPUS / "shropshire-2023-accelerated-progress-plan.txt",
        "Shropshire",
        DocType.accelerated_progress_plan,
        "2023-02-06",  # "Date of Publication of the Revisit report 6th February 2023"
        "Shropshire Area SEND Accelerated Progress Plan (Post SEND Revisit Nov 22)",
    ),
    (
        CORPUS / "wirral-2022-04-wsoa-review-preparation.txt",
        "Wirral",
        DocType.preparation_template,
        "2022-04",
        "Local Area Preparation Template for Standard WSoA Review Meeting",
    ),
    (
        CORPUS / "torbay-2024-02-wsoa-review-note.txt",
        "Torbay",
        DocType.review_note,
        "2024-02-05",
        "Note of WSoA Review Meeting",
    ),
    (
        DATA / "bedford.pdf",
        "Bedford",
        DocType.inspection_report,
        "2024-11-22",
        "Area SEND inspection of Bedford Borough Local Area Partnership",
    ),
    (
        DATA / "wiltshire.pdf",
        "Wiltshire",
        DocType.inspection_report,
        "2024-10-18",
        "Area SEND inspection of Wiltshire Local Area Partnership",
    ),
]


@pytest.mark.parametrize(
    ("path", "local_area", "doc_type", "date", "title"),
    REAL_DOCUMENTS,
    ids=[path.stem for path, *_ in REAL_DOCUMENTS],
)
def test_real_documents(
    path: Path, local_area: str, doc_type: DocType, date: str, title: str
) -> None:
    detected = detect_metadata(load_document(path).text)
    assert detected.local_area == local_area
    assert detected.doc_type is doc_type
    assert detected.date == date
    assert detected.title == title


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Local Area:\tTorbay\nDate:\t5 th February 2024", "Torbay"),
        ("Name of the Local Area\tShropshire", "Shropshire"),
        ("WSOA - Wirral Local Area - April 2022", "Wirral"),
        ("Area SEND inspection of Halton Local Area Partnership", "Halton"),
        ("Joint local area SEND inspection in Telford and Wrekin", "Telford and Wrekin"),
        (
            "Area SEND inspection of Bedford\nBorough Local Area Partnership\nInspection dates: x",
            "Bedford",
        ),
        ("The Shropshire Local Area SEND inspection took place in January 2020.", "Shropshire"),
        ("This letter is about the local area of Bedford and its partners.", "Bedford"),
        ("Bedford Borough Council and the NHS are responsible.", "Bedford"),
        ("Stockton-on-Tees Borough Council", "Stockton-on-Tees"),
        ("Minutes of a meeting about SEND.", ""),
        ("The Local Area received approval of its WSoA.", ""),
    ],
)
def test_local_area(text: str, area: str) -> None:
    assert detect_local_area(text) == area


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("WSOA\n\nNote of WSoA Review Meeting\nLocal Area:\tTorbay", DocType.review_note),
        ("Draft Note of Standard WSoA Review Meeting", DocType.review_note),
        (
            "Local Area Preparation Template for Standard WSoA Review Meeting",
            DocType.preparation_template,
        ),
        (
            "Shropshire Area SEND Accelerated Progress Plan (Post SEND Revisit Nov 22)",
            DocType.accelerated_progress_plan,
        ),
        ("Halton Written Statement of Action\n\nIntroduction", DocType.wsoa),
        ("Introduction:\nThe WSoA will focus on the following 6 areas", DocType.wsoa),
        ("Area SEND inspection of Halton Local Area Partnership", DocType.inspection_report),
        ("Joint local area SEND inspection in Wirral", DocType.inspection_report),
        (
            "Dear Sir\nOfsted and the Care Quality Commission (CQC) conducted a joint inspection",
            DocType.inspection_report,
        ),
        ("Minutes of the SEND partnership board", None),
    ],
    ids=lambda v: v.value if isinstance(v, DocType) else (str(v)[:25] if v else "none"),
)
def test_doc_type(text: str, doc_type: DocType | None) -> None:
    assert detect_doc_type(text) is doc_type


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("5th February 2024", "2024-02-05"),
        ("5 th February 2024", "2024-02-05"),
        ("1st Sept 2023", "2023-09-01"),
        ("April 2022", "2022-04"),
        ("18 to 22 November 2024", "2024-11-22"),
        ("21-23rd November 2022", "2022-11-23"),
        ("29 January 2018 to 2 February 2018", "2018-02-02"),
        ("05/02/2024", "2024-02-05"),
        ("31 February 2024", ""),
        ("on the 23 rd March and 21 st April", ""),
        ("", ""),
    ],
)
def test_parse_date(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Local Area:\tTorbay\nDate:\t5 th February 2024", "2024-02-05"),
        (
            "Inspection dates: 20 to 24 November 2023\nDates of previous inspection: 1 March 2018",
            "2023-11-24",
        ),
        (
            "Date of Inspection\t21-23rd November 2022\n"
            "Date of Publication of the report\t6th February 2023",
            "2023-02-06",
        ),
        ("WSOA - Wirral Local Area - April 2022\n\nLocal Area Preparation Template", "2022-04"),
        (
            "Introduction\nThe inspection took place in January 2020.\n\n"
            "Revised Final version Nov 2020",
            "2020-11",
        ),
        ("Date and venue of next meeting\t12 June 2024", ""),
        ("Notes\nThe inspection took place in January 2020.", ""),
    ],
    ids=[
        "labelled",
        "inspection-range",
        "publication-beats-inspection",
        "title-line",
        "version-footer",
        "next-meeting-ignored",
        "body-date-ignored",
    ],
)
def test_document_date(text: str, date: str) -> None:
    assert detect_date(text) == date


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "\n\nWSOA\n\nNote of WSoA Review Meeting\n\nLocal Area:\tTorbay",
            "Note of WSoA Review Meeting",
        ),
        (
            "Area SEND inspection of Wiltshire Local\nArea Partnership\n\n"
            "Inspection dates: 14 to 18 October 2024",
            "Area SEND inspection of Wiltshire Local Area Partnership",
        ),
        ("# SEND Strategy 2024\n\nSome text.", "SEND Strategy 2024"),
        (
            "Introduction:\n\nThe Halton local area will do things. The WSoA will address them.",
            "Halton Written Statement of Action",
        ),
        ("", ""),
    ],
    ids=["title-line", "two-line-title", "markdown-heading", "made-up", "empty"],
)
def test_title(text: str, title: str) -> None:
    assert detect_metadata(text).title == title
