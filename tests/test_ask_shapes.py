"""Ask answers by the question's shape: figures first, actions from the register,
evidence labelled by kind, follow-up questions never shown as findings."""

from __future__ import annotations

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
    ],
    ids=["doing", "two-words", "not-a-place", "month", "no-place"],
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
    assert labels.index("Measured impact:") < labels.index("Reported progress:")
    assert any("45 children" in s.text for s in answer.sentences)
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
