"""The UI's handler functions (what Gradio calls), with a fake Assistant and no browser."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx as docx_module
import gradio as gr
import pytest

from assistant.errors import AssistantError, LoadError, UnknownDocumentError
from assistant.grounding.records import (
    Answer,
    Citation,
    Comparison,
    ComparisonRow,
    Draft,
    DraftSections,
    PriorityRef,
    Sentence,
    SentenceKind,
)
from assistant.grounding.support import SupportChecker
from assistant.records import AreaPriority, DocType, Document, DocumentInfo, Page
from assistant.service import Assistant
from assistant.settings import Settings
from tests.badfiles import write_garbage_pdf
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder
from ui.app import build_app, parse_auth
from ui.draft_editor import EditedDraft, edit_summary
from ui.errors import friendly, user_message
from ui.handlers import NO_PASSAGE, Handlers
from ui.indexing import IndexBuilder
from ui.library import NO_FILE, LibraryHandlers

TEXT = "Intro. Waiting times for <ASD> & ADHD fell to 30 weeks. Families noticed."
QUOTE = "Waiting times for <ASD> & ADHD fell to 30 weeks."


def no_progress(*args: Any, **kwargs: Any) -> None:
    """Stands in for gr.Progress outside a request."""


def make_citation(key: str = "E1") -> Citation:
    start = TEXT.index(QUOTE)
    return Citation(
        key=key,
        doc_id="torbay-note",
        title="Torbay note",
        local_area="Torbay",
        doc_type=DocType.review_note,
        date="2024-02",
        page=2,
        start=start,
        end=start + len(QUOTE),
        quote=QUOTE,
    )


def make_draft() -> Draft:
    return Draft(
        local_area="Torbay",
        priority=6,
        priority_title="EHC plans",
        backend="extractive",
        sections=DraftSections(
            progress=[
                Sentence(text="Reported in the note (2024-02):", kind=SentenceKind.notice),
                Sentence(text="Waits fell to 30 weeks.", citations=["E1"], supported=True),
            ],
            impact=[Sentence(text="Families were delighted.", citations=["E1"])],
            next_steps=[Sentence(text="Audit plans.", citations=["E2"], supported=True)],
        ),
        citations=[make_citation("E1"), make_citation("E2")],
    )


class FakeAssistant:
    """Just what the handlers call; ``error`` makes the grounded calls fail."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.asked: list[tuple[str, str | None, Any]] = []
        self.store = SimpleNamespace(chunk_count=lambda: 12, location="/tmp/index")
        self.embedder = None  # the support check falls back to word overlap

    def ensure_index(self, progress: Any = None) -> list[Any]:
        if progress:
            progress(0, 1, "torbay.txt")
        return []

    def local_areas(self) -> list[str]:
        return ["Torbay", "Wirral"]

    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                doc_id="torbay-note",
                title="Torbay note",
                local_area="Torbay",
                doc_type=DocType.review_note,
                date="2024-02",
                source="t.txt",
                chunks=12,
                pages=1,
                chars=len(TEXT),
                content_hash="x",
            )
        ]

    def backend_description(self) -> str:
        return "extractive (no LLM)"

    def document_info(self, doc_id: str) -> DocumentInfo | None:
        return next((d for d in self.documents() if d.doc_id == doc_id), None)

    def page_image(self, citation: Citation) -> bytes | None:
        return None  # a text document: the passage shows no page

    def areas_on_theme(self, theme: str) -> list[str]:
        return ["Torbay"] if "salt" in theme.lower() else []

    def compare(self, theme: str, areas: list[str] | None) -> Comparison:
        if self.error:
            raise self.error
        sentence = Sentence(text=QUOTE, citations=["E1"], supported=True)
        return Comparison(
            theme="speech_language",
            theme_title="Speech, language and communication",
            theme_note=f"“{theme}” read as the theme “Speech, language and communication”.",
            rows=[
                ComparisonRow(
                    local_area=area,
                    priorities=[PriorityRef(number=4, title="SALT waits")],
                    actions=[sentence],
                )
                for area in (areas or ["Torbay"])
            ],
            citations=[make_citation("E1")],
        )

    def document(self, doc_id: str) -> Document:
        if doc_id != "torbay-note":
            raise UnknownDocumentError(doc_id)
        return Document(
            doc_id=doc_id,
            title="Torbay note",
            local_area="Torbay",
            doc_type=DocType.review_note,
            date="2024-02",
            source="t.txt",
            text=TEXT,
            pages=[Page(page=1, start=0, end=len(TEXT))],
            content_hash="x",
        )

    def priorities(self, area: str) -> list[AreaPriority]:
        return [
            AreaPriority(local_area=area, number=6, title="EHC plans"),
            AreaPriority(local_area=area, number=7, title=""),
        ]

    def ask_stream(self, question: str, area: str | None, filters: Any) -> Iterator[Any]:
        self.asked.append((question, area, filters))
        if self.error:
            raise self.error
        yield "Waits "
        yield "fell."
        yield Answer(
            question=question,
            answer="Waits fell.",
            abstained=False,
            sentences=[Sentence(text="Waits fell.", citations=["E1"], supported=True)],
            citations=[make_citation()],
        )

    def draft_stream(self, area: str, priority: int, as_of: str | None) -> Iterator[Any]:
        if self.error:
            raise self.error
        yield "## Progress on key actions\n"
        yield make_draft()


