"""The thin functions Gradio calls for Ask, Draft, Compare, Evidence gaps and Status.

Each one turns form values into a library call and the result into HTML or
component updates; errors from the library become ``gr.Error`` (see ``ui.errors``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.corpus.manifest import normalise_date, normalise_doc_type
from assistant.domain.doc_types import working_areas
from assistant.errors import AssistantError
from assistant.grounding.priority_evidence import NoteSection
from assistant.grounding.records import Answer, Citation, Draft
from assistant.grounding.support import SupportChecker
from assistant.grounding.themes import THEMES
from assistant.records import SearchFilters
from assistant.render import html
from assistant.service import Assistant
from ui.draft_editor import EditedDraft, edit_summary
from ui.drafts import all_sentences, comparison_files, draft_files, note_files
from ui.errors import friendly
from ui.indexing import BuildState, IndexBuilder

NO_PASSAGE = html.message_html("Click a citation number to see its passage here.")
THEME_CHOICES = [(t.title, t.key) for t in THEMES]


def _optional_date(value: str | None, label: str) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return normalise_date(value)
    except ValueError as error:
        raise ValueError(f"{label}: {error}") from None


REDRAFT_WARNING = (
    "The sections below hold your edits. Drafting again replaces them: download them "
    "first if you want to keep them, then click “Draft sections” again to draft afresh."
)
NO_DRAFT = html.message_html(
    "Choose an area and priority, then “Draft sections”: its lines appear here to edit."
)


def _remembered(
    remembered: dict[str, Any] | None, areas: list[str]
) -> tuple[str | None, list[str]]:
    """The remembered "my area" and comparison set, if those areas are still indexed."""
    remembered = remembered if isinstance(remembered, dict) else {}
    mine = remembered.get("area")
    compared = remembered.get("compare")
    known = set(areas)
    return (
        mine if isinstance(mine, str) and mine in known else None,
        [a for a in compared if a in known] if isinstance(compared, list) else [],
    )


def sources_of(editing: EditedDraft) -> str:
    """The numbered sources the editor's lines cite now (each keeps its editor number)."""
    cited = {k for s in all_sentences(editing.result()) for k in s.citations}
    numbers = {k: n for k, n in editing.numbers().items() if k in cited}
    return html.sources_html(editing.draft.citations, numbers)


