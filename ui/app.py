"""The Gradio Blocks: layout and wiring only. Handlers live in ``ui.handlers`` / ``ui.library``.

Every event runs in Gradio's queue, in one of three pools (``concurrency_id``)
so quick work never waits behind long work: ``LONG`` (drafts, notes, compare,
gaps, adding a document: a small pool, as the machine is small), ``ASK``
(questions) and ``QUICK`` (citations, search, lists, status). A queued event
shows its place in the queue and the expected wait on its outputs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import gradio as gr

from assistant.grounding.priority_evidence import NOTE_SECTIONS, SECTION_TITLES, NoteSection
from assistant.grounding.records import SentenceKind
from assistant.render import html
from assistant.service import Assistant
from assistant.settings import UISettings
from ui.assets import CITE_CLICK_JS, CSS, NO_HEARTBEAT_HEAD, PASSAGE_SCROLL_JS
from ui.draft_editor import EditedDraft
from ui.handlers import NO_DRAFT, NO_PASSAGE, THEME_CHOICES, Handlers
from ui.indexing import IndexBuilder
from ui.library import (
    ADD_LABEL,
    DELETE_LABEL,
    DOC_TYPE_CHOICES,
    NO_FILE,
    TABLE_HEADERS,
    LibraryHandlers,
)

#: Long jobs (drafts, notes, compare, gaps, ingest) running at once; the machine is small.
CONCURRENCY = 2
LONG: dict[str, Any] = {"concurrency_id": "long", "concurrency_limit": CONCURRENCY}
ASK: dict[str, Any] = {"concurrency_id": "ask", "concurrency_limit": 4}
QUICK: dict[str, Any] = {"concurrency_id": "quick", "concurrency_limit": 8}
#: The draft editor's changes, one at a time: a keystroke's check and a click on ✕ right
#: after it must apply in the order they were made. Each takes milliseconds.
EDIT: dict[str, Any] = {"concurrency_id": "edit", "concurrency_limit": 1}
#: Requests waiting in the queue before new ones are turned away with a message.
QUEUE_SIZE = 256
INTRO = (
    "# WSoA assistant\n"
    "Answers and drafts from the indexed SEND documents. Every sentence cites its source: "
    "click a number to read the passage. Sentences marked ⚠ are not supported by their sources."
)


def _editor_section(
    handlers: Handlers, editing: EditedDraft, section: NoteSection, wiring: dict[str, Any]
) -> None:
    """One section of the draft editor: a row per line (its words, pins, ↑ ↓ ✕), then
    "Add a line". Each row's events are bound to its section and line key."""
    gr.HTML(f'<div class="wsoa-section-title">{SECTION_TITLES[section]}</div>', padding=False)
    for line in editing.lines[section]:
        kind = "wsoa-line-note" if line.sentence.kind == SentenceKind.notice else ""
        with gr.Row(
            key=f"row-{line.key}", elem_classes=["wsoa-line", f"wsoa-line-{section}", kind]
        ):
            box = gr.Textbox(
                line.sentence.text,
                show_label=False,
                container=False,
                lines=1,
                max_lines=8,
                interactive=True,
                autofocus=not line.sentence.text and line.drafted is None,
                placeholder="Your own line. End it with [n] to cite source n.",
                elem_classes="wsoa-line-text",
                key=f"text-{line.key}",
                scale=5,
                min_width=240,
            )
            side = gr.HTML(
                handlers.line_side(editing, section, line.key),
                js_on_load=CITE_CLICK_JS,
                padding=False,
                elem_classes="wsoa-line-box",
                key=f"side-{line.key}",
                scale=1,
                min_width=150,
            )

        def edited(
            current: EditedDraft | None,
            text: str,
            section: NoteSection = section,
            key: str = line.key,
        ) -> tuple[Any, ...]:
            return handlers.line_edited(current, section, key, text)

        def clicked(
            current: EditedDraft | None,
            evt: gr.EventData,
            section: NoteSection = section,
            key: str = line.key,
        ) -> tuple[Any, ...]:
            return handlers.line_clicked(current, section, key, evt)

        # Typing ("input") and leaving the line ("blur": what "input" misses, a paste or a
        # replace-all, counts when the adviser moves on). Not "change": a redrawn editor sets
        # every box again, and each would be an event queued behind the others.
        for trigger in (box.input, box.blur):
            trigger(
                edited,
                [wiring["editing"], box],
                [wiring["editing"], side, *wiring["downloads"]],
                show_progress="hidden",
                trigger_mode="always_last",
                **EDIT,
            )
        side.click(
            clicked,
            wiring["editing"],
            [wiring["editing"], wiring["layout"], wiring["passage"], *wiring["downloads"]],
            show_progress="hidden",
            **EDIT,
        )

    def add(current: EditedDraft | None, section: NoteSection = section) -> tuple[Any, ...]:
        return handlers.line_added(current, section)

    gr.Button("+ Add a line", size="sm", elem_classes="wsoa-add-line").click(
        add, wiring["editing"], [wiring["editing"], wiring["layout"]], **EDIT
    )