@pytest.fixture()
def handlers() -> Handlers:
    return Handlers(FakeAssistant())  # type: ignore[arg-type]


def failing(error: Exception) -> Handlers:
    return Handlers(FakeAssistant(error))  # type: ignore[arg-type]


# -- errors ------------------------------------------------------------------------------


def test_library_errors_become_gr_error_with_the_message() -> None:
    @friendly
    def handler() -> None:
        raise AssistantError("Set WSOA_LLM_BASE_URL or run `make model`.")

    with pytest.raises(gr.Error, match="Set WSOA_LLM_BASE_URL"):
        handler()


def test_generator_handlers_are_wrapped_too() -> None:
    @friendly
    def handler() -> Iterator[int]:
        yield 1
        raise ValueError("date must be YYYY\nsecond line")

    stream = handler()
    assert next(stream) == 1
    with pytest.raises(gr.Error) as raised:
        next(stream)
    assert str(raised.value.message) == "date must be YYYY"


def test_load_errors_name_the_file_not_the_upload_folder() -> None:
    error = LoadError("/tmp/gradio/abc123/garbage.pdf", "this is not a PDF", "Export it again")
    assert user_message(error) == "garbage.pdf: this is not a PDF. Export it again."


# -- ask and citations -------------------------------------------------------------------


def test_ask_streams_then_shows_the_checked_answer(handlers: Handlers) -> None:
    steps = list(
        handlers.ask("How long are waits?", "Torbay", "review_note", "2023", "", no_progress)
    )
    assert "wsoa-streaming" in steps[1][0] and "Waits" in steps[1][0]
    final_html, citations, passage = steps[-1]
    assert 'data-cite="E1"' in final_html and "Sources" in final_html
    assert [c.key for c in citations] == ["E1"]
    assert passage == NO_PASSAGE
    question, area, filters = handlers.assistant.asked[0]  # type: ignore[attr-defined]
    assert area == "Torbay" and filters.doc_type == DocType.review_note
    assert filters.date_from == "2023" and filters.date_to is None


def test_all_areas_means_no_area_filter(handlers: Handlers) -> None:
    list(handlers.ask("q?", "All areas", "any", "", "", no_progress))
    assert handlers.assistant.asked[0][1] is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "date_from", "message"),
    [
        pytest.param("", "", "Type a question first", id="empty-question"),
        pytest.param("q?", "2024-13", "From date", id="bad-date"),
    ],
)
def test_ask_rejects_bad_input_readably(
    handlers: Handlers, question: str, date_from: str, message: str
) -> None:
    with pytest.raises(gr.Error, match=message):
        list(handlers.ask(question, None, None, date_from, "", no_progress))


def test_ask_library_failure_is_a_gr_error() -> None:
    with pytest.raises(gr.Error, match="not configured"):
        list(
            failing(AssistantError("Endpoint not configured.")).ask(
                "q?", None, None, "", "", no_progress
            )
        )


def test_citation_click_shows_the_highlighted_passage(handlers: Handlers) -> None:
    event = gr.EventData(None, {"cite": "E1"})
    rendered = handlers.citation_clicked([make_citation()], event)
    assert '<mark class="wsoa-highlight">Waiting times for &lt;ASD&gt; &amp; ADHD' in rendered
    assert handlers.show_citation([make_citation()], "E9") == NO_PASSAGE
    assert handlers.show_citation(None, None) == NO_PASSAGE


