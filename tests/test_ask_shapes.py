"""Ask answers by the question's shape: figures first, actions from the register,
evidence labelled by kind, follow-up questions never shown as findings."""

from __future__ import annotations

import re

import pytest

from assistant.grounding.answer_units import FOLLOW_UP_LABEL, PLANNED_LABEL
from assistant.grounding.query import Shape, named_places, parse_question, question_month
from assistant.grounding.records import SentenceKind
from assistant.service import Assistant
from tests.citation_check import assert_citations_exact

AREAS = ["Shropshire", "Torbay", "Wirral"]

SHAPES = [
    ("red-actions", "Which Torbay WSoA actions are rated red?", Shape.actions, "red", False),
    ("overdue", "Which Shropshire actions are overdue?", Shape.actions, None, True),
    ("behind", "Were any of Wirral's actions behind schedule?", Shape.actions, None, True),
    ("amber-first", "Which amber actions does Torbay have?", Shape.actions, "amber", False),
    ("timeliness", "What was Shropshire's 20 week EHC plan timeliness?", Shape.figure, None, False),
    ("how-many", "How many responses did Wirral's survey get?", Shape.figure, None, False),
    ("rate-of", "What is the rate of exclusions in Torbay?", Shape.figure, None, False),
    ("evidence", "What evidence do we have for priority 5?", Shape.evidence, None, False),
    ("how-know", "How do we know the training worked?", Shape.evidence, None, False),
    ("general", "Who chairs Wirral's SEND Transformation Board?", Shape.general, None, False),
    ("red-word-only", "Is the red book published?", Shape.general, None, False),
]


@pytest.mark.parametrize(
    ("question", "shape", "rag", "overdue"),
    [case[1:] for case in SHAPES],
    ids=[case[0] for case in SHAPES],
)
def test_question_shapes(question: str, shape: Shape, rag: str | None, overdue: bool) -> None:
    parsed = parse_question(question, AREAS)
    assert (parsed.shape, parsed.rag, parsed.overdue) == (shape, rag, overdue)


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("Which actions were overdue in April 2022?", "2022-04"),
        ("Overdue at 2023-09?", "2023-09"),
        ("Which actions are overdue?", None),
    ],
    ids=["month-name", "iso", "none"],
)
def test_question_month(question: str, month: str | None) -> None:
    assert question_month(question) == month


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("What is Bristol doing on EHC plans?", ["Bristol"]),
        ("How are Milton Keynes doing on waits?", ["Milton Keynes"]),
        ("What did Ofsted's report say?", []),
        ("What happened in May 2022?", []),
        ("What is the rate of exclusions?", []),
        ("Is Torbay's priority 5 complete?", ["Torbay"]),
        ("Has Milton Keynes's plan been signed off?", ["Milton Keynes"]),
    ],
    ids=["doing", "two-words", "not-a-place", "month", "no-place", "opening-word", "has-two"],
)
def test_named_places(question: str, places: list[str]) -> None:
    assert named_places(question) == places


# -- over the bundled corpus with the real embedding model --------------------------------