def _remember_secret(assistant: Assistant) -> str:
    """The key BrowserState encrypts remembered choices with: stable for one index, so the
    choices outlive a restart (they are area names, checked against the index on load)."""
    return hashlib.sha256(f"wsoa-choices:{assistant.store.location}".encode()).hexdigest()[:32]


def cited_html(elem_id: str, value: str = "") -> gr.HTML:
    """An HTML panel whose ``[data-cite]`` buttons fire its ``click`` event."""
    return gr.HTML(value, elem_id=elem_id, js_on_load=CITE_CLICK_JS, padding=False)


def passage_panel(elem_id: str) -> gr.HTML:
    return gr.HTML(NO_PASSAGE, elem_id=elem_id, js_on_load=PASSAGE_SCROLL_JS)


class App(gr.Blocks):
    """The app's Blocks, without Gradio's heartbeat: that is one connection held open for as
    long as a page is, and browsers allow six per host over HTTP/1.1, so a seventh tab of
    the app would hang on "Loading…". The heartbeat only frees a closed page's session
    state early; without it the state holder keeps the last ``state_session_capacity``
    sessions (least recently used first out), a few kilobytes each."""

    def get_config_file(self) -> Any:
        config = super().get_config_file()
        config["connect_heartbeat"] = False
        return config