# -- draft -----------------------------------------------------------------------------


def test_priority_choices_show_each_priority_title(handlers: Handlers) -> None:
    update = handlers.priority_choices("Torbay")
    assert update["choices"] == [("6. EHC plans", 6), ("7", 7)]
    assert update["value"] == 6


def test_draft_fills_the_editor_and_downloads(handlers: Handlers) -> None:
    steps = list(handlers.draft("Torbay", 6, "", progress=no_progress))
    status, sources, editing, layout, citations, docx, md, pending, edits = steps[-1]
    assert pending == "" and edits == "" and layout == editing.layout
    assert "priority 6. EHC plans" in status
    assert f"Written with: {editing.draft.backend}." in status and editing.draft.backend
    # One editor line per drafted sentence, in order, each the drafted sentence itself.
    draft = editing.draft
    assert [line.sentence for line in editing.lines["progress"]] == draft.sections.progress
    assert not editing.has_edits()
    # The unsupported drafted line says it stays out of the downloads; pins keep numbers.
    impact_key = editing.lines["impact"][0].key
    side = handlers.line_side(editing, "impact", impact_key)
    assert "⚠ unsupported: left out of the downloads" in side and 'data-cite="E1"' in side
    first = handlers.line_side(editing, "progress", editing.lines["progress"][0].key)
    assert "assistant's note" in first and 'data-line-action="up" ' in first
    assert 'aria-label="Move line up" title="Move line up" disabled' in first
    assert 'data-cite="E2"' in sources
    assert Path(docx["value"]).suffix == ".docx" and Path(docx["value"]).stat().st_size > 0
    assert "## Torbay: priority 6" in Path(md["value"]).read_text()


def test_redrafting_over_edits_asks_first_and_stale_drafts_are_named(handlers: Handlers) -> None:
    editing = list(handlers.draft("Torbay", 6, "", progress=no_progress))[-1][2]
    # Unedited lines (or only an empty added line): drafting again just drafts.
    again = list(
        handlers.draft("Torbay", 6, "", editing.added("progress"), "", progress=no_progress)
    )
    assert again[-1][2] is not None and again[-1][7] == ""
    added = editing.added("progress")
    key = added.lines["progress"][-1].key
    edited = added.retexted("progress", key, "My own line.")
    warned = list(handlers.draft("Torbay", 6, "", edited, "", progress=no_progress))
    assert len(warned) == 1 and "hold your edits" in warned[0][0]
    assert all(isinstance(v, type(gr.skip())) for v in warned[0][1:7])  # nothing replaced
    pending = warned[0][7]
    replaced = list(handlers.draft("Torbay", 6, "", edited, pending, progress=no_progress))
    assert "priority 6" in replaced[-1][0] and replaced[-1][7] == ""
    assert not replaced[-1][2].has_edits()
    # Another area or priority chosen: the sections below are named as the old draft.
    assert "still the draft for Torbay priority 6" in handlers.draft_choice_changed(
        editing, "Wirral", None
    )
    assert handlers.draft_choice_changed(editing, "Torbay", 6) == ""
    assert "Draft sections" in handlers.draft_choice_changed(None, "Torbay", 6)  # how to start


def test_draft_needs_area_and_priority(handlers: Handlers) -> None:
    with pytest.raises(gr.Error, match="Choose a local area"):
        list(handlers.draft("", None, "", progress=no_progress))


def test_edited_lines_keep_their_pins_and_are_checked() -> None:
    editing = EditedDraft.of(make_draft())
    checker = SupportChecker()
    keys = {section: [line.key for line in editing.lines[section]] for section in editing.lines}
    # The adviser's own line pins source 2 by typing [2]; its words are the passage's.
    added = editing.added("progress")
    new = added.lines["progress"][-1].key
    cited = added.retexted("progress", new, f"{QUOTE} [2]", checker)
    line = cited.line("progress", new)
    assert line is not None and line.sentence.text == QUOTE
    assert line.sentence.citations == ["E2"] and line.sentence.supported and line.changed
    # A drafted line re-worded keeps its pin and is checked again: not taken on trust.
    reworded = cited.retexted(
        "next_steps", keys["next_steps"][0], "Audit ten plans by March.", checker
    )
    step = reworded.result().sections.next_steps[0]
    assert step.citations == ["E2"] and step.edited and not step.supported
    assert "1 not supported" in edit_summary(reworded) and reworded.failed_edits() == 1
    # Back to the drafted words: the drafted sentence again, nothing edited.
    back = reworded.retexted("next_steps", keys["next_steps"][0], " Audit   plans. ", checker)
    assert back.result().sections.next_steps == editing.draft.sections.next_steps
    # "Observation:" makes a line the adviser's own: no pins, capitalised, marked as theirs.
    own = back.retexted("impact", keys["impact"][0], "observation: families say it is quicker")
    observed = own.result().sections.impact[0]
    assert observed.kind == SentenceKind.observation and observed.citations == []
    assert observed.text == "Families say it is quicker"
    assert "cite nothing" in edit_summary(own)
    # Typing never redraws the editor (the box keeps its focus); adding a line does.
    assert own.layout == added.layout != editing.layout


