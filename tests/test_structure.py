"""Structure parser: priorities, sections, action references and RAG ratings.

Expected values are read from the real documents in corpus/ and tests/data/.
"""

from __future__ import annotations

import json
import textwrap
from functools import cache, partial
from pathlib import Path

import pytest

from assistant.records import DocType, SectionKind
from assistant.structure import DocumentStructure, parse_structure
from assistant.structure.sections import find_action_refs, find_rag

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

WSOA = "shropshire-2020-11-written-statement-of-action"
MR5 = "shropshire-2022-05-wsoa-review-note-mr5"
APP = "shropshire-2023-accelerated-progress-plan"
WIRRAL = "wirral-2022-04-wsoa-review-preparation"
TORBAY = "torbay-2024-02-wsoa-review-note"
BEDFORD = "bedford"
WILTSHIRE = "wiltshire"
ALL_DOCS = [WSOA, MR5, APP, WIRRAL, TORBAY, BEDFORD, WILTSHIRE]


@cache
def load_text(doc_id: str) -> tuple[str, DocType]:
    """Canonical text and type of a corpus document or test PDF."""
    if doc_id in (BEDFORD, WILTSHIRE):
        from pypdf import PdfReader

        reader = PdfReader(DATA / f"{doc_id}.pdf")
        return "\n".join(page.extract_text() for page in reader.pages), DocType.inspection_report
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if d["file"] == f"{doc_id}.txt")
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8").replace("\r\n", "\n")
    return text, DocType(entry["doc_type"])


@cache
def structure_of(doc_id: str) -> DocumentStructure:
    text, doc_type = load_text(doc_id)
    return parse_structure(text, doc_type)


# --- priorities ----------------------------------------------------------------

EXPECTED_PRIORITIES = {
    WSOA: {
        1: "Inconsistent strategic leadership and weak strategic planning across the area, "
        "most notably in the CCG, including the ineffective use of data to accurately "
        "commission and plan services",
        2: "The lack of inclusion of health services’ input into the area’s SEND action plan",
        3: "Significant waiting times for large numbers of children and young people on the "
        "ASD and ADHD diagnostic pathways",
        4: "Significant waiting times for those needing assessment and treatment from the "
        "speech and language therapy service",
        5: "Inconsistency in the quality of input from education, health and care into EHC "
        "assessment and planning",
        6: "The high rate of exclusions for children and young people with an EHC plan and the "
        "high rate of repeat fixed-term exclusions for those receiving SEND support",
    },
    APP: {
        3: "ND Pathways and Waiting Times",
        4: "SLCN Pathways and Waiting Times",
        5: "Quality of EHC plans and Annual Reviews",
    },
    WIRRAL: {
        1: "The lack of accurate, up-to-date and useful information which informs the area's "
        "plans and evaluates the impact of their actions. The lack of joint commissioning",
        2: "Weaknesses in the quality & timeliness of EHC assessments and Annual Review",
        3: "Fractured relationships between the area and the Parent Carer Partnership Wirral",
        4: "The graduated response not being consistently applied across all schools",
        5: "High level of parental dissatisfaction with the area's provision; Lack of "
        "strategic oversight",
        6: "The published local offer not being well publicised",
    },
    TORBAY: {
        1: "The lack of a suitably ambitious SEND strategy based on robust self-evaluation",
        2: "The deep cultural issues leading to weak co-production",
        3: "The lack of joint working between services",
        4: "The variability in the implementation of the graduated response",
        5: "The poor range of opportunities and choice for children and young people with "
        "SEND when they reach 16 or transition to adulthood",
        6: "The wide variances in the quality of EHC plans",
        7: "Poor joint commissioning arrangements that limit leaders' ability to meet area needs",
        8: "The lack of impact and of resilience to sustain improvement",
    },
    BEDFORD: {
        1: "The partnership should establish more effective processes to ensure that children "
        "and young people’s needs are identified quickly and accurately",
        2: "Some children and young people with SEND wait too long for neurodevelopmental "
        "assessment in Bedford Borough",
    },
    WILTSHIRE: {
        1: "Some children and young people wait too long for assessment and diagnosis across "
        "several health services",
        2: "Young people’s experiences are more variable post-16 and up to 25 in the area",
    },
}
# The MR5 note repeats the WSoA's weaknesses (with straight apostrophes).
EXPECTED_PRIORITIES[MR5] = {
    n: title.replace("’", "'")[:70] for n, title in EXPECTED_PRIORITIES[WSOA].items()
}


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_priorities_found_with_titles(doc_id: str) -> None:
    expected = EXPECTED_PRIORITIES[doc_id]
    found = {p.number: p.title for p in structure_of(doc_id).priorities}
    assert sorted(found) == sorted(expected)
    for number, title in expected.items():
        assert found[number].startswith(title), (number, found[number])


