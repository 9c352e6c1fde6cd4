"""Action registers parsed from the real bundled documents (no index needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest, MetadataOverrides
from assistant.domain.columns import column_field, is_header_row
from assistant.domain.ratings import due_month, normalise_rag, parse_year_month
from assistant.records import Action, ActionSource, DocType, Document, FieldSpan
from assistant.structure import parse_actions, parse_structure
from assistant.structure.text import split_lines
from assistant.timescale import filter_actions, is_overdue, timescale_check
from tests.conftest import CORPUS

MANIFEST = Manifest.load(CORPUS / "manifest.json")
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
WSOA = "shropshire-2020-11-written-statement-of-action.txt"
APP = "shropshire-2023-accelerated-progress-plan.txt"
TORBAY = "torbay-2024-02-wsoa-review-note.txt"
WIRRAL = "wirral-2022-04-wsoa-review-preparation.txt"


def register(
    path: Path, overrides: MetadataOverrides | None = None
) -> tuple[Document, list[Action]]:
    document = load_document(path, overrides=overrides, manifest=MANIFEST)
    return document, parse_actions(document, parse_structure(document.text, document.doc_type))


def by_ref(actions: list[Action]) -> dict[str, Action]:
    return {a.reference: a for a in actions}


def text(span: FieldSpan | None) -> str:
    return " ".join(span.text.split()) if span else ""


def test_torbay_red_rated_actions_are_the_listed_three() -> None:
    document, actions = register(CORPUS / TORBAY)
    red = [a for a in actions if a.rag == "red"]
    assert {a.reference for a in red} == {"11F", "12B", "12C"}
    for action in red:
        assert action.source is ActionSource.rag_listing
        assert action.priority == 5  # "Pillar 5 (Graduated Response): 11F, 12B, 12C"
        assert text(action.outcome) == "Pillar 5 (Graduated Response)"
        assert "red rated actions" in text(action.context)
        assert document.text[action.reference_span.start : action.reference_span.end] == (
            action.reference
        )


def test_torbay_amber_references_are_normalised_but_cited_as_written() -> None:
    _, actions = register(CORPUS / TORBAY)
    amber = by_ref([a for a in actions if a.rag == "amber"])
    assert {"2A.3", "2A.4", "2A.5", "2B", "2C", "7A", "8C", "9A", "9B", "11A.2", "11B"} < set(amber)
    assert amber["12A.1"].reference_span.text == "12 A.1"
    assert amber["2A.3"].priority == 1 and amber["7A"].priority == 3


def test_shropshire_priority_3_has_due_months_and_responsible_officers() -> None:
    _, plan = register(CORPUS / APP)
    app = by_ref([a for a in plan if a.priority == 3])
    assert app["3.1.1"].due_month == "2023-04"
    assert text(app["3.1.1"].responsible_officer) == "ND Workstream to confirm"
    assert text(app["3.1.1"].outcome).startswith("Outcome 1")
    assert text(app["3.1.1"].theme).startswith("1. Actions to ensure clarity")
    assert app["3.2.2"].due_month == "2023-07"  # "?July 2023"
    assert app["3.2.3"].due_month is None and text(app["3.2.3"].due) == "In place"
    assert {f"3.1.{n}" for n in range(1, 8)} | {f"3.10.{n}" for n in range(1, 5)} <= set(app)

    _, statement = register(CORPUS / WSOA)
    wsoa = by_ref([a for a in statement if a.priority == 3])
    assert (
        text(wsoa["3.1.1"].action)
        == "Establish data set/s to report and monitor impact of actions taken"
    )
    assert text(wsoa["3.1.1"].due) == "Dec 20" and wsoa["3.1.1"].due_month == "2020-12"
    assert text(wsoa["3.1.1"].responsible_officer) == "CC"
    assert text(wsoa["3.1.1"].outcome) == "3.1 Establish efficient DN pathway"
    assert set(wsoa) >= {"3.1.1", "3.1.5", "3.2.1", "3.3.3"}


def test_wsoa_dates_on_the_action_line_and_ranges() -> None:
    _, actions = register(CORPUS / WSOA)
    found = by_ref(actions)
    assert text(found["1.3.2"].action) == "Content and format of JSNA agreed"
    assert text(found["1.3.2"].due) == "Feb 21"
    assert found["5.1.5"].due_month == "2021-03"  # "Dec 20 to March 21": the end of the range
    assert text(found["4.3.2"].action).endswith("ongoing commissioning of appropriate services")
    assert text(found["6.1.3"].due) == "Ongoing" and found["6.1.3"].due_month is None


def test_app_rows_whose_cells_drifted_still_line_up() -> None:
    _, actions = register(CORPUS / APP)
    found = by_ref(actions)
    # "4.12.2 | | All settings ..." (reference one cell left of its column)
    assert text(found["4.12.2"].action).startswith("All settings to utilise")
    assert text(found["4.12.2"].responsible_officer).startswith("Karen who should lead")
    # "| 12. Actions ... | 4.12.1 | Education ..." (one cell right)
    assert text(found["4.12.1"].action).startswith("Education to promote")
    assert text(found["4.12.1"].theme).startswith("12. Actions to ensure")
    assert found["4.11.6"].rag == "complete"  # its due cell reads "Completed"


def test_impact_and_score_card_tables_are_not_registered() -> None:
    _, actions = register(CORPUS / APP)
    references = [a.reference for a in actions]
    assert len(references) == len(set(references))  # the P5 milestone rows repeat 5.1.x
    assert text(by_ref(actions)["5.1.4"].due) == "Sep-23"
    assert not any(" to " in a.reference for a in actions)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_every_field_is_an_exact_span(path: Path) -> None:
    document, actions = register(path)
    for action in actions:
        for name, span in action.spans().items():
            assert document.text[span.start : span.end] == span.text, (action.reference, name)
            assert span.page == document.page_at(span.start)
            assert span.text == span.text.strip()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_no_action_is_built_from_a_header_row(path: Path) -> None:
    document, actions = register(path)
    lines = split_lines(document.text)
    for action in actions:
        line = next(ln for ln in lines if ln.start <= action.reference_span.start <= ln.end)
        assert not is_header_row(line.text.split("\t")), line.text
        for name in ("action", "responsible_officer", "due", "rag_text"):
            span = getattr(action, name)
            assert span is None or column_field(span.text) is None, (action.reference, name)


def test_wirral_template_has_no_register() -> None:
    # Its only table is "Action | Reason | Mitigation" with a row of "N/A".
    _, actions = register(CORPUS / WIRRAL)
    assert actions == []


def test_docx_table_rows_become_actions(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("Priority 2: Joint commissioning")
    table = word.add_table(rows=0, cols=6)
    for row in (
        ["Reference", "Actions", "Responsible Officer", "By When", "Progress Update", "RAG"],
        [
            "2.1.1",
            "Agree a joint commissioning strategy",
            "Jo Bloggs",
            "Mar-24",
            "Draft shared",
            "A",
        ],
        ["2.1.2", "Publish the strategy", "Sam Smith", "TBC", "", "Completed"],
        ["", "", "", "", "Approved by the board", ""],
    ):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    word.add_paragraph("The board will review progress quarterly.")
    path = tmp_path / "register.docx"
    word.save(str(path))

    overrides = MetadataOverrides(local_area="Testshire", doc_type=DocType.wsoa, date="2024-01")
    document, actions = register(path, overrides)
    assert [a.reference for a in actions] == ["2.1.1", "2.1.2"]
    first, second = actions
    assert (text(first.action), text(first.responsible_officer)) == (
        "Agree a joint commissioning strategy",
        "Jo Bloggs",
    )
    assert (first.due_month, first.rag, text(first.progress)) == (
        "2024-03",
        "amber",
        "Draft shared",
    )
    assert second.rag == "complete" and second.due_month is None
    assert text(second.progress) == "Approved by the board"  # the continuation row
    assert first.priority == 2
    for action in actions:
        for span in action.spans().values():
            assert document.text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("Apr-23", "2023-04"),
        ("?July 2023", "2023-07"),
        ("? August 2023", "2023-08"),
        ("Sep 20", "2020-09"),
        ("Nov 20 and ongoing", "2020-11"),
        ("Oct 20 to Mar 21", "2021-03"),
        ("Sept 21", "2021-09"),
        ("03/2024", "2024-03"),
        ("TBC", None),
        ("In place", None),
        ("Ongoing", None),
        ("Beginning in March", None),
    ],
)
def test_due_month(written: str, month: str | None) -> None:
    assert due_month(written) == month


@pytest.mark.parametrize(
    ("written", "rag"),
    [
        ("R", "red"),
        ("A", "amber"),
        ("G", "green"),
        ("C", "complete"),
        ("Amber - at risk", "amber"),
        ("Completed", "complete"),
        ("", ""),
        ("TBC", ""),
    ],
)
def test_normalise_rag(written: str, rag: str) -> None:
    assert normalise_rag(written) == rag


def _action(reference: str, due: str | None, rag: str = "", priority: int = 1) -> Action:
    span = FieldSpan(text=reference, start=0, end=len(reference), page=1)
    return Action(
        doc_id="d",
        local_area="Testshire",
        doc_type=DocType.wsoa,
        date="2023-01",
        priority=priority,
        reference=reference,
        source=ActionSource.table_row,
        reference_span=span,
        due_month=due,
        rag=rag,
    )


@pytest.mark.parametrize(
    ("due", "rag", "at", "overdue"),
    [
        ("2023-04", "", "2023-06", True),
        ("2023-04", "amber", "2023-06", True),
        ("2023-04", "complete", "2023-06", False),  # done, however late
        ("2023-06", "red", "2023-06", False),  # due this month: not yet behind
        ("2023-09", "green", "2023-06", False),
        (None, "red", "2023-06", False),  # "TBC": no date to be behind
        ("2022-12", "green", "2023-01", True),
    ],
    ids=["due-before", "amber-before", "complete", "same-month", "future", "no-date", "year-edge"],
)
def test_overdue(due: str | None, rag: str, at: str, overdue: bool) -> None:
    assert is_overdue(_action("1.1.1", due, rag), at) is overdue


def test_timescale_check_groups_by_priority_and_rating() -> None:
    actions = [
        _action("1.1.1", "2023-01", "red"),
        _action("1.1.2", "2023-09", "red"),
        _action("1.1.3", "2023-01", "complete"),
        _action("2.1.1", None, "amber", priority=2),
    ]
    first, second = timescale_check(actions, "2023-06")
    assert first.priority == 1 and second.priority == 2
    assert {rag: [a.reference for a in acts] for rag, acts in first.by_rag.items()} == {
        "red": ["1.1.1", "1.1.2"],
        "complete": ["1.1.3"],
    }
    assert [a.reference for a in first.overdue] == ["1.1.1"]
    assert second.overdue == []
    assert [a.reference for a in filter_actions(actions, rag="red", overdue_at="2023-06")] == [
        "1.1.1"
    ]


@pytest.mark.parametrize("bad", ["2024-13", "2024-3", "March 2024", "2024"])
def test_a_month_must_be_year_and_month(bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_year_month(bad)
