"""Records of grounded output: evidence, citations, answers, drafts, comparisons, gaps."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain.statement_kinds import StatementKind
from assistant.records import DocType, SectionKind

#: Shared by prompts, code and tests: the model says exactly this when it cannot answer.
CANNOT_ANSWER = "The documents do not say."


class Evidence(BaseModel):
    """A citable unit (sentence, bullet item or table row) with its exact span."""

    key: str = Field(description="short key the model cites, e.g. 'E3'")
    doc_id: str
    title: str
    local_area: str
    doc_type: DocType
    date: str
    page: int | None = Field(None, description="exact page; None when not known exactly")
    page_label: str = Field("", description="'26', '≤ 26', '27+'; '' = page unknown")
    start: int
    end: int
    text: str = Field(description="== document.text[start:end]")
    priority: int | None = None
    priority_title: str = ""
    section: SectionKind = SectionKind.other
    relevance: float = 0.0
    kind: StatementKind = Field(StatementKind.context, description="what kind of statement it is")
    kind_rule: str = Field("", description="the statement-kind rule that decided ``kind``")
    suspect: bool = Field(
        False, description="from a document holding text addressed to an AI assistant"
    )


class Citation(BaseModel):
    """A resolved citation: where the quote is, and the quote itself."""

    key: str
    doc_id: str
    title: str
    local_area: str
    doc_type: DocType
    date: str
    page: int | None = Field(None, description="exact page; None when not known exactly")
    page_label: str = Field("", description="'26', '≤ 26', '27+'; '' = page unknown")
    start: int
    end: int
    quote: str = Field(description="== show(doc_id).text[start:end]")
    suspect: bool = Field(
        False, description="from a document holding text addressed to an AI assistant"
    )


class SentenceKind(str, Enum):
    claim = "claim"  # states something from the sources: must cite and be supported
    notice = "notice"  # the assistant's own framing ("the documents do not say ...")
    observation = "observation"  # an adviser's own line, citing nothing: theirs, not the sources'


class Sentence(BaseModel):
    """One sentence of output with the keys it cites and its support verdict."""

    text: str
    citations: list[str] = Field(default_factory=list)
    supported: bool = False
    kind: SentenceKind = SentenceKind.claim
    support_score: float = 0.0
    edited: bool = Field(
        False, description="written or changed by a person in the draft editor, then checked"
    )
    exportable: bool = Field(
        True,
        description="False for the assistant's notes to its user (\"the wording could not be "
        'checked", "3 further passages"): shown in the app, never written to a Word or '
        "Markdown export",
    )


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    sentences: list[Sentence]
    citations: list[Citation]
    backend: str = ""
    local_area: str | None = None
    priority: int | None = None
    layout: Literal["prose", "list"] = Field(
        "prose",
        description="'list': every claim is an item of its own (an inspection's areas, "
        "one line per area); 'prose': claims run on after each notice",
    )


class DraftSections(BaseModel):
    progress: list[Sentence] = Field(default_factory=list)
    impact: list[Sentence] = Field(default_factory=list)
    next_steps: list[Sentence] = Field(default_factory=list)


class Draft(BaseModel):
    local_area: str
    priority: int
    priority_title: str
    as_of: str | None = None
    sections: DraftSections
    citations: list[Citation]
    backend: str = ""


class PriorityRef(BaseModel):
    number: int
    title: str


class ComparisonRow(BaseModel):
    local_area: str
    priorities: list[PriorityRef]
    actions: list[Sentence] = Field(default_factory=list)
    evidence: list[Sentence] = Field(default_factory=list)
    next_steps: list[Sentence] = Field(default_factory=list)


class Comparison(BaseModel):
    theme: str
    theme_title: str = ""
    theme_note: str = Field("", description="how a theme given in words was read")
    rows: list[ComparisonRow]
    citations: list[Citation]


GapStatus = Literal["measured", "progress_only", "plans_only", "nothing"]


class PriorityGaps(BaseModel):
    number: int
    title: str
    measured: list[Sentence] = Field(
        default_factory=list, description="measured impact reported (figures, surveys, audits)"
    )
    activity_only: list[Sentence] = Field(
        default_factory=list,
        description="without measured impact: the progress reported, or else the plans",
    )
    status: GapStatus = Field("nothing", description="the verdict as a code, from statement kinds")
    verdict: str = ""


class GapReport(BaseModel):
    local_area: str
    priorities: list[PriorityGaps]
    citations: list[Citation]