@pytest.mark.parametrize(
    ("doc_id", "number", "exact_title"),
    [
        pytest.param(
            WSOA, 5, EXPECTED_PRIORITIES[WSOA][5], id="wsoa-p5-not-run-on-into-page-fragment"
        ),
        pytest.param(WSOA, 6, EXPECTED_PRIORITIES[WSOA][6], id="wsoa-p6-joined-across-blank-line"),
        pytest.param(
            APP, 3, "ND Pathways and Waiting Times", id="app-impacts-header-is-not-a-title"
        ),
        pytest.param(
            TORBAY, 5, EXPECTED_PRIORITIES[TORBAY][5], id="torbay-asw5-title-on-next-lines"
        ),
        pytest.param(
            WIRRAL,
            3,
            "Fractured relationships between the area and the Parent Carer Partnership Wirral "
            "and the impact of this on the area's progress in implementing the reforms; "
            "The lack of meaningful co-production with parents and carers; "
            "Poor communication with parents and carers across the area",
            id="wirral-area3-three-weaknesses",
        ),
    ],
)
def test_exact_titles(doc_id: str, number: int, exact_title: str) -> None:
    assert structure_of(doc_id).title_of(number) == exact_title


# --- sections -------------------------------------------------------------------

S = SectionKind
SECTION_CASES = [
    (MR5, "Planned membership 5 th May 2002", None, S.header),
    (MR5, "A Quality and Assurance Group (QAG) has been established", None, S.general_update),
    (MR5, "Are there any actions behind schedule?", None, S.timescale_check),
    (MR5, "SEND governance arrangements established", 1, S.progress),
    (MR5, "Commitment to funding 2x HLTRs", 3, S.impact),
    (MR5, "Review of health data and information on the local SEND offer", 2, S.next_steps),
    (MR5, "Relaunch of Restorative Practice initiative", 6, S.next_steps),
    (MR5, "Confirm support and monitoring arrangements", None, S.agreed_actions),
    (MR5, "Consideration needs to be given in priorities 3 and 4", None, S.conclusion),
    (TORBAY, "Tor Hill House, Torquay", None, S.header),
    # "Pillar 1 (JC)" numbers a governance pillar (joint commissioning, i.e. Area 7),
    # not ASW 1: the amber/red action lists must not open priorities.
    (TORBAY, "Pillar 1 (JC) : 2A.3, 2A.4", None, S.timescale_check),
    (TORBAY, "How does the board monitor progress", None, S.follow_up),
    (TORBAY, "The SEND Strategy has been co-produced", 1, S.progress),
    (TORBAY, "Overall good progress with NEET figures", 5, S.progress),
    (TORBAY, "20 week statutory timeliness", 6, S.follow_up),
    (TORBAY, "Support is available for CYP and families while on ND", 7, S.progress),
    (TORBAY, "Situation with recruitment in S<, EP and SEND team", 8, S.follow_up),
    (TORBAY, "partnership has grown in strength", None, S.conclusion),
    (TORBAY, "Mapping diagram to demonstrate", None, S.agreed_actions),
    (WIRRAL, "Staffing updates", None, S.general_update),
    (WIRRAL, "Are there any actions behind schedule?", None, S.timescale_check),
    (WIRRAL, "1.1.a.b.c - Systems Audit", 1, S.progress),
    (WIRRAL, "Indicator definition templates to be completed", 1, S.next_steps),
    (WIRRAL, "1.2.a- Appointment of Joint Commissioner", 1, S.progress),
    (WIRRAL, "74 new places commissioned", 1, S.impact),
    (WIRRAL, "Finalise the EHC Compliance Checklist", 2, S.next_steps),
    (WIRRAL, "3.2a PCPW Representation", 3, S.progress),
    (WIRRAL, "Develop a training plan for the local area", 4, S.next_steps),
    (WIRRAL, "5.2.c Quality of Professional Advice", 5, S.progress),
    (WIRRAL, "6.1.b Scoping the Local Offer website", 6, S.progress),
    (WIRRAL, "SEND governance structure for the local area", None, S.other),
    (APP, "RAG: R: Delayed or Low confidence", None, S.header),
    (APP, "3.1.1\tCollate details of all support", 3, S.actions),
    (APP, "3.10.4\tRecruit to an enhanced LDA team", 3, S.actions),
    (APP, "Families don't have to wait for a diagnosis", 3, S.measures),
    (APP, "Priority Area 3 Score Card KPI", 3, S.measures),
    (APP, "4.14.8\tReview the SLT service specification", 4, S.actions),
    (APP, "Strong joint commissioning arrangements", 4, S.measures),
    (APP, "5.2.1\tDevelop and implement an annual review recovery plan", 5, S.actions),
    (APP, "EHCP timeliness at 60%", 5, S.measures),
    (WSOA, "The WSoA will focus on the following 6 areas", None, S.introduction),
    (WSOA, "Progress against our priorities", None, S.measures),
    (WSOA, "1.3 The local area SEND specific JSNA", 1, S.introduction),
    (WSOA, "30% increase in the use of personal budgets", 1, S.measures),
    (WSOA, "1.1.2 Publish the SEND Strategy", 1, S.actions),
    (WSOA, "3.1.3 Embedded a new sustainable ASD", 3, S.actions),
    (WSOA, "5.1 All EHC plans are of consistently high quality", 5, S.introduction),
    (WSOA, "6.1.12 School exclusions will be a standing item", 6, S.actions),
    (WSOA, "Key roles", None, S.other),
    (BEDFORD, "What does the area partnership need to do better?", None, S.findings),
    (BEDFORD, "reduce the delays in neurodevelopmental", 2, S.areas_for_improvement),
    (BEDFORD, "Local area partnership details", None, S.other),
    (WILTSHIRE, "young people in their preparation for adulthood", 2, S.areas_for_improvement),
    (WILTSHIRE, "Inspection outcome", None, S.findings),
]


