"""Editable draft sections: records -> text boxes, edited text boxes -> records -> files.

Each section is shown as one line per sentence (``- sentence [1][2]``) so an
adviser can edit it. Unchanged lines keep their checked sentence; edited or new
lines are the adviser's own wording and are kept in the downloads. A line still
carrying the "⚠ unsupported" mark stays flagged and is left out of the downloads,
as in ``wsoa draft``; deleting the mark keeps it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from assistant.grounding.draft import NoteSkeleton
from assistant.grounding.priority_evidence import NOTE_SECTIONS, NoteSection
from assistant.grounding.records import Draft, DraftSections, Sentence, SentenceKind
from assistant.render.docx import draft_docx, note_docx
from assistant.render.markdown import (
    UNSUPPORTED_MARK,
    draft_markdown,
    note_markdown,
    numbering,
    sentence_markdown,
)

_TRAILING_REFS = re.compile(r"((?:\s*\[\d+\])+)\s*$")
_REF = re.compile(r"\[(\d+)\]")


def all_sentences(draft: Draft) -> list[Sentence]:
    return [s for key in NOTE_SECTIONS for s in getattr(draft.sections, key)]


def draft_numbers(draft: Draft) -> dict[str, int]:
    """Citation numbers over every sentence shown in the editor (flagged ones too)."""
    return numbering(all_sentences(draft))


def line_for(sentence: Sentence, numbers: dict[str, int]) -> str:
    text = sentence_markdown(sentence, numbers)
    return text if sentence.kind == SentenceKind.notice else f"- {text}"


def section_text(draft: Draft, section: NoteSection) -> str:
    """One section as editable lines."""
    numbers = draft_numbers(draft)
    return "\n".join(line_for(s, numbers) for s in getattr(draft.sections, section))


def parse_line(line: str, keys_by_number: dict[int, str]) -> Sentence:
    """An edited line as a sentence: trailing ``[n]`` refs become citation keys again."""
    text = line.strip()
    if text.startswith("*") and text.endswith("*") and len(text) > 1:
        return Sentence(text=text.strip("*").strip(), kind=SentenceKind.notice, supported=True)
    text = text.removeprefix("- ").removeprefix("• ").strip()
    keys: list[str] = []
    refs = _TRAILING_REFS.search(text)
    if refs:
        keys = [
            keys_by_number[int(n)] for n in _REF.findall(refs.group(1)) if int(n) in keys_by_number
        ]
        text = text[: refs.start()].strip()
    flagged = f"**({UNSUPPORTED_MARK})**"
    supported = flagged not in text
    text = text.replace(flagged, "").strip()
    return Sentence(text=text, citations=keys, supported=supported)


def apply_edits(draft: Draft, edited: dict[NoteSection, str]) -> Draft:
    """The draft as the adviser left it in the text boxes."""
    numbers = draft_numbers(draft)
    keys_by_number = {n: k for k, n in numbers.items()}
    sections: dict[str, list[Sentence]] = {}
    for section in NOTE_SECTIONS:
        original = {line_for(s, numbers): s for s in getattr(draft.sections, section)}
        lines = [ln for ln in edited.get(section, "").splitlines() if ln.strip()]
        sections[section] = [
            original.get(ln.strip()) or parse_line(ln, keys_by_number) for ln in lines
        ]
    return draft.model_copy(update={"sections": DraftSections(**sections)})


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


def note_files(note: NoteSkeleton) -> tuple[str, str]:
    """The whole note skeleton as a .docx and a Markdown file; returns their paths."""
    stem = f"note-{_slug(note.local_area)}"
    return _write(f"{stem}.docx", note_docx(note)), _write(f"{stem}.md", note_markdown(note))
