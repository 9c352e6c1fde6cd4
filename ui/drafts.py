"""Draft files: a draft, comparison or whole note written as .docx and Markdown.

The editable form of a draft is ``ui.draft_editor``; this module numbers a draft's
citations as the editor shows them and writes the downloads.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from assistant.grounding.note import Note
from assistant.grounding.priority_evidence import NOTE_SECTIONS
from assistant.grounding.records import Comparison, Draft, Sentence
from assistant.render.docx import comparison_docx, draft_docx
from assistant.render.markdown import comparison_markdown, draft_markdown, numbering
from assistant.render.note import note_docx, note_markdown


def all_sentences(draft: Draft) -> list[Sentence]:
    return [s for key in NOTE_SECTIONS for s in getattr(draft.sections, key)]


def draft_numbers(draft: Draft) -> dict[str, int]:
    """Citation numbers over every sentence shown in the editor (flagged ones too)."""
    return numbering(all_sentences(draft))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "area"


def _write(name: str, data: bytes | str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="wsoa-"))
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def draft_files(draft: Draft) -> tuple[str, str]:
    """The draft as a .docx and a Markdown file; returns their paths."""
    stem = f"draft-{_slug(draft.local_area)}-priority-{draft.priority}"
    return _write(f"{stem}.docx", draft_docx(draft)), _write(f"{stem}.md", draft_markdown(draft))


def comparison_files(comparison: Comparison) -> tuple[str, str]:
    """A comparison as a .docx and a Markdown file; returns their paths."""
    stem = f"compare-{_slug(comparison.theme)}"
    return (
        _write(f"{stem}.docx", comparison_docx(comparison)),
        _write(f"{stem}.md", comparison_markdown(comparison)),
    )


def note_files(note: Note) -> tuple[str, str]:
    """The whole note as a .docx and a Markdown file; returns their paths."""
    stem = f"note-{_slug(note.local_area)}"
    return _write(f"{stem}.docx", note_docx(note)), _write(f"{stem}.md", note_markdown(note))