@pytest.mark.parametrize(
    ("doc_id", "snippet", "priority", "section"),
    [pytest.param(*case, id=f"{case[0][:14]}-{case[1][:30]}") for case in SECTION_CASES],
)
def test_section_and_priority_of_text(
    doc_id: str, snippet: str, priority: int | None, section: SectionKind
) -> None:
    text, _ = load_text(doc_id)
    segment = structure_of(doc_id).segment_at(text.index(snippet))
    assert segment is not None
    assert (segment.priority, segment.section) == (priority, section)


@pytest.mark.parametrize("doc_id", ALL_DOCS)
def test_segments_are_ordered_disjoint_and_cover_all_text(doc_id: str) -> None:
    text, _ = load_text(doc_id)
    segments = structure_of(doc_id).segments
    assert segments
    covered = [False] * len(text)
    previous_end = 0
    for segment in segments:
        assert previous_end <= segment.start < segment.end
        assert not text[segment.start].isspace() and not text[segment.end - 1].isspace()
        covered[segment.start : segment.end] = [True] * (segment.end - segment.start)
        previous_end = segment.end
    uncovered = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert uncovered == []


def test_mr5_has_progress_impact_and_next_steps_for_every_area() -> None:
    kinds = {(s.priority, s.section) for s in structure_of(MR5).segments}
    for area in range(1, 7):
        assert {(area, S.progress), (area, S.impact), (area, S.next_steps)} <= kinds


def test_torbay_rag_groups() -> None:
    text, _ = load_text(TORBAY)
    structure = structure_of(TORBAY)
    amber = structure.segment_at(text.index("Pillar 3 (Culture): 7A"))
    red = structure.segment_at(text.index("11F, 12B, 12C"))
    assert amber is not None and red is not None
    assert (amber.rag, red.rag) == ("amber", "red")
    assert {"2A.3", "7A", "11A.2", "12A.2"} <= set(amber.action_refs)
    assert red.action_refs == ["11F", "12B", "12C"]


def test_app_action_refs_on_segments() -> None:
    text, _ = load_text(APP)
    segment = structure_of(APP).segment_at(text.index("3.1.1\tCollate"))
    assert segment is not None
    assert {"3.1.1", "3.5.5"} <= set(segment.action_refs)
    assert not any(ref.startswith("4.") for ref in segment.action_refs)


@pytest.mark.parametrize("doc_id", [MR5, TORBAY, WIRRAL])
def test_same_structure_when_lines_are_hard_wrapped(doc_id: str) -> None:
    text, doc_type = load_text(doc_id)
    wrap = partial(textwrap.wrap, width=90, replace_whitespace=False, expand_tabs=False)
    wrapped = "\n".join("\n".join(wrap(ln)) if len(ln) > 90 else ln for ln in text.split("\n"))
    assert wrapped != text
    structure = parse_structure(wrapped, doc_type)
    assert [(p.number, p.title) for p in structure.priorities] == [
        (p.number, p.title) for p in structure_of(doc_id).priorities
    ]
    labels = [(s.priority, s.section, s.rag) for s in structure.segments]
    assert labels == [(s.priority, s.section, s.rag) for s in structure_of(doc_id).segments]


# --- recogniser edge cases on small texts -------------------------------------------


SMALL_TEXTS: dict[str, tuple[str, dict[int, str]]] = {
    "prose-area-7": ("Area 7 has seen improvement in waiting times.", {}),
    "hard-wrapped-sentence": ("Work continues across the local\nArea 7 The lack of things\n", {}),
    "table-header-of-priorities": ("\nPriority 1 Priority 2 Priority 3\nstuff\n", {}),
    "pillar-ref-list": ("Pillar 5 (Graduated Response): 11F, 12B, 12C\n", {}),
    "pillar-heading": (
        "Pillar 5: Graduated response\n\nProgress on key actions\n\n- Training.\n",
        {5: "Graduated response"},
    ),
    "pipe-separator": (
        "Area 2 | Weak EHC plans\n\nProgress on key actions\n",
        {2: "Weak EHC plans"},
    ),
    "numbered-list-without-cue": (
        "Themes:\n\n1. Actions to ensure clarity\n2. Actions to help\n",
        {},
    ),
}


