"""Typed records that cross module boundaries.

Every span is a half-open character range ``[start, end)`` into a document's
canonical text (``Document.text``). Page numbers are 1-based; a page that is not
known exactly is ``None`` with a label saying what is known (see ``Page``).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field, field_validator, model_validator

from assistant.dates import check_range, normalise_date


class DocType(str, Enum):
    """The kinds of document the assistant knows about."""

    wsoa = "wsoa"
    review_note = "review_note"
    preparation_template = "preparation_template"
    accelerated_progress_plan = "accelerated_progress_plan"
    inspection_report = "inspection_report"
    other = "other"


class SectionKind(str, Enum):
    """Sections of a review note / WSoA that a chunk can belong to."""

    header = "header"  # title, local area, date, venue, present/apologies
    introduction = "introduction"
    general_update = "general_update"
    timescale_check = "timescale_check"  # "WSoA actions/timescale check", RAG
    progress = "progress"  # progress on key actions
    impact = "impact"  # evidence of impact
    next_steps = "next_steps"  # key next steps
    follow_up = "follow_up"
    actions = "actions"  # action-plan table rows (WSoA / APP)
    measures = "measures"  # impact measures, KPIs, score cards
    agreed_actions = "agreed_actions"
    conclusion = "conclusion"
    findings = "findings"  # inspection report body
    areas_for_improvement = "areas_for_improvement"
    other = "other"


class Page(BaseModel):
    """A span of a document's canonical text and the page(s) it is known to lie on.

    ``page`` is set only when the page is known exactly; ``label`` says what is known:
    "26", a range ("≤ 26", "27+", "27–29") or "" when nothing is (a text file without
    page markers). Spans tile the text.
    """

    page: int | None = Field(None, description="1-based page number; None unless known exactly")
    label: str = Field("", description="'26', '≤ 26', '27+', '27–29'; '' = page unknown")
    start: int = Field(description="offset of the span's first character")
    end: int = Field(description="offset just past the span's last character")

    @model_validator(mode="after")
    def _label_exact_page(self) -> Page:
        # Records stored before labels existed carry only ``page``.
        if self.page is not None and not self.label:
            self.label = str(self.page)
        return self


def cite_page(label: str, page: int | None = None) -> str:
    """How a page reads in a citation: "p. 26", "p. ≤ 26", "pp. 27–29", "page unknown".

    ``label`` wins; ``page`` serves records made before labels existed.
    """
    label = label or (str(page) if page is not None else "")
    if not label:
        return "page unknown"
    return f"pp. {label}" if "–" in label else f"p. {label}"


class DocumentMeta(BaseModel):
    """What we know about a document apart from its text."""

    doc_id: str = Field(description="stable id, the file's slugified stem")
    title: str
    local_area: str
    doc_type: DocType
    date: str = Field(description="YYYY-MM or YYYY-MM-DD; '' when unknown")
    source: str = Field(description="file name the document came from")


class Document(DocumentMeta):
    """A loaded document: metadata, canonical text and page spans."""

    text: str = Field(description="canonical text; every span points into it")
    pages: list[Page]
    content_hash: str = Field(description="sha256 of the source file bytes")
    flagged: bool | None = Field(
        None,
        description="holds text addressed to a reader/AI (as found at ingest); None = not checked",
    )

    def page_span_at(self, offset: int) -> Page | None:
        """The page span holding character ``offset`` (the last one past the end)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page
        return self.pages[-1] if self.pages else None

    def page_at(self, offset: int) -> int | None:
        """Page number holding character ``offset``; None unless known exactly."""
        span = self.page_span_at(offset)
        return span.page if span else None

    def page_label_at(self, offset: int) -> str:
        """Page label at character ``offset`` ("26", "≤ 26", "27+", '' = unknown)."""
        span = self.page_span_at(offset)
        return span.label if span else ""

    @property
    def meta(self) -> DocumentMeta:
        return DocumentMeta(**self.model_dump(include=set(DocumentMeta.model_fields)))


class Segment(BaseModel):
    """A structural region of a document found by the structure parser."""

    start: int
    end: int
    priority: int | None = Field(None, description="local priority number, None outside priorities")
    priority_title: str = ""
    section: SectionKind = SectionKind.other
    action_refs: list[str] = Field(default_factory=list)
    rag: str = Field("", description="red / amber / green when the text gives a RAG rating")


class Priority(BaseModel):
    """A priority (area of weakness) as a document names it."""

    number: int
    title: str
    doc_id: str = ""
    local_area: str = ""


class Chunk(BaseModel):
    """A citable passage: a span of one document inside one priority and section."""

    chunk_id: str
    doc_id: str
    title: str
    local_area: str
    doc_type: DocType
    date: str
    priority: int | None = None
    priority_title: str = ""
    section: SectionKind = SectionKind.other
    action_refs: list[str] = Field(default_factory=list)
    rag: str = ""
    page: int | None = Field(None, description="exact page, None when not known exactly")
    page_label: str = Field("", description="see Page.label; '' = page unknown")
    start: int
    end: int
    text: str
    suspect: bool = Field(False, description="its document holds text addressed to an AI assistant")

    @model_validator(mode="after")
    def _label_exact_page(self) -> Chunk:
        if self.page is not None and not self.page_label:
            self.page_label = str(self.page)
        return self