def test_torbay_red_actions_from_the_register(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask("Which Torbay WSoA actions are rated red?")
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    assert not answer.abstained
    assert answer.sentences[0].text.startswith("Three Torbay actions are rated red")
    assert [s.text.split()[0] for s in claims] == ["11F", "12B", "12C"]
    assert all(s.citations for s in claims)
    assert any("red rated actions" in c.quote for c in answer.citations)
    assert assert_citations_exact(shared_real_assistant, answer) >= 4


def test_timeliness_question_opens_with_the_figure(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "What was Shropshire's 20 week EHC plan timeliness at the May 2022 review meeting?"
    )
    assert answer.sentences[0].kind is SentenceKind.claim
    assert "20 week performance remains at 71%" in answer.sentences[0].text
    assert_citations_exact(shared_real_assistant, answer)


def test_plans_in_a_figure_answer_are_labelled(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "What was Shropshire's 20 week EHC plan timeliness at the May 2022 review meeting?"
    )
    texts = [s.text for s in answer.sentences]
    for i, text in enumerate(texts):
        if "will " in text and i > 0:  # a target: only after the "Planned:" label
            assert PLANNED_LABEL in texts[:i]


def test_evidence_question_leads_with_measured_impact(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask("What evidence do we have for priority 6?", "Shropshire")
    assert answer.sentences[0].text == "Measured impact:"
    labels = [s.text for s in answer.sentences if s.kind is SentenceKind.notice]
    assert labels[0] == "Measured impact:" and "Planned:" not in labels
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    assert any("45 children" in s.text for s in claims)
    # Results measured on exclusions; none of them a plan's target.
    assert sum(bool(re.search(r"\d", s.text)) for s in claims) >= 2
    assert not any(" will " in f" {s.text} " for s in claims)
    assert_citations_exact(shared_real_assistant, answer)


@pytest.mark.parametrize(
    "question",
    [
        "What progress has Torbay made on co-production (Area 2)?",
        "What evidence of impact does Torbay have for joint working?",
        "What has Torbay done about graduated response?",
    ],
    ids=["progress", "evidence", "general"],
)
def test_follow_up_questions_are_not_findings(
    shared_real_assistant: Assistant, question: str
) -> None:
    answer = shared_real_assistant.ask(question)
    assert not any(s.text.rstrip(" *").endswith("?") for s in answer.sentences)
    assert FOLLOW_UP_LABEL not in answer.answer
    assert_citations_exact(shared_real_assistant, answer)


def test_follow_ups_only_under_their_label(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "What follow-up questions did advisers raise about Torbay's Area 2?"
    )
    texts = [s.text for s in answer.sentences]
    questions = [i for i, t in enumerate(texts) if t.rstrip(" *").endswith("?")]
    assert questions, "the note lists follow-up questions for Area 2"
    assert FOLLOW_UP_LABEL in texts and texts.index(FOLLOW_UP_LABEL) < min(questions)
    assert_citations_exact(shared_real_assistant, answer)


def test_no_answer_starts_with_a_dangling_reference(shared_real_assistant: Assistant) -> None:
    for question in (
        "What did Torbay report about exclusions?",
        "What is Wirral doing on its local offer?",
        "How is Shropshire improving speech and language therapy?",
    ):
        answer = shared_real_assistant.ask(question)
        for s in answer.sentences:
            assert not s.text.lower().startswith(("this ", "these ", "it ")), s.text
            assert "\t" not in s.text
        assert_citations_exact(shared_real_assistant, answer)


def test_a_place_with_no_documents_is_said_plainly(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask("What is Bristol doing on EHC plans?")
    assert answer.abstained and not answer.citations
    assert "no documents for Bristol" in answer.answer


# -- answer types: what the question asks for goes first -------------------------------

from assistant.grounding.answer_type import (  # noqa: E402
    AnswerType,
    asked_types,
    holds,
    typed_first,
)
from assistant.grounding.answer_units import extend_dangling  # noqa: E402
from assistant.grounding.answerability import specifics_covered  # noqa: E402
from assistant.grounding.continuation import (  # noqa: E402
    complete_answer,
    sentence_end,
    sentence_start,
)
from assistant.grounding.records import Evidence  # noqa: E402
from assistant.records import SectionKind  # noqa: E402


@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("When and where did the DfE hold the review meeting?", {"date", "place"}),
        ("Who chairs the Transformation Board?", {"person"}),
        ("How often does the Board meet?", {"frequency"}),
        ("How many contacts a month does the training reach?", {"frequency"}),
        ("Why are post-16 experiences more variable?", {"reason"}),
        ("What did the second survey find?", {"result"}),
        ("What do families say about short breaks?", {"voice"}),
        ("How much extra funding went into the ASD team?", {"money"}),
        ("What progress did Torbay report on post-16?", set()),
    ],
)
def test_asked_types(question: str, types: set[str]) -> None:
    assert {t.value for t in asked_types(question)} == types


def _unit(text: str, relevance: float, start: int = 0, rule: str = "") -> Evidence:
    return Evidence(
        key="",
        doc_id="d",
        title="t",
        local_area="Wirral",
        doc_type="review_note",
        date="2022-04",
        start=start,
        end=start + len(text),
        text=text,
        section=SectionKind.general_update,
        relevance=relevance,
        kind_rule=rule,
    )


def test_unit_holding_the_asked_date_goes_first_when_near() -> None:
    about = _unit("The CCG is moving to the ICS.", 0.8)
    dated = _unit("The postholder took up the role in April 2022.", 0.6, 100)
    far = _unit("A newsletter went out in March 2021.", 0.1, 200)
    ordered = typed_first("When did the postholder start?", [about, far, dated])
    assert ordered[0] is dated
    assert ordered.index(far) > ordered.index(about)  # too far from the question to jump


def test_header_lines_kept_only_when_they_hold_the_asked_thing() -> None:
    venue = _unit("Venue:\tTor Hill House, Torquay", 0.1, 0, "meeting or document header")
    names = _unit("Sarah Basham\tVCU Case Lead", 0.2, 50, "meeting or document header")
    body = _unit("The board met again.", 0.5, 100)
    ordered = typed_first("Where was the review meeting held?", [body, names, venue])
    assert ordered[0] is venue and names not in ordered


def test_next_sentence_finishes_a_when_answer_with_an_exact_span() -> None:
    text = (
        "(iv) Transition\n\nThe CCG is transferring to the ICS. This is expected to take "
        "place in July 2022. Staffing changes could follow.\n"
    )
    start = text.index("The CCG")
    unit = _unit("The CCG is transferring to the ICS.", 0.7, start)
    widened = complete_answer("When is the CCG expected to transfer?", unit, text)
    assert widened.text == text[widened.start : widened.end]
    assert widened.text.endswith("July 2022.") and holds(AnswerType.date, widened.text)
    assert complete_answer("What is the CCG doing?", unit, text) == unit


def test_second_part_of_a_two_part_question_takes_the_next_sentence() -> None:
    text = "X joins on 9th May 2022. As a priority, X will set up governance. Other news."
    unit = _unit("X joins on 9th May 2022.", 0.7, 0)
    widened = complete_answer("When does X start, and what is their first priority?", unit, text)
    assert widened.text == "X joins on 9th May 2022. As a priority, X will set up governance."


def test_unit_cut_at_a_blank_line_starts_at_its_sentence() -> None:
    text = "Intro.\nThe area replied on each area\n\nof weakness. This is on page 31."
    start = text.index("of weakness")
    unit = _unit(text[start:], 0.5, start)
    moved = sentence_start(unit, text)
    assert moved.text == text[moved.start : moved.end]
    assert moved.text.startswith("The area replied")
    cells = "Aug 20\tCC\n\nof £380k per year"
    cell = _unit("of £380k per year", 0.5, cells.index("of £"))
    assert sentence_start(cell, cells) == cell  # table cells are not one sentence


def test_unit_cut_at_a_blank_line_ends_at_its_sentence() -> None:
    text = (
        "Impact measures:\n\n• Satisfaction rates will be consistently at 90% or \n\n"
        "higher which will demonstrate an improvement on the current average of 80%. \n\n"
        "• Next bullet."
    )
    cut = text[text.index("Satisfaction") : text.index("or ") + 2]
    unit = _unit(cut, 0.5, text.index("Satisfaction"))
    whole = sentence_end(unit, text)
    assert whole.text == text[whole.start : whole.end]
    assert whole.text.endswith("current average of 80%.") and "Next bullet" not in whole.text
    # A finished sentence, a table cell and a new item in capitals are left as they are.
    done = _unit("Plans are issued on time.", 0.5, 0)
    assert sentence_end(done, done.text + "\n\nand more.") == done
    cells = "Uplift of £380k\tper year for the team."
    cell = _unit("Uplift of £380k", 0.5, 0)
    assert sentence_end(cell, cells) == cell
    item = _unit("Waiting lists reduced", 0.5, 0)
    assert sentence_end(item, "Waiting lists reduced\n\nFurther work is planned.") == item


def test_it_is_clear_that_refers_to_nothing() -> None:
    unit = _unit("It is clear that the partnership has grown in strength.", 0.5, 20)
    assert extend_dangling(unit, "Conclusion\n\n" + " " * 8 + unit.text) == unit


def test_a_year_and_measure_figure_needs_that_year_on_that_measure() -> None:
    later = _unit("20 week performance remains at 71%.", 0.6).model_copy(update={"date": "2022-05"})
    other = _unit("In 2020 nearly 900 had been waiting over 18 weeks.", 0.5, 50)
    question = "What proportion of EHC plans were issued within 20 weeks in {}?"
    assert not specifics_covered(question.format(2020), [later, other])
    assert specifics_covered(question.format(2022), [later, other])


def test_advisers_asking_wants_their_questions() -> None:
    parsed = parse_question("What did the advisers ask Torbay about long waits?", AREAS)
    assert parsed.wants_follow_up


def test_when_answer_opens_with_a_date(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask("When will Wirral's CCG move over to the ICS?")
    assert not answer.abstained
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    assert holds(AnswerType.date, claims[0].text)
    assert_citations_exact(shared_real_assistant, answer)


def test_meeting_date_and_venue_from_the_header(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask("Where and when was the Torbay WSoA review meeting held?")
    claims = [s.text for s in answer.sentences if s.kind is SentenceKind.claim]
    assert any(holds(AnswerType.place, c) for c in claims)
    assert any(holds(AnswerType.date, c) for c in claims)
    assert_citations_exact(shared_real_assistant, answer)


@pytest.mark.parametrize(
    "question",
    [
        "What share of Shropshire's EHC plans were completed within 20 weeks in 2020?",
        "What did the participation survey in Torbay find?",
    ],
    ids=["year-and-measure", "survey-findings"],
)
def test_abstains_without_that_years_figure_or_a_finding(
    shared_real_assistant: Assistant, question: str
) -> None:
    assert shared_real_assistant.ask(question).abstained


def test_the_next_meetings_line_does_not_answer_when_the_meeting_was() -> None:
    next_one = _unit("Date and venue of next meeting\tSee above – Torbay Council Office", 0.7)
    this_one = _unit("Date:\t5th February 2024", 0.6, 100)
    ordered = typed_first("When and where was the review meeting held?", [next_one, this_one])
    assert ordered[0] is this_one
    # Asked about the next meeting, its line is the answer again.
    asked = typed_first("Where is the next meeting?", [this_one, next_one])
    assert asked[0] is next_one


def test_a_reference_must_be_in_the_evidence_but_an_age_range_is_not_one() -> None:
    unit = _unit("Support for 5 to 18 year olds is commissioned from the trust.", 0.6)
    assert not specifics_covered("Which service in MR6 supports children?", [unit])
    assert specifics_covered("Which service supports 5-18s?", [unit])
    assert specifics_covered("What changed since the 1990s?", [unit])