def test_lines_move_and_delete_within_their_section() -> None:
    editing = EditedDraft.of(make_draft())
    notice, waits = (line.key for line in editing.lines["progress"])
    assert editing.moved("progress", notice, -1) is editing  # already first
    assert editing.moved("progress", waits, 1) is editing  # already last
    moved = editing.moved("progress", waits, -1)
    assert [line.key for line in moved.lines["progress"]] == [waits, notice]
    assert moved.layout != editing.layout and moved.has_edits()
    deleted = moved.deleted("progress", notice)
    assert [s.text for s in deleted.result().sections.progress] == ["Waits fell to 30 weeks."]
    assert deleted.result().sections.impact == editing.draft.sections.impact  # untouched
    # An unknown key (a stale click) changes nothing.
    assert deleted.deleted("progress", "gone").result() == deleted.result()


def test_editor_clicks_and_edits_rewrite_the_downloads(handlers: Handlers) -> None:
    editing = list(handlers.draft("Torbay", 6, "", progress=no_progress))[-1][2]
    waits = editing.lines["progress"][1].key
    step = editing.lines["next_steps"][0].key

    def click(current: EditedDraft, section: Any, key: str, **data: str) -> tuple[Any, ...]:
        return handlers.line_clicked(current, section, key, SimpleNamespace(_data=data))  # type: ignore[arg-type]

    # A redrawn editor setting a box to its own words again checks and rewrites nothing.
    same = handlers.line_edited(editing, "progress", waits, " Waits fell  to 30 weeks. ")
    assert all(isinstance(v, type(gr.skip())) for v in same)
    # A pin shows its passage and changes nothing else.
    shown = click(editing, "progress", waits, cite="E1")
    assert "wsoa-highlight" in shown[2]
    assert all(isinstance(v, type(gr.skip())) for v in (shown[0], shown[1], *shown[3:]))
    # ✕ deletes the line from both downloads.
    gone, layout, _, docx, md, status, sources = click(editing, "progress", waits, action="delete")
    assert layout == gone.layout != editing.layout
    assert "Waits fell to 30 weeks" not in Path(md["value"]).read_text()
    # The sources list follows: E1 is still cited (the impact line), keeping its number.
    assert 'data-cite="E1"' in sources and '<li value="1">' in sources
    *_, only_e1 = click(editing, "next_steps", step, action="delete")
    assert 'data-cite="E2"' not in only_e1 and 'data-cite="E1"' in only_e1
    # Typed edits: an own line goes out as the adviser's; a re-worded pinned line is marked.
    added = handlers.line_added(gone, "impact")[0]
    own = added.lines["impact"][-1].key
    edited, side, docx, md, status, _ = handlers.line_edited(
        added, "impact", own, "Panel is quicker."
    )
    assert "adviser&#x27;s observation" in side or "adviser's observation" in side
    edited, side, docx, md, status, sources = handlers.line_edited(
        edited, "next_steps", step, "Plans audited in March."
    )
    assert "⚠ unsupported" in side and "left out" not in side
    markdown = Path(md["value"]).read_text()
    assert "\n- Panel is quicker. *(adviser's observation)*" in markdown  # a bullet, as in Word
    assert "Plans audited in March. **(⚠ unsupported)** [1]" in markdown  # renumbered
    assert "not supported" in status and "1 line(s) cite nothing" in status
    word = "\n".join(p.text for p in docx_module.Document(docx["value"]).paragraphs)
    assert "Panel is quicker. (adviser's observation)" in word
    assert "*" not in word  # no Markdown reaches Word
    with pytest.raises(gr.Error, match="Draft a priority first"):
        handlers.line_added(None, "impact")