def build_app(assistant: Assistant | None = None, builder: IndexBuilder | None = None) -> gr.Blocks:
    """The whole app over one shared Assistant. Starts the first-use index build."""
    assistant = assistant or Assistant()
    builder = builder or IndexBuilder(assistant)
    handlers = Handlers(assistant, builder)
    library = LibraryHandlers(builder)
    builder.start()

    with App(title="WSoA assistant", analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(INTRO)
        banner = gr.HTML(
            html.message_html("Starting: checking the index…"), elem_id="banner", min_height=64
        )
        with gr.Row(elem_classes="wsoa-my-area"):
            my_area = gr.Dropdown(
                [],
                label="My area",
                info="Ask, Draft and Evidence gaps start here; this browser remembers it.",
                elem_id="my-area",
                scale=0,
                min_width=300,
            )
        # "My area" and the comparison set, kept in this browser's local storage.
        remembered = gr.BrowserState(
            {}, storage_key="wsoa-choices", secret=_remember_secret(assistant)
        )

        with gr.Tab("Ask", id="ask"):
            with gr.Row():
                question = gr.Textbox(
                    label="Question",
                    elem_id="ask-question",
                    scale=4,
                    placeholder="e.g. What progress has Torbay made on EHC plan timeliness?",
                )
                ask_button = gr.Button("Ask", variant="primary", elem_id="ask-button", scale=1)
            with gr.Row():
                ask_area = gr.Dropdown(
                    ["All areas"], value="All areas", label="Local area", elem_id="ask-area"
                )
                ask_type = gr.Dropdown(
                    [("any", "any"), *DOC_TYPE_CHOICES],
                    value="any",
                    label="Document type",
                    elem_id="ask-type",
                )
                ask_from = gr.Textbox(label="From date", placeholder="e.g. 2022 or May 2022")
                ask_to = gr.Textbox(label="To date", placeholder="e.g. 2024 or March 2024")
            with gr.Row():
                with gr.Column(scale=3):
                    answer = cited_html("answer")
                with gr.Column(scale=2, elem_classes="wsoa-sticky"):
                    ask_passage = passage_panel("ask-passage")
            ask_citations = gr.State([])

        with gr.Tab("Draft", id="draft"):
            with gr.Row():
                draft_area = gr.Dropdown([], label="Local area", elem_id="draft-area")
                draft_priority = gr.Dropdown(
                    [], label="Priority", elem_id="draft-priority", scale=3
                )
                draft_as_of = gr.Textbox(
                    label="Documents up to (optional)",
                    placeholder="e.g. May 2022",
                    elem_id="draft-as-of",
                )
                draft_button = gr.Button(
                    "Draft sections", variant="primary", elem_id="draft-button"
                )
            draft_status = gr.HTML(NO_DRAFT, elem_id="draft-status")
            draft_edits = gr.HTML("", elem_id="draft-edits")
            draft_editing = gr.State(None)  # an EditedDraft: the draft and the adviser's lines
            draft_layout = gr.State("")  # changes when lines are added, moved or deleted
            draft_confirm = gr.State("")  # the draft request a re-draft warning awaits
            draft_citations = gr.State([])
            with gr.Row():
                with gr.Column(scale=3):
                    with gr.Column(elem_id="draft-editor"):

                        @gr.render(
                            inputs=draft_editing,
                            # Not on page load too: that holds a connection open per
                            # page, and a seventh tab would wait (see App).
                            triggers=[draft_layout.change],
                            show_progress="hidden",
                            **EDIT,
                        )
                        def draft_lines(editing: EditedDraft | None) -> None:
                            if editing is None:
                                return
                            wiring = {
                                "editing": draft_editing,
                                "layout": draft_layout,
                                "passage": draft_passage,
                                "downloads": [draft_docx, draft_md, draft_edits, draft_sources],
                            }
                            for section in NOTE_SECTIONS:
                                _editor_section(handlers, editing, section, wiring)

                    with gr.Row():
                        draft_docx = gr.DownloadButton(
                            "Download .docx", interactive=False, elem_id="draft-docx"
                        )
                        draft_md = gr.DownloadButton(
                            "Download Markdown", interactive=False, elem_id="draft-md"
                        )
                    draft_sources = cited_html("draft-sources")
                with gr.Column(scale=2, elem_classes="wsoa-sticky"):
                    draft_passage = passage_panel("draft-passage")
            with gr.Accordion("Whole note (every priority)", open=False):
                with gr.Row():
                    note_area = gr.Dropdown([], label="Local area", elem_id="note-area")
                    note_as_of = gr.Textbox(
                        label="Documents up to (optional)", placeholder="e.g. May 2022"
                    )
                    note_button = gr.Button("Draft whole note", elem_id="note-button")
                with gr.Row():
                    note_docx = gr.DownloadButton(
                        "Download note .docx", interactive=False, elem_id="note-docx"
                    )
                    note_md = gr.DownloadButton(
                        "Download note Markdown", interactive=False, elem_id="note-md"
                    )
                note_preview = gr.Markdown(elem_id="note-preview")

        with gr.Tab("Compare", id="compare"):
            with gr.Row():
                theme = gr.Dropdown(
                    THEME_CHOICES,
                    value=THEME_CHOICES[0][1],
                    label="Theme (choose, or type one in words: 'SALT waits')",
                    elem_id="compare-theme",
                    allow_custom_value=True,
                    scale=2,
                )
                compare_areas = gr.Dropdown(
                    [], multiselect=True, label="Local areas", elem_id="compare-areas", scale=2
                )
                compare_on_theme = gr.Button(
                    "Areas with a priority on this theme", elem_id="compare-on-theme", scale=1
                )
                compare_button = gr.Button("Compare", variant="primary", elem_id="compare-button")
            with gr.Row():
                compare_docx = gr.DownloadButton(
                    "Download .docx", interactive=False, elem_id="compare-docx"
                )
                compare_md = gr.DownloadButton(
                    "Download Markdown", interactive=False, elem_id="compare-md"
                )
            with gr.Row():
                with gr.Column(scale=3):
                    comparison = cited_html("comparison")
                with gr.Column(scale=1, elem_classes="wsoa-sticky"):
                    compare_passage = passage_panel("compare-passage")
            compare_citations = gr.State([])

        with gr.Tab("Evidence gaps", id="gaps"):
            with gr.Row():
                gaps_area = gr.Dropdown([], label="Local area", elem_id="gaps-area")
                gaps_button = gr.Button("Find gaps", variant="primary", elem_id="gaps-button")
            with gr.Row():
                with gr.Column(scale=3):
                    gaps_report = cited_html("gaps")
                with gr.Column(scale=2, elem_classes="wsoa-sticky"):
                    gaps_passage = passage_panel("gaps-passage")
            gaps_citations = gr.State([])

        with gr.Tab("Library", id="library"):
            table = gr.Dataframe(
                headers=TABLE_HEADERS,
                interactive=False,
                wrap=True,
                # In pixels, so a phone scrolls the table sideways instead of stacking letters.
                column_widths=[
                    "250px",
                    "120px",
                    "130px",
                    "100px",
                    "90px",
                    "90px",
                    "160px",
                    "250px",
                ],
                elem_id="library-table",
            )
            gr.Markdown("### Add a document")
            with gr.Row():
                upload = gr.File(
                    label="PDF, DOCX, TXT or MD",
                    file_count="single",
                    file_types=[".pdf", ".docx", ".txt", ".md"],
                    elem_id="library-upload",
                    scale=2,
                )
                with gr.Column(scale=3):
                    upload_message = gr.HTML(NO_FILE, elem_id="upload-message")
                    with gr.Row():
                        upload_area = gr.Textbox(label="Local area", elem_id="upload-area")
                        upload_type = gr.Dropdown(
                            DOC_TYPE_CHOICES,
                            value=None,
                            label="Document type",
                            elem_id="upload-type",
                        )
                        upload_date = gr.Textbox(
                            label="Date", placeholder="e.g. May 2022", elem_id="upload-date"
                        )
                    upload_title = gr.Textbox(label="Title", elem_id="upload-title")
                    add_button = gr.Button(
                        ADD_LABEL, variant="primary", interactive=False, elem_id="add-button"
                    )
                    replace_pending = gr.State(None)  # the upload a "Replace" click confirms
            gr.Markdown("### Delete a document")
            with gr.Row():
                delete_choice = gr.Dropdown([], label="Document", elem_id="delete-choice", scale=3)
                delete_button = gr.Button(DELETE_LABEL, variant="stop", elem_id="delete-button")
            delete_pending = gr.State(None)  # the document a "Confirm delete" click removes
            library_message = gr.HTML("", elem_id="library-message")

        with gr.Tab("Status", id="status"):
            status = gr.Markdown(elem_id="status")
            with gr.Row():
                status_button = gr.Button("Refresh", size="sm", scale=0, min_width=120)

        # -- wiring ---------------------------------------------------------------------
        area_outputs = [
            my_area,
            ask_area,
            draft_area,
            draft_priority,
            note_area,
            compare_areas,
            gaps_area,
            status,
        ]
        # Page loads mostly wait for the first index build: they take no work slot.
        demo.load(
            handlers.startup,
            inputs=remembered,
            outputs=[banner, *area_outputs],
            show_progress_on=banner,
            concurrency_limit=None,
        )
        demo.load(library.refresh, outputs=[table, delete_choice], concurrency_limit=None)

        ask_inputs = [question, ask_area, ask_type, ask_from, ask_to]
        ask_outputs = [answer, ask_citations, ask_passage]
        ask_button.click(handlers.ask, ask_inputs, ask_outputs, api_name="ask", **ASK)
        question.submit(handlers.ask, ask_inputs, ask_outputs, api_visibility="undocumented", **ASK)
        for panel, citations, passage in (
            (answer, ask_citations, ask_passage),
            (draft_sources, draft_citations, draft_passage),
            (comparison, compare_citations, compare_passage),
            (gaps_report, gaps_citations, gaps_passage),
        ):
            panel.click(
                handlers.citation_clicked, citations, passage, show_progress="hidden", **QUICK
            )

        my_area.input(  # a person's choice, not the list filled at start-up
            handlers.my_area_chosen,
            [my_area, remembered],
            [ask_area, draft_area, note_area, gaps_area, remembered],
            show_progress="hidden",
            **QUICK,
        )
        draft_area.change(handlers.priority_choices, draft_area, draft_priority, **QUICK)
        for choice in (draft_area, draft_priority):
            choice.change(
                handlers.draft_choice_changed,
                [draft_editing, draft_area, draft_priority],
                draft_status,
                show_progress="hidden",
                **QUICK,
            )
        draft_button.click(
            handlers.draft,
            [draft_area, draft_priority, draft_as_of, draft_editing, draft_confirm],
            [
                draft_status,
                draft_sources,
                draft_editing,
                draft_layout,
                draft_citations,
                draft_docx,
                draft_md,
                draft_confirm,
                draft_edits,
            ],
            api_name="draft",
            **LONG,
        )
        note_button.click(
            handlers.note, [note_area, note_as_of], [note_preview, note_docx, note_md], **LONG
        )

        compare_on_theme.click(handlers.areas_on_theme, theme, compare_areas, **QUICK)
        compare_areas.change(
            handlers.compare_set_chosen,
            [compare_areas, remembered],
            remembered,
            show_progress="hidden",
            **QUICK,
        )
        compare_button.click(
            handlers.compare,
            [theme, compare_areas],
            [comparison, compare_citations, compare_passage, compare_docx, compare_md],
            api_name="compare",
            **LONG,
        )
        gaps_button.click(
            handlers.gaps,
            gaps_area,
            [gaps_report, gaps_citations, gaps_passage],
            api_name="gaps",
            **LONG,
        )

        preview_outputs = [
            upload_message,
            upload_area,
            upload_type,
            upload_date,
            upload_title,
            add_button,
            replace_pending,
        ]
        upload.change(library.preview, upload, preview_outputs, **QUICK)
        # Removing the file clears what was said about it (a failed upload's message too).
        upload.clear(lambda: library.preview(None), None, preview_outputs, **QUICK)
        add_button.click(
            library.add,
            [upload, upload_area, upload_type, upload_date, upload_title, replace_pending],
            [upload_message, table, delete_choice, add_button, replace_pending],
            **LONG,
        ).then(handlers.refresh_areas, outputs=[banner, *area_outputs], **QUICK)
        delete_choice.input(  # a person's choice, not the list refreshed after a delete
            library.delete_choice_changed,
            delete_choice,
            [library_message, delete_button, delete_pending],
            **QUICK,
        )
        delete_button.click(
            library.delete,
            [delete_choice, delete_pending],
            [library_message, table, delete_choice, delete_button, delete_pending],
            **QUICK,
        ).then(handlers.refresh_areas, outputs=[banner, *area_outputs], **QUICK)
        status_button.click(handlers.status, outputs=status, **QUICK)
        gr.api(handlers.search, api_name="search", **QUICK)
    return demo


def parse_auth(auth: str) -> tuple[str, str] | None:
    """``"user:password"`` -> ``("user", "password")``; ``""`` -> no login."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ValueError("WSOA_AUTH must look like user:password")
    return user, password


def theme() -> Any:
    """The default theme with system fonts, so the page loads no web fonts."""
    return gr.themes.Default(
        font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]
    ).set(
        # White on orange-700 is 5.2:1 (the default orange-500 is 2.8:1, under WCAG AA).
        button_primary_background_fill="#c2410c",
        button_primary_background_fill_hover="#9a3412",
        button_primary_text_color="#ffffff",
    )


def queue(demo: gr.Blocks) -> gr.Blocks:
    """Long work in a small pool, quick look-ups in their own (see ``QUICK``)."""
    return demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)


def server_app(demo: gr.Blocks, auth: str = "", ui: UISettings | None = None) -> Any:
    """The queued app mounted on a FastAPI server behind :class:`ui.security.Guard`.

    The guard wraps everything (Gradio's routes and its CORS layer), so no route is
    served to a foreign ``Host`` without a login, or to anyone not signed in with one.
    """
    from fastapi import FastAPI
    from starlette.routing import Mount

    from ui.security import Guard, LoginThrottle, gradio_login

    ui = ui or UISettings()
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    credentials = parse_auth(auth)
    gr.mount_gradio_app(
        server,
        queue(demo),
        path="/",
        auth=credentials,
        auth_message="Sign in with the user name and password set in WSOA_AUTH.",
        show_error=False,
        ssr_mode=False,
        footer_links=[],
        theme=theme(),
        css=CSS,
        head=NO_HEARTBEAT_HEAD,
    )
    mounted = next(r.app for r in server.routes if isinstance(r, Mount) and r.path == "")
    server.add_middleware(
        Guard,
        signed_in=gradio_login(mounted) if credentials else None,
        max_body_bytes=int(ui.max_upload_mb * 1024 * 1024),
        throttle=LoginThrottle(ui.login_free_attempts, ui.login_max_wait_seconds),
    )
    return server


def serve(
    assistant: Assistant, ui: UISettings, host: str | None = None, port: int | None = None
) -> None:
    """Build the app and serve it (never a share link); see :mod:`ui.security`."""
    import uvicorn

    from ui.security import check_exposure

    host = host or ui.host
    check_exposure(host, ui.auth)
    app = server_app(build_app(assistant), ui.auth, ui)
    uvicorn.run(app, host=host, port=port or ui.port, log_level="warning")


__all__ = ["build_app", "parse_auth", "queue", "serve", "server_app"]
