"""The whole note of a review meeting, in the shape advisers write it, every claim cited.

Header, general update, the WSoA actions/timescale check, per priority the three
sections, agreed actions and conclusion. The per-priority sections come from
:class:`Drafter` (its composition is its own concern); here they are capped so a
six-priority note stays about eight pages, and every citation is re-keyed so the
whole note has one numbering: the same passage cited twice keeps one number.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.domain.doc_types import doc_type_label
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.citations import notice, resolve_citations, verbatim_sentences
from assistant.grounding.corpus import Corpus
from assistant.grounding.draft import Drafter
from assistant.grounding.evidence import is_heading, split_chunks
from assistant.grounding.note_timescale import NoteTimescale, timescale_section
from assistant.grounding.records import Citation, Draft, DraftSections, Evidence, Sentence
from assistant.grounding.render_evidence import clean
from assistant.grounding.support import SupportChecker
from assistant.records import DocType, DocumentInfo, SectionKind

PLACEHOLDER = "[to be completed]"
#: Claims kept per priority section; the rest are counted in a notice for the app only.
MAX_BULLETS = 4
#: Sentences taken from the latest note's general update.
GENERAL_UPDATE_UNITS = 4
AGREED_ACTION_ROWS = 6
_NOTE_TYPES = {DocType.review_note, DocType.preparation_template}
_NOT_FINDINGS = {StatementKind.boilerplate, StatementKind.context}


class AgreedAction(BaseModel):
    """One row of the agreed-actions table: Action / Who / When."""

    action: Sentence | None = Field(None, description="a cited action, or None for a blank row")
    who: str = ""
    when: str = ""


class Note(BaseModel):
    """A whole review-meeting note; citation keys are unique across the note."""

    local_area: str
    as_of: str | None = None
    header: dict[str, str] = Field(
        default_factory=dict, description="Local Area, Date, Venue, Present, Apologies"
    )
    drawn_from: list[str] = Field(default_factory=list, description="documents, newest first")
    general_update: list[Sentence] = Field(default_factory=list)
    timescale: NoteTimescale
    drafts: list[Draft] = Field(default_factory=list, description="one per priority")
    agreed_actions: list[AgreedAction] = Field(default_factory=list)
    conclusion: list[Sentence] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of the note in reading order."""
        out = [*self.general_update, *self.timescale.sentences]
        for d in self.drafts:
            out += [*d.sections.progress, *d.sections.impact, *d.sections.next_steps]
        out += [a.action for a in self.agreed_actions if a.action is not None]
        return out + self.conclusion


class NoteKeys:
    """Note-wide citation keys: one per distinct span, in order of first use."""

    def __init__(self) -> None:
        self._by_span: dict[tuple[str, int, int], str] = {}
        self.citations: list[Citation] = []

    def key(self, citation: Citation) -> str:
        span = (citation.doc_id, citation.start, citation.end)
        if span not in self._by_span:
            key = f"S{len(self.citations) + 1}"
            self._by_span[span] = key
            self.citations.append(citation.model_copy(update={"key": key}))
        return self._by_span[span]

    def rekey(self, sentences: list[Sentence], old: list[Citation]) -> list[Sentence]:
        """The sentences citing note-wide keys instead of their own ``old`` keys."""
        by_key = {c.key: c for c in old}
        return [
            s.model_copy(update={"citations": [self.key(by_key[k]) for k in s.citations]})
            for s in sentences
        ]

    def subset(self, sentences: list[Sentence]) -> list[Citation]:
        used = {k for s in sentences for k in s.citations}
        return [c for c in self.citations if c.key in used]


def cap_section(sentences: list[Sentence], limit: int = MAX_BULLETS) -> list[Sentence]:
    """At most ``limit`` claims, in the drafter's order (newest document first).

    A sub-label ("Reported in the review note (2022-05):") is kept only when a claim
    under it is; plain notices (no measured impact) stay. What was left out is
    counted in a notice for the app, which exports leave out.
    """
    kept: list[Sentence] = []
    claims = dropped = 0
    label: Sentence | None = None
    for s in sentences:
        if s.kind != "claim":
            if s.text.endswith(":"):
                label = s
            else:
                kept.append(s)
            continue
        if claims >= limit:
            dropped += 1
            continue
        if label is not None:
            kept.append(label)
            label = None
        kept.append(s)
        claims += 1
    if dropped:
        plural = "passages" if dropped > 1 else "passage"
        kept.append(notice(f"{dropped} further {plural} in the sources.", exportable=False))
    return kept


