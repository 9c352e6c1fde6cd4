"""The thin functions Gradio calls for the Library tab: list, upload with metadata, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.corpus.manifest import MetadataOverrides, normalise_doc_type
from assistant.corpus.originals import file_hash
from assistant.domain.injection import document_warning
from assistant.errors import AssistantError
from assistant.records import DocType, DocumentInfo, IngestStatus
from assistant.render import html
from assistant.render.html import doc_type_label
from ui.errors import friendly, user_message
from ui.indexing import IndexBuilder

TABLE_HEADERS = ["Title", "Local area", "Type", "Date", "Pages", "Passages", "Warning", "Id"]
DOC_TYPE_CHOICES = [(doc_type_label(t), t.value) for t in DocType]
NO_FILE = html.message_html("Choose a PDF, Word (.docx), text or Markdown file.")
ADD_LABEL, REPLACE_LABEL = "Add to library", "Replace"
DELETE_LABEL, CONFIRM_DELETE_LABEL = "Delete", "Confirm delete"


def _button(label: str, interactive: bool = True) -> dict[str, Any]:
    return gr.update(value=label, interactive=interactive)


class LibraryHandlers:
    """List, add and delete documents; every change refreshes the table and the id list."""

    def __init__(self, builder: IndexBuilder) -> None:
        self.builder = builder
        self.assistant = builder.assistant

    def rows(self) -> list[list[Any]]:
        """The document table, one row per stored document."""
        return [
            [
                d.title,
                d.local_area,
                doc_type_label(d.doc_type),
                d.date or "undated",
                d.pages or "unknown",  # a text without page numbers
                d.chunks,
                document_warning(d.injections),  # text addressed to an AI assistant
                d.doc_id,
            ]
            for d in self.assistant.documents()
        ]

    def doc_choices(self) -> dict[str, Any]:
        choices = [(f"{d.title} ({d.doc_id})", d.doc_id) for d in self.assistant.documents()]
        return gr.update(choices=choices, value=None)

    def already_indexed(self, digest: str) -> DocumentInfo | None:
        """The stored document made from a file with exactly these bytes (sha256), if any."""
        return next((d for d in self.assistant.documents() if d.content_hash == digest), None)

    def would_replace(
        self, path: Path, digest: str, doc_id: str | None = None
    ) -> DocumentInfo | None:
        """The stored document an upload would replace (same id, other content), if any."""
        doc_id = doc_id or self.assistant.preview(path).doc_id
        stored = self.assistant.document_info(doc_id)
        if stored is None or stored.content_hash == digest:
            return None  # new, or the same file again (only its metadata may change)
        return stored

    @staticmethod
    def replace_warning(stored: DocumentInfo, name: str) -> str:
        return (
            f"This would replace “{stored.title}” ({stored.doc_id}, {stored.chunks} passages) "
            f"with {name}."
        )

    @friendly
    def refresh(self, progress: gr.Progress = gr.Progress()) -> tuple[Any, Any]:  # noqa: B008
        """Table rows and the delete list, once the index is ready."""
        self.builder.wait(
            lambda s: progress((s.done, s.total or None), desc=s.describe(), unit="files")
        )
        return self.rows(), self.doc_choices()

    def preview(self, path: str | None) -> tuple[Any, ...]:
        """Detected metadata for an uploaded file, to be checked and edited before adding.

        A file that cannot be read gets a plain message here (not an error pop-up) and
        the Add button stays disabled.
        """
        if not path:
            return NO_FILE, "", None, "", "", _button(ADD_LABEL, False), None
        try:
            digest = file_hash(Path(path))  # read once: an upload may be 50 MB
            same = self.already_indexed(digest)
            if same is not None:  # re-uploading an indexed file changes nothing
                message = html.message_html(
                    f"This file is already in the library as “{same.title}” ({same.doc_id}): "
                    "nothing to add.",
                    "info",
                )
                return (
                    message,
                    same.local_area,
                    same.doc_type.value,
                    same.date,
                    same.title,
                    _button(ADD_LABEL, False),
                    None,
                )
            meta = self.assistant.preview(Path(path))
            stored = self.would_replace(Path(path), digest, meta.doc_id)
        except (AssistantError, ValueError) as error:
            message = html.message_html(
                f"This file cannot be added. {user_message(error)}", "error"
            )
            return message, "", None, "", "", _button(ADD_LABEL, False), None
        found = f"Detected from {meta.source}: check the area, type and date, then add it."
        if stored is not None:
            # A new version of a curated document keeps its curated metadata unless edited.
            found = (
                f"{self.replace_warning(stored, Path(path).name)} Its title, area, type and "
                "date are kept unless you change them here."
            )
            meta = stored
        return (
            html.message_html(found, "info"),
            meta.local_area,
            meta.doc_type.value,
            meta.date,
            meta.title,
            _button(ADD_LABEL),
            None,
        )

    @friendly
    def add(
        self,
        path: str | None,
        local_area: str,
        doc_type: str | None,
        date: str,
        title: str,
        confirmed: str | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, ...]:
        """Ingest the uploaded file with the metadata as edited, showing progress.

        A file that would replace a different stored document with the same id is
        not ingested on the first click: the message names what would be replaced
        and the button becomes "Replace"; ``confirmed`` (the state that click set)
        lets the second click go ahead.
        """
        if not path:
            raise AssistantError("Choose a file to add first.")
        digest = file_hash(Path(path))
        if (same := self.already_indexed(digest)) is not None:
            message = html.message_html(
                f"{Path(path).name} is already in the library as “{same.title}” "
                f"({same.doc_id}): nothing was changed.",
                "info",
            )
            return message, gr.skip(), gr.skip(), _button(ADD_LABEL, False), None
        stored = self.would_replace(Path(path), digest)
        if stored is not None and confirmed != path:
            warning = self.replace_warning(stored, Path(path).name)
            message = html.message_html(f"{warning} Press {REPLACE_LABEL} to confirm.", "error")
            return message, gr.skip(), gr.skip(), _button(REPLACE_LABEL), path
        overrides = MetadataOverrides(
            local_area=local_area,
            doc_type=normalise_doc_type(doc_type) if doc_type else None,
            date=date,
            title=title,
        )
        self.builder.wait()
        progress(0.1, desc=f"Reading {Path(path).name}…")
        outcomes = self.assistant.ingest(
            [Path(path)],
            overrides,
            lambda done, total, name: progress((done, total), desc=f"Indexing {name}…"),
        )
        progress(1.0, desc="Done")
        outcome = outcomes[0] if outcomes else None
        name = Path(path).name
        if outcome is None or outcome.status == IngestStatus.failed:
            reason = outcome.reason.replace(str(path), name) if outcome else "nothing was read"
            message = html.message_html(f"{name} was not added. {reason}", "error")
        elif outcome.status == IngestStatus.unchanged:
            message = html.message_html(f"{name} is already in the library, unchanged.", "info")
        else:
            verb = "Replaced" if outcome.status == IngestStatus.replaced else "Added"
            message = html.message_html(
                f"{verb} {outcome.doc_id}: {outcome.chunks} passages indexed.", "ok"
            ) + self.warning_html(outcome.doc_id)
        return message, self.rows(), self.doc_choices(), _button(ADD_LABEL), None

    def warning_html(self, doc_id: str) -> str:
        """A warning box when the document holds text addressed to an AI assistant."""
        found = self.assistant.document_info(doc_id)
        warning = document_warning(found.injections) if found else ""
        return html.message_html(f"{doc_id}: {warning}", "error") if warning else ""

    @friendly
    def delete(self, doc_id: str | None, confirmed: str | None = None) -> tuple[Any, ...]:
        """Remove a document and its passages, on the second click (``confirmed``)."""
        if not doc_id:
            raise AssistantError("Choose a document to delete first.")
        if confirmed != doc_id:
            stored = self.assistant.document_info(doc_id)
            if stored is None:
                raise AssistantError(f"{doc_id} is not in the library (already deleted?).")
            message = html.message_html(
                f"Delete “{stored.title}” ({doc_id}, {stored.chunks} passages)? "
                f"Press {CONFIRM_DELETE_LABEL} to remove it from the index.",
                "error",
            )
            return message, gr.skip(), gr.skip(), _button(CONFIRM_DELETE_LABEL), doc_id
        self.assistant.delete(doc_id)
        message = html.message_html(f"Deleted {doc_id}.", "ok")
        return message, self.rows(), self.doc_choices(), _button(DELETE_LABEL), None

    @staticmethod
    def delete_choice_changed(doc_id: str | None) -> tuple[Any, ...]:
        """A new choice needs its own confirmation: reset the button and the pending delete."""
        return "", _button(DELETE_LABEL), None