class Handlers:
    """Handlers over one shared :class:`Assistant`, waiting for the first index build."""

    def __init__(self, assistant: Assistant, builder: IndexBuilder | None = None) -> None:
        self.assistant = assistant
        self.builder = builder or IndexBuilder(assistant)

    def ready(self, progress: Any = None) -> None:
        """Wait for the index, reporting the build to ``progress`` (a ``gr.Progress``)."""

        def report(state: BuildState) -> None:
            if progress is not None:
                total = state.total or None
                progress((state.done, total), desc=state.describe(), unit="files")

        self.builder.wait(report)

    # -- start-up and status --------------------------------------------------------

    @friendly
    def startup(
        self,
        remembered: dict[str, Any] | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        """On page load: wait for the index, then fill every area choice from it, starting
        with the areas this browser chose last time (``remembered``)."""
        self.ready(progress)
        return (self.banner(), *self.area_choices(remembered))

    def banner(self) -> str:
        """The line above the tabs: how many documents the index holds now."""
        count = len(self.assistant.documents())
        noun = "document" if count == 1 else "documents"
        return html.message_html(f"Index ready: {count} {noun}.", "ok")

    def _ordered_areas(self) -> tuple[list[str], list[str]]:
        """Every area, those with working documents (a WSoA, notes) first; and those."""
        areas = self.assistant.local_areas()
        working = working_areas(self.assistant.documents()) or areas[:3]
        return working + [a for a in areas if a not in working], working

    @friendly
    def area_choices(self, remembered: dict[str, Any] | None = None) -> tuple[Any, ...]:
        """Every area-dependent control filled from the index, and the status panel.

        "My area" (remembered, else the first area with working documents) is where Ask,
        Draft, the whole note and Evidence gaps start; Compare starts with the remembered
        comparison set, else the areas with working documents. An inspection-only area is
        one click away, never a default."""
        ordered, working = self._ordered_areas()
        mine, compared = _remembered(remembered, ordered)
        first = mine or (ordered[0] if ordered else None)
        return (
            gr.update(choices=ordered, value=first),  # my area
            gr.update(choices=["All areas", *ordered], value=mine or "All areas"),  # ask filter
            gr.update(choices=ordered, value=first),  # draft area
            self.priority_choices(first),
            gr.update(choices=ordered, value=first),  # note area
            gr.update(choices=ordered, value=compared or working),  # compare areas
            gr.update(choices=ordered, value=first),  # gaps area
            self.status(),
        )

    @friendly
    def refresh_areas(self) -> tuple[Any, ...]:
        """After the library changes: the banner's count and new area lists, leaving
        people's choices alone."""
        areas, _ = self._ordered_areas()
        return (
            self.banner(),
            gr.update(choices=areas),  # my area
            gr.update(choices=["All areas", *areas]),
            gr.update(choices=areas),
            gr.skip(),  # the priority list follows the draft area's own change event
            gr.update(choices=areas),
            gr.update(choices=areas),
            gr.update(choices=areas),
            self.status(),
        )

    @staticmethod
    def my_area_chosen(area: str | None, remembered: dict[str, Any] | None) -> tuple[Any, ...]:
        """ "My area" chosen: Ask, Draft, the whole note and Evidence gaps move to it, and
        this browser remembers it."""
        if not area:
            return (*[gr.skip()] * 4, remembered)
        kept = {**(remembered or {}), "area": area}
        return (*(gr.update(value=area) for _ in range(4)), kept)  # a dict each: Gradio pops keys

    @staticmethod
    def compare_set_chosen(
        areas: list[str] | None, remembered: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The comparison set, remembered by this browser for the next visit."""
        return {**(remembered or {}), "compare": list(areas or [])}

    @friendly
    def status(self) -> str:
        """Markdown: the active backend and the index size."""
        state = self.builder.state
        if not state.finished:
            return f"**Index:** {state.describe()}"
        docs = self.assistant.documents()
        return "\n".join(
            [
                f"**Answers and drafts are written with:** {self.assistant.backend_description()}",
                "",
                f"**Index:** {len(docs)} documents, {self.assistant.store.chunk_count()} "
                f"passages, in `{self.assistant.store.location}`",
                "",
                f"**Local areas:** {', '.join(self.assistant.local_areas()) or 'none'}",
            ]
        )

    # -- Ask ------------------------------------------------------------------------

    @friendly
    def ask(
        self,
        question: str,
        area: str | None,
        doc_type: str | None,
        date_from: str | None,
        date_to: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> Iterator[tuple[str, list[Citation], str]]:
        """Stream the answer in, then show it checked with numbered citation links."""
        if not question or not question.strip():
            raise AssistantError("Type a question first.")
        filters = SearchFilters(
            doc_type=normalise_doc_type(doc_type) if doc_type and doc_type != "any" else None,
            date_from=_optional_date(date_from, "From date"),
            date_to=_optional_date(date_to, "To date"),
        )
        self.ready(progress)
        local_area = None if not area or area == "All areas" else area
        written = ""
        yield html.streaming_html("", "Finding passages…"), [], NO_PASSAGE
        for event in self.assistant.ask_stream(question.strip(), local_area, filters):
            if isinstance(event, Answer):
                yield html.answer_html(event), event.citations, NO_PASSAGE
            else:
                written += event
                yield html.streaming_html(written), [], NO_PASSAGE

    @friendly
    def show_citation(self, citations: list[Citation] | None, key: str | None) -> str:
        """The passage for citation ``key``, highlighted in its document's text."""
        by_key = {c.key: c for c in citations or []}
        if not key or key not in by_key:
            return NO_PASSAGE
        citation = by_key[key]
        return html.passage_html(
            citation,
            self.assistant.document(citation.doc_id).text,
            page_png=self.assistant.page_image(citation),
        )

    def citation_clicked(self, citations: list[Citation] | None, evt: gr.EventData) -> str:
        """Gradio entry point: the clicked ``[data-cite]`` key arrives in the event data."""
        data = evt._data if isinstance(evt._data, dict) else {}
        return self.show_citation(citations, data.get("cite"))

    # -- Draft ----------------------------------------------------------------------

    @friendly
    def priority_choices(self, area: str | None) -> dict[str, Any]:
        """The area's priorities, each with its own title, for the priority dropdown."""
        if not area:
            return gr.update(choices=[], value=None)
        priorities = self.assistant.priorities(area)
        choices = [
            (f"{p.number}. {p.title}" if p.title else str(p.number), p.number) for p in priorities
        ]
        return gr.update(choices=choices, value=choices[0][1] if choices else None)

    @friendly
    def draft(
        self,
        area: str | None,
        priority: int | None,
        as_of: str | None,
        editing: EditedDraft | None = None,
        confirmed: str = "",
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the draft's progress text, then fill the editor's three sections.

        Outputs: status, sources, the editor's record and layout, citations, the two
        downloads, the pending confirmation and the edit summary. When the editor holds
        the adviser's edits, the first click only says so (nothing is thrown away); a
        second click for the same draft replaces them."""
        if not area or priority is None:
            raise AssistantError("Choose a local area and one of its priorities first.")
        as_of_date = _optional_date(as_of, "Documents up to")
        request = f"{area}|{priority}|{as_of_date or ''}"
        if editing is not None and confirmed != request and editing.has_edits():
            yield (
                html.message_html(REDRAFT_WARNING, "error"),
                *[gr.skip()] * 6,
                request,
                gr.skip(),
            )
            return
        self.ready(progress)
        written = ""
        for event in self.assistant.draft_stream(area, int(priority), as_of_date):
            if isinstance(event, Draft):
                edited = EditedDraft.of(event)
                docx_path, md_path = draft_files(event)
                yield (
                    html.message_html(self._draft_heading(event), "ok"),
                    sources_of(edited),
                    edited,
                    edited.layout,
                    event.citations,
                    gr.update(value=docx_path, interactive=True),
                    gr.update(value=md_path, interactive=True),
                    "",
                    "",
                )
            else:
                written += event
                yield (html.streaming_html(written), *[gr.skip()] * 8)

    @staticmethod
    def draft_choice_changed(editing: EditedDraft | None, area: str | None, priority: Any) -> str:
        """Say so when the sections (and downloads) below are another priority's draft; before
        any draft, say how to start one."""
        if editing is None:
            return NO_DRAFT
        draft = editing.draft
        if draft.local_area == area and str(draft.priority) == str(priority):
            return ""
        return html.message_html(
            f"The sections below are still the draft for {draft.local_area} priority "
            f"{draft.priority}, and so are the downloads. Click “Draft sections” to draft "
            f"{area or 'the chosen area'}"
            + (f" priority {priority}." if priority is not None else "."),
            "info",
        )

    @staticmethod
    def _draft_heading(draft: Draft) -> str:
        when = f", documents up to {draft.as_of}" if draft.as_of else ""
        written = f" Written with: {draft.backend}." if draft.backend else ""
        return (
            f"{draft.local_area}: priority {draft.priority}. {draft.priority_title}{when}."
            f"{written} Edit, move or delete the lines below; the downloads follow your edits."
        )

    # -- the draft editor: one line at a time ---------------------------------------------

    @friendly
    def line_edited(
        self, editing: EditedDraft | None, section: NoteSection, key: str, text: str
    ) -> tuple[Any, ...]:
        """A line's new text, checked against its pins: the record, the line's pins and
        marks, both downloads and the edit summary."""
        if editing is None:
            return (gr.skip(),) * 6
        before = editing.line(section, key)
        if before is None or " ".join(text.split()) == before.sentence.text:
            return (gr.skip(),) * 6  # a redraw setting the box again, or a deleted line
        edited = editing.retexted(section, key, text, SupportChecker(self.assistant.embedder))
        line = edited.line(section, key)
        if line is None or line.sentence == before.sentence:
            return (gr.skip(),) * 6  # the same sentence: nothing to rewrite
        return (edited, self.line_side(edited, section, key), *self._downloads(edited))

    @friendly
    def line_clicked(
        self, editing: EditedDraft | None, section: NoteSection, key: str, evt: gr.EventData
    ) -> tuple[Any, ...]:
        """A click beside a line: a pin shows its passage; ↑, ↓ and ✕ move or delete the
        line. Outputs: the record, its layout, the passage and the downloads and summary."""
        data = evt._data if isinstance(evt._data, dict) else {}
        if editing is None:
            return (gr.skip(),) * 7
        if data.get("cite"):
            return (gr.skip(), gr.skip(), self._passage(editing, data["cite"]), *[gr.skip()] * 4)
        action = data.get("action")
        if action in ("up", "down"):
            edited = editing.moved(section, key, -1 if action == "up" else 1)
        elif action == "delete":
            edited = editing.deleted(section, key)
        else:
            return (gr.skip(),) * 7
        return (edited, edited.layout, gr.skip(), *self._downloads(edited))

    @friendly
    def line_added(self, editing: EditedDraft | None, section: NoteSection) -> tuple[Any, ...]:
        """An empty line at the end of a section for the adviser's own words."""
        if editing is None:
            raise AssistantError("Draft a priority first, then add your own lines to it.")
        edited = editing.added(section)
        return (edited, edited.layout)

    @staticmethod
    def line_side(editing: EditedDraft, section: NoteSection, key: str) -> str:
        """The pins, marks and buttons beside one line."""
        lines = editing.lines[section]
        index = next(i for i, line in enumerate(lines) if line.key == key)
        line = lines[index]
        return html.editor_line_html(
            line.sentence,
            editing.numbers(),
            drafted=not line.changed,
            first=index == 0,
            last=index == len(lines) - 1,
        )

    def _passage(self, editing: EditedDraft, key: str) -> str:
        return self.show_citation(editing.draft.citations, key)

    @staticmethod
    def _downloads(edited: EditedDraft) -> tuple[Any, Any, str, str]:
        """Both downloads rewritten from the adviser's lines, the edit summary, and the
        sources list of the lines now there (numbers as in the editor)."""
        result = edited.result()
        docx_path, md_path = draft_files(result)
        summary = edit_summary(edited)
        kind = "error" if edited.failed_edits() else "ok"
        status = html.message_html(summary, kind) if summary else ""
        return gr.update(value=docx_path), gr.update(value=md_path), status, sources_of(edited)

    @friendly
    def note(
        self,
        area: str | None,
        as_of: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, Any, Any]:
        """The whole note for an area: preview plus .docx and Markdown files."""
        if not area:
            raise AssistantError("Choose a local area first.")
        as_of_date = _optional_date(as_of, "Documents up to")
        self.ready(progress)
        progress(None, desc=f"Drafting every priority for {area}…")
        from assistant.render.note import note_markdown

        note = self.assistant.note(area, as_of_date)
        docx_path, md_path = note_files(note)
        return (
            # The preview also shows the assistant's notes (what was left out); files never.
            note_markdown(note, preview=True),
            gr.update(value=docx_path, interactive=True),
            gr.update(value=md_path, interactive=True),
        )

    # -- Compare and gaps -------------------------------------------------------------

    @friendly
    def areas_on_theme(self, theme: str | None) -> dict[str, Any]:
        """Fill the area choice with the areas that have a priority on the theme."""
        if not theme or not theme.strip():
            raise AssistantError("Choose a theme first, or type one in words.")
        areas = self.assistant.areas_on_theme(theme)
        if not areas:
            raise AssistantError(
                "No area has a priority on this theme: choose areas yourself to compare "
                "their closest passages."
            )
        return gr.update(value=areas)

    @friendly
    def compare(
        self,
        theme: str | None,
        areas: list[str] | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, list[Citation], str, Any, Any]:
        """One column per area for the theme (a key or words), every cell cited; downloads."""
        if not theme or not theme.strip():
            raise AssistantError("Choose a theme first, or type one in words.")
        self.ready(progress)
        comparison = self.assistant.compare(theme, list(areas) if areas else None)
        docx_path, md_path = comparison_files(comparison)
        return (
            html.comparison_html(comparison),
            comparison.citations,
            NO_PASSAGE,
            gr.update(value=docx_path, interactive=True),
            gr.update(value=md_path, interactive=True),
        )

    @friendly
    def gaps(
        self,
        area: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, list[Citation], str]:
        """Per priority: measured evidence of impact versus activity only."""
        if not area:
            raise AssistantError("Choose a local area first.")
        self.ready(progress)
        report = self.assistant.gaps(area)
        return html.gaps_html(report), report.citations, NO_PASSAGE

    # -- Search (API only) -------------------------------------------------------------

    @friendly
    def search(self, query: str, area: str = "", k: int = 8) -> list[dict[str, Any]]:
        """Passages matching ``query`` (hybrid search), each with where it comes from."""
        if not query or not query.strip():
            raise AssistantError("Type something to search for first.")
        if k < 1:
            raise AssistantError("k must be 1 or more.")
        self.ready()
        filters = SearchFilters(local_area=area or None)
        return [
            {
                "doc_id": r.chunk.doc_id,
                "title": r.chunk.title,
                "local_area": r.chunk.local_area,
                "page": r.chunk.page_label,
                "start": r.chunk.start,
                "end": r.chunk.end,
                "text": r.chunk.text,
                "score": round(r.score, 4),
            }
            for r in self.assistant.search(query.strip(), filters, min(k, 50))
        ]