class NoteComposer:
    """Composes the whole note for an area from its documents up to a date."""

    def __init__(self, corpus: Corpus, checker: SupportChecker | None = None) -> None:
        self.corpus = corpus
        self.checker = checker or SupportChecker(corpus.embedder)
        self.drafter = Drafter(corpus, None, self.checker)

    def compose(self, local_area: str, as_of: str | None = None) -> Note:
        """The note for ``local_area`` from documents dated up to ``as_of`` (all if None)."""
        area = self.corpus.canonical_area(local_area)
        docs = sorted(self.drafter.check_as_of(area, as_of), key=lambda d: d.date, reverse=True)
        keys = NoteKeys()
        general = self._from_latest_note(docs, SectionKind.general_update, GENERAL_UPDATE_UNITS)
        general_update = keys.rekey(*general) if general[0] else [notice(PLACEHOLDER)]
        timescale = timescale_section(self.corpus, area, docs, as_of, keys)
        drafts = [self._draft(area, p.number, as_of, keys) for p in self.corpus.priorities(area)]
        agreed = self._from_latest_note(docs, SectionKind.agreed_actions, AGREED_ACTION_ROWS)
        rows = agreed_rows(keys.rekey(*agreed), keys.citations)
        return Note(
            local_area=area,
            as_of=as_of,
            header={
                "Local Area": area,
                "Date": "[date of meeting]",
                "Venue": "[venue]",
                "Present": "[names and roles]",
                "Apologies": "[names and roles]",
            },
            drawn_from=[_document_line(d) for d in docs],
            general_update=general_update,
            timescale=timescale,
            drafts=drafts,
            agreed_actions=rows or [AgreedAction() for _ in range(3)],
            conclusion=[notice(PLACEHOLDER)],
            citations=keys.citations,
        )

    def _draft(self, area: str, priority: int, as_of: str | None, keys: NoteKeys) -> Draft:
        draft = self.drafter.draft(area, priority, as_of)
        sections = {
            name: keys.rekey(cap_section(getattr(draft.sections, name)), draft.citations)
            for name in ("progress", "impact", "next_steps")
        }
        every = [s for ss in sections.values() for s in ss]
        return draft.model_copy(
            update={"sections": DraftSections(**sections), "citations": keys.subset(every)}
        )

    def _from_latest_note(
        self, docs: list[DocumentInfo], section: SectionKind, limit: int
    ) -> tuple[list[Sentence], list[Citation]]:
        """Cited sentences from one section of the latest note or template that has it."""
        for doc in docs:
            if doc.doc_type not in _NOTE_TYPES:
                continue
            chunks = [c for c in self.corpus.document_chunks(doc.doc_id) if c.section == section]
            document = self.corpus.document(doc.doc_id)
            units = [
                u
                for u in split_chunks(chunks, {doc.doc_id: document})
                if u.kind not in _NOT_FINDINGS and not is_heading(u) and not _cut_off(u.text)
            ][:limit]
            if not units:
                continue
            keyed: dict[str, Evidence] = {
                f"E{i}": u.model_copy(update={"key": f"E{i}"}) for i, u in enumerate(units, 1)
            }
            sentences = [
                s for s in verbatim_sentences(list(keyed.values()), self.checker) if s.supported
            ]
            if not sentences:
                continue
            label = notice(f"Reported in the {doc_type_label(doc.doc_type)} ({doc.date}):")
            citations = resolve_citations(sentences, keyed, {doc.doc_id: document.text})
            return [label, *sentences], citations
        return [], []


def agreed_rows(sentences: list[Sentence], citations: list[Citation]) -> list[AgreedAction]:
    """Table rows from a note's agreed actions: a row's cells go to Action, Who, When.

    A note's own table row ("Feedback to QAG group…<tab>DS<tab>May 5 th 2022") is
    split back into its cells, each shown as written; the row stays the citation.
    """
    quotes = {c.key: c.quote for c in citations}
    rows = []
    for s in sentences:
        if s.kind != "claim":
            continue
        cells = [c.strip() for c in quotes[s.citations[0]].split("\t")] if s.citations else []
        if len(cells) < 2 or not cells[0]:
            rows.append(AgreedAction(action=s))
            continue
        action = s.model_copy(update={"text": clean(cells[0])})
        rows.append(
            AgreedAction(
                action=action,
                who=clean(cells[1]),
                when=clean(cells[2]) if len(cells) > 2 else "",
            )
        )
    return rows


def _cut_off(text: str) -> bool:
    """A unit that starts mid-sentence ("been implemented. Shropshire…"): not a finding."""
    first = text.lstrip(" -•*▪\t")[:1]
    return first.islower()


def _document_line(doc: DocumentInfo) -> str:
    """The title, and the date unless the title already gives the year."""
    if doc.date and doc.date[:4] in doc.title:
        return doc.title
    return f"{doc.title} ({doc.date or 'undated'})"
