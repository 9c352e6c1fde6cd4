"""The 43 real area SEND inspection reports: ingest, local area, dates and priorities.

The PDFs ship as the national library in ``corpus/national``; what each must yield is kept
here, in tests/data/ofsted_reports.csv: the local area and publication date from the
library's SOURCES.md, and the "Inspection dates:" phrase as printed on each report's first
page. The expected date is worked out from that phrase by this test's own small parser, not
by ``detect``; reports are loaded without their manifest, so detection is what is tested.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus.loaders import load_document
from assistant.records import DocType, Document
from assistant.structure.parser import DocumentStructure, parse_structure

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "corpus" / "national"
EXPECTED = REPO / "tests" / "data" / "ofsted_reports.csv"
ROWS = list(csv.DictReader(EXPECTED.open(encoding="utf-8")))
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip


def last_day(phrase: str) -> date:
    """ "8 to 12 July 2024" / "29 April 2024 to 3 May 2024" -> the last day named."""
    day, month, year = re.findall(r"(\d{1,2}) ([A-Za-z]+)(?: (\d{4}))?$", phrase)[0]
    return date(int(year), MONTHS.index(month.lower()) + 1, int(day))


@pytest.fixture(scope="session")
def reports() -> dict[str, tuple[Document, DocumentStructure]]:
    """Every report loaded and parsed once for the whole session (~25 s: pypdf)."""
    loaded = {}
    for row in ROWS:
        document = load_document(REPORTS / row["file"])
        loaded[row["file"]] = (document, parse_structure(document.text, document.doc_type))
    return loaded


def test_expectations_cover_every_report_in_the_folder() -> None:
    assert sorted(row["file"] for row in ROWS) == sorted(p.name for p in REPORTS.glob("*.pdf"))
    assert len(ROWS) == 43


@pytest.mark.parametrize("row", ROWS, ids=[row["local_area"] for row in ROWS])
def test_report_metadata(row: dict[str, str], reports: dict) -> None:
    document, _ = reports[row["file"]]
    assert document.doc_type is DocType.inspection_report
    assert document.local_area == row["local_area"]
    # The report's own phrase is in its text: the expectation belongs to this report.
    assert row["inspection_dates"] in " ".join(document.text.split())
    # The document date is the last day of the inspection, before publication.
    expected = last_day(row["inspection_dates"])
    assert document.date == expected.isoformat()
    assert document.date < row["published"]


@pytest.mark.parametrize("row", ROWS, ids=[row["local_area"] for row in ROWS])
def test_report_priorities(row: dict[str, str], reports: dict) -> None:
    document, structure = reports[row["file"]]
    titles = [priority.title for priority in structure.priorities]
    assert 1 <= len(titles) <= 12, titles
    assert [p.number for p in structure.priorities] == list(range(1, len(titles) + 1))
    for title in titles:
        assert 20 <= len(title) <= 300, title
        assert title[0].isupper(), title
        assert not re.search(r"responsible body|areas for (?:improvement|priority)", title, re.I)
        assert title[0] not in "▪•◼-" and not re.match(r"\d+\.", title), title
    # Each priority's segments hold its text: the title's words are in the document there.
    numbered = [s for s in structure.segments if s.priority is not None]
    assert {s.priority for s in numbered} == set(range(1, len(titles) + 1))
    for segment in numbered:
        assert 0 <= segment.start < segment.end <= len(document.text)


def test_sub_points_stay_with_their_area(reports: dict) -> None:
    # Worcestershire's first priority action lists four services after a colon; they
    # are one area, not five.
    _, structure = reports["worcestershire-2024-07-area-send-inspection.pdf"]
    first = structure.priorities[0].title
    assert first.startswith("The local area partnership should urgently address the long waiting")
    assert "community paediatrics" in first
    assert not any(p.title.startswith("physiotherapy") for p in structure.priorities)
