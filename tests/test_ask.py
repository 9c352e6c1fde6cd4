"""Asking and drafting with a scripted chat model over a fake-embedded real store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.grounding.records import CANNOT_ANSWER, Answer, SentenceKind
from assistant.llm.base import ChatModel
from assistant.render.docx import draft_docx
from assistant.render.markdown import answer_markdown, draft_markdown
from tests.citation_check import assert_citations_exact
from tests.conftest import fake_assistant_over
from tests.fakes import ScriptedChat


def evidence_in(prompt: str) -> dict[str, str]:
    """The evidence lines the prompt offered: key -> text."""
    return {k: t for k, t in re.findall(r"^\[(E\d+)\] \([^)]*\) (.*)$", prompt, re.MULTILINE)}


class QuotingChat(ChatModel):
    """Answers by quoting the first offered evidence, then adds scripted extra sentences."""

    name = "quoting"

    def __init__(self, extra: str = "") -> None:
        self.extra = extra
        self.prompts: list[str] = []

    def stream(
        self, system: str, user: str, max_tokens: int | None = None, stop: list[str] | None = None
    ) -> Iterator[str]:
        self.prompts.append(user)
        first_key, first_text = next(iter(evidence_in(user).items()))
        yield f"{first_text.rstrip('.… ')} [{first_key}]. "
        yield self.extra


QUESTION = "What evidence of impact is there for priority 5 in Shropshire?"


def test_keys_are_checked_unknown_removed_and_unsupported_flagged(fake_index_dir: Path) -> None:
    chat = QuotingChat(
        "Every school in the county now rates EHC plans as outstanding [E2]. "
        "Ofsted praised the plan [E99]."
    )
    assistant = fake_assistant_over(fake_index_dir, chat)
    answer = assistant.ask(QUESTION)
    claims = [s for s in answer.sentences if s.kind == SentenceKind.claim]
    assert len(claims) == 3
    assert claims[0].supported and claims[0].citations == ["E1"]
    assert claims[1].citations == ["E2"] and not claims[1].supported
    assert claims[2].citations == [] and not claims[2].supported  # E99 was never offered
    assert not answer.abstained
    assert {c.key for c in answer.citations} == {"E1", "E2"}
    assert all(c.local_area == "Shropshire" for c in answer.citations)
    assert_citations_exact(assistant, answer)
    # The prompt listed only keys that exist, and the scope named the local priority.
    assert "Shropshire, priority 5" in chat.prompts[0]
    # Unsupported sentences are marked on screen and dropped from exports.
    assert "unsupported" in answer_markdown(answer)
    assert "outstanding" not in answer_markdown(answer, keep_unsupported=False)


def test_model_saying_cannot_answer_abstains(fake_index_dir: Path) -> None:
    assistant = fake_assistant_over(fake_index_dir, ScriptedChat(CANNOT_ANSWER))
    answer = assistant.ask("What did Shropshire spend on taxis to school?", "Shropshire")
    assert answer.abstained
    assert answer.citations == []
    assert CANNOT_ANSWER in answer.answer


def test_unverifiable_wording_falls_back_to_the_evidence(fake_index_dir: Path) -> None:
    assistant = fake_assistant_over(
        fake_index_dir, ScriptedChat("Things are going brilliantly everywhere [E1].")
    )
    answer = assistant.ask(QUESTION)
    assert answer.sentences[0].kind == SentenceKind.notice
    claims = [s for s in answer.sentences if s.kind == SentenceKind.claim]
    assert claims and all(s.supported for s in claims)
    assert not any("brilliantly" in s.text for s in answer.sentences)
    assert_citations_exact(assistant, answer)


def test_stream_yields_pieces_before_the_answer(fake_index_dir: Path) -> None:
    assistant = fake_assistant_over(fake_index_dir, QuotingChat())
    events = list(assistant.ask_stream(QUESTION))
    assert isinstance(events[-1], Answer)
    assert len([e for e in events if isinstance(e, str)]) >= 2


def test_priority_without_area_is_answered_per_area(fake_index_dir: Path) -> None:
    assistant = fake_assistant_over(fake_index_dir)
    answer = assistant.ask("What evidence do we have for priority 5?")
    notices = " ".join(s.text for s in answer.sentences if s.kind == SentenceKind.notice)
    titles = {p.local_area: p.title for p in assistant.priorities() if p.number == 5}
    assert set(titles) == {"Shropshire", "Torbay", "Wirral"}
    for area, title in titles.items():
        assert f"{area}'s priority 5 is “{title}”" in notices
    chunks = {c.chunk_id: c for c in assistant.store.all_chunks()}
    for citation in answer.citations:
        holder = [
            c
            for c in chunks.values()
            if c.doc_id == citation.doc_id and c.start <= citation.start and citation.end <= c.end
        ]
        assert holder and holder[0].priority == 5
    assert {c.local_area for c in answer.citations} == set(titles)
    assert_citations_exact(assistant, answer)


@pytest.mark.parametrize(
    ("question", "area", "expected_notice"),
    [
        ("What evidence do we have for priority 8?", "Shropshire", "no priority 8"),
        ("Progress on ASW 6?", "Torbay", None),
    ],
    ids=["area-without-that-priority", "local-form-asw"],
)
def test_priority_with_area_uses_that_areas_numbering(
    fake_index_dir: Path, question: str, area: str, expected_notice: str | None
) -> None:
    assistant = fake_assistant_over(fake_index_dir)
    answer = assistant.ask(question, area)
    if expected_notice:
        assert answer.abstained
        assert expected_notice in answer.answer
        return
    assert answer.priority == 6
    assert answer.citations and all(c.local_area == area for c in answer.citations)
    assert_citations_exact(assistant, answer)


def test_scripted_draft_three_sections_checked(fake_index_dir: Path) -> None:
    chat = QuotingChat("- The area has eliminated all waiting lists [E1].")
    assistant = fake_assistant_over(fake_index_dir, chat)
    draft = assistant.draft("Shropshire", 5)
    assert len(chat.prompts) == 3
    assert [p.split("Section: ")[1].splitlines()[0] for p in chat.prompts] == [
        "Progress on key actions",
        "Evidence of impact",
        "Key next steps",
    ]
    for section in (draft.sections.progress, draft.sections.impact, draft.sections.next_steps):
        claims = [s for s in section if s.kind == SentenceKind.claim]
        assert claims[0].supported
        assert not claims[1].supported  # the invented sentence is flagged...
    markdown = draft_markdown(draft)
    assert "eliminated all waiting lists" not in markdown  # ...and left out of the export
    assert "eliminated all waiting lists" in draft_markdown(draft, keep_unsupported=True)
    assert draft_docx(draft)[:2] == b"PK"
    assert_citations_exact(assistant, draft)


@pytest.mark.parametrize(
    ("as_of", "error"),
    [
        ("2019-06", "earliest is Shropshire Written Statement of Action (November 2020) (2020-11)"),
        ("2019", "earliest is"),
        ("2022-05", None),  # the WSoA and the May 2022 note are in range
    ],
    ids=["before-every-document", "year-before", "in-range"],
)
def test_documents_up_to_before_every_document_is_an_error(
    fake_index_dir: Path, as_of: str, error: str | None
) -> None:
    assistant = fake_assistant_over(fake_index_dir)
    if error is None:
        draft = assistant.draft("Shropshire", 5, as_of)
        assert all(c.date <= "2022-05" for c in draft.citations) and draft.citations
        return
    with pytest.raises(AssistantError, match=re.escape(error)):
        assistant.draft("Shropshire", 5, as_of)
    with pytest.raises(AssistantError, match="Choose a later date"):
        assistant.note("Shropshire", as_of)