# -- compare ---------------------------------------------------------------------------


def test_the_theme_shortcut_fills_the_area_choice(handlers: Handlers) -> None:
    assert handlers.areas_on_theme("SALT waits")["value"] == ["Torbay"]
    with pytest.raises(gr.Error, match="No area has a priority on this theme"):
        handlers.areas_on_theme("astronomy clubs")


def test_compare_takes_words_and_offers_both_downloads(handlers: Handlers) -> None:
    shown, citations, passage, docx, md = handlers.compare("SALT waits", ["Torbay"], no_progress)
    assert "read as the theme" in shown and citations[0].key == "E1"
    markdown = Path(md["value"]).read_text()
    assert "“SALT waits” read as the theme" in markdown and QUOTE in markdown
    assert docx["interactive"] and Path(docx["value"]).read_bytes()[:2] == b"PK"
    from docx import Document as WordDocument

    words = " ".join(p.text for p in WordDocument(docx["value"]).paragraphs)
    assert "Speech, language and communication" in words and "Torbay" in words


def test_compare_needs_a_theme(handlers: Handlers) -> None:
    with pytest.raises(gr.Error, match="Choose a theme"):
        handlers.compare("  ", None, no_progress)


# -- startup, status, auth ----------------------------------------------------------------


def test_startup_fills_the_area_dropdowns(handlers: Handlers) -> None:
    banner, mine, ask_area, draft_area, priority, note, compare, gaps, status = handlers.startup(
        None, no_progress
    )
    assert "Index ready" in banner
    assert ask_area["choices"] == ["All areas", "Torbay", "Wirral"]
    assert ask_area["value"] == "All areas"  # nothing remembered: questions span every area
    # Compare starts with the areas that have working documents (the fake's Torbay note).
    assert draft_area["value"] == mine["value"] == "Torbay" and compare["value"] == ["Torbay"]
    assert "extractive" in status and "12 passages" in status


def test_my_area_and_the_comparison_set_are_remembered(handlers: Handlers) -> None:
    remembered = {"area": "Wirral", "compare": ["Wirral", "Atlantis", "Torbay"]}
    _, mine, ask_area, draft_area, _, note, compare, gaps, _ = handlers.startup(
        remembered, no_progress
    )
    assert mine["value"] == ask_area["value"] == draft_area["value"] == "Wirral"
    assert note["value"] == gaps["value"] == "Wirral"
    assert compare["value"] == ["Wirral", "Torbay"]  # an area no longer indexed is dropped
    # A remembered area the index no longer holds falls back to the defaults.
    _, mine, ask_area, *_ = handlers.startup({"area": "Atlantis"}, no_progress)
    assert mine["value"] == "Torbay" and ask_area["value"] == "All areas"
    # Choosing "my area" moves Ask, Draft, the note and gaps to it and remembers it.
    *updates, kept = handlers.my_area_chosen("Torbay", remembered)
    assert [u["value"] for u in updates] == ["Torbay"] * 4
    assert kept == {"area": "Torbay", "compare": remembered["compare"]}
    assert handlers.compare_set_chosen(["Torbay"], kept) == {
        "area": "Torbay",
        "compare": ["Torbay"],
    }


def test_library_changes_refresh_area_lists_without_resetting_choices(
    handlers: Handlers,
) -> None:
    banner, mine, ask_area, draft_area, priority, *rest, status = handlers.refresh_areas()
    assert mine["choices"] == ["Torbay", "Wirral"] and "value" not in mine
    assert "Index ready: 1 document." in banner  # the count follows the library
    assert ask_area["choices"] == ["All areas", "Torbay", "Wirral"] and "value" not in ask_area
    assert "value" not in draft_area


