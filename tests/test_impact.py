"""Questions about what was done or achieved: results answer them, promises do not.

Unit tests read hand-made units (no model); the real tests ask the shipped index, with
the real embedding model, questions of the kind the impact sets hold (not their items).
"""

from __future__ import annotations

from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.ask import Asker
from assistant.grounding.intent_examples import QuestionIntent
from assistant.grounding.query import Intent, ParsedQuestion
from assistant.grounding.records import Evidence, SentenceKind
from assistant.service import Assistant
from tests.citation_check import assert_citations_exact
from tests.test_reader import _unit as reader_unit


def _unit(text: str, kind: StatementKind, relevance: float = 0.5) -> Evidence:
    return reader_unit(text, relevance, kind=kind)


def _asked(question: str, ask: QuestionIntent = QuestionIntent.progress) -> ParsedQuestion:
    return ParsedQuestion(
        text=question, areas=["Shropshire"], priority=None, intent=Intent.progress, ask=ask
    )


PROMISE = _unit(
    "There will be a 30% increase in the use of personal budgets over two years.",
    StatementKind.plan,
)
ELSEWHERE = _unit(
    "The focus on outcomes has led the area to add PfA as a priority.", StatementKind.progress
)
RESULT = _unit(
    "The use of personal budgets has risen by 12% since the inspection.",
    StatementKind.measured_impact,
)
QUESTION = "Has Shropshire achieved the 30% rise in personal budgets its WSoA promised?"


def test_a_promise_with_no_result_on_its_subject_is_all_there_is() -> None:
    assert Asker.only_promised(_asked(QUESTION), [PROMISE, ELSEWHERE]) == [PROMISE]


def test_a_result_on_the_same_subject_answers_instead() -> None:
    assert Asker.only_promised(_asked(QUESTION), [PROMISE, ELSEWHERE, RESULT]) == []


def test_a_reported_result_leading_or_a_question_about_plans_is_left_alone() -> None:
    assert Asker.only_promised(_asked(QUESTION), [RESULT, PROMISE]) == []
    planned = _asked("What does the plan say about personal budgets?", QuestionIntent.general)
    assert Asker.only_promised(planned, [PROMISE, ELSEWHERE]) == []


def test_real_a_promised_rise_is_not_reported_as_achieved(
    shared_real_assistant: Assistant,
) -> None:
    answer = shared_real_assistant.ask(
        "Has Shropshire achieved the 30% increase in personal budgets that its WSoA promised?"
    )
    assert answer.abstained
    assert "only the target or plan" in answer.sentences[0].text
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    assert claims and all("personal budgets" in s.text for s in claims)
    assert assert_citations_exact(shared_real_assistant, answer) >= 1


def test_a_result_answers_before_a_plans_promise_unless_plans_are_asked_for() -> None:
    from assistant.grounding.answer_units import PLANNED_LABEL, arrange

    promise = _unit("There will be a 30% reduction in exclusions by 2021.", StatementKind.plan)
    result = _unit("Exclusions are now in line with the national average.", StatementKind.progress)
    asked = ParsedQuestion(
        text="Have exclusions come down?", areas=[], priority=None, intent=Intent.general
    )
    groups = arrange(asked, [promise, result])
    assert groups[0] == (None, [result])
    assert groups[1][0] is not None and groups[1][0].text == PLANNED_LABEL
    assert groups[1][1] == [promise]
    planned = asked.model_copy(update={"text": "What reduction in exclusions is planned?"})
    assert arrange(planned, [promise, result])[0] == (None, [promise, result])


def test_real_a_yes_no_question_about_a_fall_leads_with_what_happened(
    shared_real_assistant: Assistant,
) -> None:
    answer = shared_real_assistant.ask("Have exclusions in Shropshire come down?")
    texts = [s.text for s in answer.sentences]
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    assert claims and "will be" not in claims[0].text
    for i, text in enumerate(texts):
        if text.startswith("There will be"):  # a target: only under the "Planned:" label
            assert "Planned:" in texts[:i]
    assert assert_citations_exact(shared_real_assistant, answer) >= 1
