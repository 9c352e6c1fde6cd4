"""Whole sentences, antecedents, duplicates and kind-based section choice (no index needed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.domain.statement_kinds import StatementKind, classify
from assistant.grounding.compose import SectionComposer, is_measured_impact, is_plan_wording
from assistant.grounding.records import Evidence
from assistant.grounding.whole_units import group_duplicates, make_whole
from assistant.records import DocType, SectionKind


@dataclass
class StubDocument:
    text: str
    title: str = "Stub"

    def page_at(self, offset: int) -> int:
        return 1 + offset // 1000


def unit_of(
    text: str,
    part: str,
    section: SectionKind = SectionKind.progress,
    doc_type: DocType = DocType.review_note,
    doc_id: str = "d",
    date: str = "2022-05",
) -> Evidence:
    start = text.index(part)
    verdict = classify(part, section, doc_type)
    return Evidence(
        key="",
        doc_id=doc_id,
        title="Stub",
        local_area="Area",
        doc_type=doc_type,
        date=date,
        page=1,
        start=start,
        end=start + len(part),
        text=part,
        section=section,
        kind=verdict.kind,
        kind_rule=verdict.rule,
    )


def whole(text: str, *parts: str) -> list[str]:
    document = StubDocument(text)
    units = make_whole([unit_of(text, p) for p in parts], lambda _: document)  # type: ignore[arg-type, return-value]
    for u in units:
        assert u.text == text[u.start : u.end]  # every repaired span stays exact
    return [u.text for u in units]


CASES = [
    pytest.param(
        "- Satisfaction rates will be consistently at 90% or\nhigher than now.\n- Next item here.",
        ["- Satisfaction rates will be consistently at 90% or", "higher than now."],
        ["- Satisfaction rates will be consistently at 90% or\nhigher than now."],
        id="cut-off-bullet-extended-and-tail-absorbed",
    ),
    pytest.param(
        "- Sub-Group to receive outcomes of complaints and tribunal\n\nfindings.\n\n(v) Review it.",
        [
            "- Sub-Group to receive outcomes of complaints and tribunal",
            "findings.\n\n(v) Review it.",
        ],
        [
            "- Sub-Group to receive outcomes of complaints and tribunal\n\nfindings.",
            "(v) Review it.",
        ],
        id="continuation-after-a-blank-line",
    ),
    pytest.param(
        "Significant progress has been made by the subgroup. This has involved training staff.",
        ["This has involved training staff."],
        ["Significant progress has been made by the subgroup. This has involved training staff."],
        id="this-carries-its-antecedent",
    ),
    pytest.param(
        "Significant progress has been made by the subgroup. This has involved training staff.",
        [
            "Significant progress has been made by the subgroup.",
            "This has involved training staff.",
        ],
        ["Significant progress has been made by the subgroup. This has involved training staff."],
        id="this-joins-the-line-before",
    ),
    pytest.param(
        "- Overall good evidence of progress monitored through:\n- Three audits took place.",
        ["- Overall good evidence of progress monitored through:", "- Three audits took place."],
        ["- Three audits took place."],
        id="lead-in-ending-with-colon-dropped",
    ),
    pytest.param(
        "- Developed EHCP standards as a foundation step\n- Three audits took place.",
        ["- Developed EHCP standards as a foundation step"],
        ["- Developed EHCP standards as a foundation step"],
        id="whole-list-item-without-full-stop-kept",
    ),
]


@pytest.mark.parametrize(("text", "parts", "expected"), CASES)
def test_units_are_made_whole_with_exact_spans(
    text: str, parts: list[str], expected: list[str]
) -> None:
    assert whole(text, *parts) == expected


def test_same_line_in_two_documents_is_one_group() -> None:
    text = "Training log established for all partners."
    a = unit_of(text, text, doc_id="a")
    b = unit_of(text, text, doc_id="b")
    other = unit_of("A different thing entirely happened.", "A different thing entirely happened.")
    groups = group_duplicates([a, b, other])
    assert [[u.doc_id for u in g] for g in groups] == [["a", "b"], ["d"]]


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        ("We will have received 75% of social care advice", True),
        ("On-going monthly reporting will show EHCP timeliness at 60%", True),
        ("To see evidence of how CYP and families are benefitting", True),
        ("Dashboard in place by Spring term 21", True),
        ("20 week performance remains at 71% despite staff changes.", False),
    ],
    ids=["will-have", "will-show", "to-see", "by-term", "reported-figure"],
)
def test_plan_wording(text: str, planned: bool) -> None:
    assert is_plan_wording(text) is planned


def test_no_measured_impact_line_then_planned_measures() -> None:
    text = (
        "No measurable evidence of impact at this early stage.\n"
        "- Satisfaction rates will be consistently at 90% or higher.\n"
    )
    document = StubDocument(text)
    units = [
        unit_of(text, "No measurable evidence of impact at this early stage.", SectionKind.impact),
        unit_of(
            text,
            "- Satisfaction rates will be consistently at 90% or higher.",
            SectionKind.measures,
            DocType.wsoa,
        ),
    ]
    assert not any(is_measured_impact(u) for u in units)
    impact = SectionComposer(lambda _: document).compose(units, up_to="2022-05")["impact"]  # type: ignore[arg-type, return-value]
    assert impact[0].text == "No measured impact reported in documents up to 2022-05."
    assert not impact[0].units  # the assistant's own line: a notice, not a quote
    assert [b.text for b in impact[1:]] == [
        "No measurable evidence of impact at this early stage.",
        "Planned: Satisfaction rates will be consistently at 90% or higher.",
    ]
    assert units[0].kind is not StatementKind.measured_impact