class SearchFilters(BaseModel):
    """Metadata filters for retrieval; ``None`` means no constraint."""

    local_area: str | None = None
    doc_type: DocType | None = None
    priority: int | None = None
    section: SectionKind | None = None
    date_from: str | None = Field(None, description="inclusive, YYYY or YYYY-MM or YYYY-MM-DD")
    date_to: str | None = Field(None, description="inclusive, YYYY or YYYY-MM or YYYY-MM-DD")
    doc_ids: list[str] | None = None

    @field_validator("date_from", "date_to")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        return normalise_date(value) if value and value.strip() else None

    @model_validator(mode="after")
    def _ordered(self) -> SearchFilters:
        check_range(self.date_from, self.date_to)
        return self


class SearchResult(BaseModel):
    """A retrieved chunk with its fused score."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


class IngestStatus(str, Enum):
    added = "added"
    unchanged = "unchanged"
    replaced = "replaced"
    duplicate = "duplicate"  # the same bytes are already indexed under another id
    failed = "failed"


class IngestOutcome(BaseModel):
    """What happened to one file given to ingest."""

    path: str
    status: IngestStatus
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


class RepairReport(BaseModel):
    """What :meth:`ChunkStore.repair` removed, and documents it found damaged."""

    removed_chunks: int = 0
    removed_actions: int = 0
    damaged: list[str] = Field(
        default_factory=list, description="doc ids whose committed chunks are missing"
    )
    lexical_rebuilt: list[str] = Field(
        default_factory=list, description="doc ids whose lexical segment failed its check"
    )
    vectors_rebuilt: list[str] = Field(
        default_factory=list, description="doc ids whose cached unit vectors failed their check"
    )


class PriorityMention(BaseModel):
    """How one document names a priority."""

    doc_id: str
    doc_type: DocType
    date: str
    title: str


class AreaPriority(BaseModel):
    """A local area's priority N, merged across that area's documents."""

    local_area: str
    number: int
    title: str = Field(
        description="the title from the area's WSoA if any, else its latest document"
    )
    mentions: list[PriorityMention] = Field(default_factory=list)


class FlaggedSpan(BaseModel):
    """Text in a document addressed to an AI assistant: data to show, never to obey."""

    start: int
    end: int
    rule: str = Field(description="the detection rule that matched, e.g. 'ignore_instructions'")
    text: str = Field(description="the matched words, whitespace tidied, at most 80 characters")
    page_label: str = Field("", description="see Page.label; '' = page unknown")
    language: str = Field("", description="for rule 'other_language': the language read")


class DocumentInfo(DocumentMeta):
    """A stored document's metadata with index statistics (no text)."""

    chunks: int
    pages: int = Field(description="pages known exactly; 0 when the text gives no page numbers")
    chars: int
    content_hash: str
    injections: list[FlaggedSpan] = Field(
        default_factory=list, description="text addressed to an AI assistant, found at ingest"
    )


class FieldSpan(BaseModel):
    """One field of an action as a citable span: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int
    page: int | None = Field(None, description="the page when known exactly")
    page_label: str = Field("", description='"26", "≤ 26", "27+"; "" when unknown')


class ActionSource(str, Enum):
    """Where in a document an action was found."""

    table_row = "table_row"  # a tab-separated table row (APP, .docx tables)
    wrapped_row = "wrapped_row"  # a table whose cells were extracted one per line (2020 WSoA)
    rag_listing = "rag_listing"  # a note listing references by RAG ("three red rated actions: ...")


# Names of the span fields of an Action, in display order.
ACTION_SPAN_FIELDS = (
    "reference_span",
    "outcome",
    "theme",
    "action",
    "strategic_lead",
    "responsible_officer",
    "due",
    "desired_impact",
    "progress",
    "evidence",
    "rag_text",
    "context",
)


class Action(BaseModel):
    """One action of a register (WSoA, APP, a note's RAG listing), every field citable."""

    doc_id: str
    local_area: str
    doc_type: DocType
    date: str = Field(description="the document's date")
    priority: int | None = Field(None, description="local priority (or pillar) number")
    reference: str = Field(description='normalised reference: "3.1.1", "2A.3", "12A.1"')
    source: ActionSource
    reference_span: FieldSpan = Field(description="where the reference is written")
    outcome: FieldSpan | None = Field(None, description="the outcome row or group it sits under")
    theme: FieldSpan | None = Field(None, description='"Relevant theme of actions" cell')
    action: FieldSpan | None = None
    strategic_lead: FieldSpan | None = None
    responsible_officer: FieldSpan | None = None
    due: FieldSpan | None = Field(None, description='as written: "Apr-23", "TBC", "In place"')
    desired_impact: FieldSpan | None = None
    progress: FieldSpan | None = None
    evidence: FieldSpan | None = None
    rag_text: FieldSpan | None = Field(None, description="the RAG cell or words as written")
    context: FieldSpan | None = Field(None, description="a listing's sentence, e.g. red rated")
    due_month: str | None = Field(None, description="YYYY-MM parsed from due, None if none")
    rag: str = Field("", description="red / amber / green / complete, or '' when not rated")

    @property
    def action_id(self) -> str:
        """Stable id within the store: document, reference and where it is written."""
        return f"{self.doc_id}:{self.reference}:{self.reference_span.start}"

    def spans(self) -> dict[str, FieldSpan]:
        """The fields that are present, in display order."""
        found = {name: getattr(self, name) for name in ACTION_SPAN_FIELDS}
        return {name: span for name, span in found.items() if span is not None}