@pytest.mark.parametrize(("text", "expected"), SMALL_TEXTS.values(), ids=SMALL_TEXTS.keys())
def test_priority_recognition_on_small_texts(text: str, expected: dict[int, str]) -> None:
    structure = parse_structure(text, DocType.review_note)
    assert {p.number: p.title for p in structure.priorities} == expected


HELP = "that children get the help they need"
HARD_WRAPPED = """Areas for priority action
Leaders should urgently improve the timeliness of EHC plans so that children get
the help they need.
The partnership should improve the quality of annual reviews. This is so that
plans stay up to date.

Local area partnership details
"""
REJOINED = """Areas for priority action
Leaders should urgently improve the timeliness of EHC plans so that children get the help they need.
The partnership should improve the quality of annual reviews. This is so that plans stay up to date.
Local area partnership details
"""


@pytest.mark.parametrize("text", [HARD_WRAPPED, REJOINED], ids=["hard-wrapped", "rejoined"])
def test_inspection_areas_with_and_without_hard_wraps(text: str) -> None:
    structure = parse_structure(text, DocType.inspection_report)
    assert [(p.number, p.title) for p in structure.priorities] == [
        (1, f"Leaders should urgently improve the timeliness of EHC plans so {HELP}"),
        (2, "The partnership should improve the quality of annual reviews"),
    ]
    sections = [(s.priority, s.section) for s in structure.segments]
    assert sections == [
        (1, S.areas_for_improvement),
        (2, S.areas_for_improvement),
        (None, S.other),
    ]


def test_old_style_inspection_letter_weakness_bullets() -> None:
    text = (
        "The local area is required to produce a WSoA that explains how it will tackle "
        "the following areas of significant weakness:\n\n"
        "▪ the lack of joint commissioning\n▪ weak co-production with families\n"
    )
    structure = parse_structure(text, DocType.inspection_report)
    assert [(p.number, p.title) for p in structure.priorities] == [
        (1, "the lack of joint commissioning"),
        (2, "weak co-production with families"),
    ]


# --- action references and RAG -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        pytest.param("3.1.1 to 3.1.7", ["3.1.1", "3.1.7"], id="range"),
        pytest.param("5.1.2 Update EHCP quality standards", ["5.1.2"], id="three-part"),
        pytest.param("3.10.4\tReview ICS governance", ["3.10.4"], id="two-digit-part"),
        pytest.param("1.1.a.b.c - Systems Audit", ["1.1.a", "1.1.b", "1.1.c"], id="letter-chain"),
        pytest.param("1.1g – Reporting and 3.2a PCPW", ["1.1g", "3.2a"], id="letter-suffix"),
        pytest.param(
            "Pillar 5 (Graduated Response): 11 A.2, 11B, 12 A.1, 12A.2",
            ["11A.2", "11B", "12A.1", "12A.2"],
            id="torbay-letter-refs",
        ),
        pytest.param(
            "Pillar 5 (Graduated Response): 11F, 12B, 12C", ["11F", "12B", "12C"], id="torbay-red"
        ),
        pytest.param("timeliness rose to 20.5% in 2021", [], id="percentage"),
        pytest.param("met on 21.04.2022 at 11.30am", [], id="date-and-time"),
        pytest.param("as set out in 5.1.2.", ["5.1.2"], id="sentence-end"),
        pytest.param("Commitment to funding 2x HLTRs in KS2 and Y4", [], id="no-false-letter-refs"),
    ],
)
def test_find_action_refs(text: str, refs: list[str]) -> None:
    assert find_action_refs(text) == refs


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        pytest.param("The following are amber rated actions:", "amber", id="amber-rated"),
        pytest.param("There are three red rated actions:", "red", id="red-rated"),
        pytest.param("RAG rating: Green", "green", id="rag-rating-colon"),
        pytest.param("Action\tOwner\tDate\tAmber", "amber", id="table-cell"),
        pytest.param("5.1.1\tDo things\tKL\tSep-23\tG", "green", id="app-letter-cell"),
        pytest.param("amber rated actions ... red rated actions", "", id="mixed"),
        pytest.param("RAG: R: Delayed or Low confidence of completion;", "", id="legend"),
        pytest.param("The Green Paper sets out reforms", "", id="no-rating-context"),
    ],
)
def test_find_rag(text: str, rag: str) -> None:
    assert find_rag(text) == rag