def test_index_build_failure_reaches_the_page() -> None:
    assistant = FakeAssistant()
    assistant.ensure_index = lambda progress=None: (_ for _ in ()).throw(  # type: ignore[method-assign]
        AssistantError("Chroma is unreachable.")
    )
    with pytest.raises(gr.Error, match="Chroma is unreachable"):
        Handlers(assistant).startup(no_progress)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), ("ann:s3cret:x", ("ann", "s3cret:x"))],
    ids=["off", "password-with-colon"],
)
def test_parse_auth(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_auth(value) == expected


def test_parse_auth_rejects_a_bare_name() -> None:
    with pytest.raises(ValueError, match="user:password"):
        parse_auth("ann")


def test_build_app_makes_blocks() -> None:
    demo = build_app(FakeAssistant())  # type: ignore[arg-type]
    assert isinstance(demo, gr.Blocks)


# -- library (real Assistant, fake embedder, tmp index) -----------------------------------


@pytest.fixture()
def library(tmp_path: Path) -> LibraryHandlers:
    settings = Settings()
    settings.paths.corpus_dir = tmp_path / "empty-corpus"
    settings.paths.corpus_dir.mkdir()
    assistant = Assistant(settings=settings, embedder=HashEmbedder())
    return LibraryHandlers(IndexBuilder(assistant))


def test_preview_of_a_bad_file_is_a_message_not_an_error(
    library: LibraryHandlers, tmp_path: Path
) -> None:
    message, area, doc_type, date, title, add, pending = library.preview(
        str(write_garbage_pdf(tmp_path))
    )
    assert "wsoa-error" in message and "garbage.pdf" in message
    assert str(tmp_path) not in message
    assert add["interactive"] is False
    # Removing the file (Gradio's clear event calls preview with nothing) clears the message.
    message, *_, add, pending = library.preview(None)
    assert message == NO_FILE and add["interactive"] is False and pending is None


def test_removing_the_file_clears_its_message_in_the_app() -> None:
    """The upload's clear event is wired to the preview that resets the message."""
    demo = build_app(FakeAssistant())  # type: ignore[arg-type]
    upload = next(
        b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "library-upload"
    )
    message = next(
        b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "upload-message"
    )
    cleared = [
        d
        for d in demo.config["dependencies"]
        if [upload._id, "clear"] in [list(t) for t in d["targets"]]
    ]
    assert cleared and message._id in cleared[0]["outputs"]


def test_upload_is_prefilled_added_and_deleted(library: LibraryHandlers, tmp_path: Path) -> None:
    path = tmp_path / "torbay-2024-02-wsoa-review-note.txt"
    shutil.copy(CORPUS / path.name, path)
    message, area, doc_type, date, title, add, pending = library.preview(str(path))
    assert area == "Torbay" and doc_type == "review_note" and date.startswith("2024-02")
    assert add["interactive"] is True and "replace" not in message

    message, rows, choices, add, pending = library.add(
        str(path), area, doc_type, "2024-02", title, None, no_progress
    )
    assert "Added" in message and add["value"] == "Add to library" and pending is None
    assert [r[1] for r in rows] == ["Torbay"] and rows[0][3] == "2024-02"

    # Delete asks first, naming the document; only the second click deletes.
    doc_id = rows[0][-1]
    message, rows, choices, button, pending = library.delete(doc_id, None)
    assert "Delete “" in message and "passages)?" in message and "Confirm delete" in message
    assert button["value"] == "Confirm delete" and pending == doc_id
    assert rows == gr.skip() and choices == gr.skip()  # the table is left as it is
    assert [d.doc_id for d in library.assistant.documents()] == [doc_id]
    # Choosing another document in between asks again.
    assert library.delete_choice_changed(doc_id)[1:] == (
        gr.update(value="Delete", interactive=True),
        None,
    )
    message, rows, choices, button, pending = library.delete(doc_id, pending)
    assert "Deleted" in message and rows == [] and button["value"] == "Delete"
    assert library.assistant.documents() == []


def test_an_upload_replacing_another_document_asks_first(
    library: LibraryHandlers, tmp_path: Path
) -> None:
    original = tmp_path / "corpus" / "bedford.txt"
    original.parent.mkdir()
    original.write_text(
        "Bedford local area SEND inspection.\n\n" + "Waiting times for ASD fell. " * 400,
        encoding="utf-8",
    )
    library.add(str(original), "Bedford", "inspection_report", "2023-05", "", None, no_progress)
    [stored] = library.assistant.documents()
    assert stored.chunks > 1

    upload = tmp_path / "upload" / "Bedford.txt"  # same id, unrelated content
    upload.parent.mkdir()
    upload.write_text("Shopping list: eggs, milk.", encoding="utf-8")
    message, *_, add, pending = library.preview(str(upload))
    assert "This would replace “" in message and f"{stored.chunks} passages" in message

    first = library.add(str(upload), "Bedford", "other", "2024-01", "List", None, no_progress)
    message, rows, choices, button, pending = first
    assert f"This would replace “{stored.title}” (bedford, {stored.chunks} passages)" in message
    assert "with Bedford.txt" in message and "Press Replace to confirm" in message
    assert button["value"] == "Replace" and pending == str(upload)
    assert library.assistant.documents() == [stored]  # nothing changed yet

    second = library.add(str(upload), "Bedford", "other", "2024-01", "List", pending, no_progress)
    message, rows, choices, button, pending = second
    assert "Replaced bedford: 1 passages" in message and button["value"] == "Add to library"
    assert [d.chunks for d in library.assistant.documents()] == [1]

    # The same file again is not a replacement of something else: no question asked.
    message, *_ = library.add(str(upload), "Bedford", "other", "2024-01", "List", None, no_progress)
    assert "already in the library" in message


def test_add_with_a_bad_date_says_so(library: LibraryHandlers, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Torbay note of review meeting.", encoding="utf-8")
    with pytest.raises(gr.Error, match="Date: write the date as e.g. 2022-05, May 2022"):
        library.add(str(path), "Torbay", "review_note", "early 2024", "", None, no_progress)


def test_quick_work_has_its_own_pools_and_long_work_shows_the_queue() -> None:
    """Drafts and the like share one small pool; asks, searches and look-ups never join it."""
    from ui.app import CONCURRENCY

    demo = build_app(FakeAssistant())  # type: ignore[arg-type]
    events = {fn.api_name: fn for fn in demo.fns.values()}
    long_work = ["draft", "note", "compare", "gaps", "add"]
    for name in long_work:
        assert events[name].concurrency_id == "long", name
        assert events[name].concurrency_limit == CONCURRENCY, name
        # "full" progress shows the place in the queue and the expected wait.
        assert events[name].show_progress == "full", name
    assert events["ask"].show_progress == "full"
    quick = ["ask", "search", "citation_clicked", "status", "delete", "priority_choices"]
    for name in quick:
        assert events[name].concurrency_id not in (None, "long"), name
        limit = events[name].concurrency_limit
        assert isinstance(limit, int) and limit > CONCURRENCY, name
    assert events["ask"].concurrency_id != events["search"].concurrency_id


class NationalFake(FakeAssistant):
    """46 areas as in the shipped index: most have only an inspection report."""

    def local_areas(self) -> list[str]:
        return ["Barking and Dagenham", "Bexley", "Shropshire", "Torbay", "Wirral"]

    def documents(self) -> list[DocumentInfo]:
        base = FakeAssistant.documents(self)[0]
        kinds = {
            "Barking and Dagenham": DocType.inspection_report,
            "Bexley": DocType.inspection_report,
            "Shropshire": DocType.wsoa,
            "Torbay": DocType.review_note,
            "Wirral": DocType.preparation_template,
        }
        return [
            base.model_copy(update={"doc_id": area.lower(), "local_area": area, "doc_type": kind})
            for area, kind in kinds.items()
        ]

    def priorities(self, local_area: str | None = None) -> list[Any]:
        return []


def test_areas_with_working_documents_are_the_defaults_and_come_first() -> None:
    handlers = Handlers(NationalFake())  # type: ignore[arg-type]
    _, ask, draft, _, note, compare, gaps, _ = handlers.area_choices()
    working = ["Shropshire", "Torbay", "Wirral"]
    assert compare["value"] == working  # three areas to compare, none to remove
    assert draft["value"] == note["value"] == gaps["value"] == "Shropshire"
    assert draft["choices"] == [*working, "Barking and Dagenham", "Bexley"]
    assert ask["value"] == "All areas"


def test_word_sources_show_a_quote_as_read_not_its_markup() -> None:
    """A quoted bullet from a Markdown-ish source reads as words in Word (no "- *…*"); the
    citation keeps the exact span."""
    from assistant.render.docx import draft_docx

    quoted = "- *20 week statutory timeliness*\tWirral\t52 weeks?"
    draft = make_draft().model_copy(
        update={
            "citations": [
                make_citation("E1"),
                make_citation("E2").model_copy(update={"quote": quoted}),
            ]
        }
    )
    word = "\n".join(p.text for p in docx_module.Document(io.BytesIO(draft_docx(draft))).paragraphs)
    assert "“20 week statutory timeliness – Wirral – 52 weeks?”" in word
    assert "*" not in word and "- *" not in word
    assert draft.citations[1].quote == quoted
