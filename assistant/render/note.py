"""Pure functions: a whole review-meeting note -> Markdown and .docx an adviser can send.

One numbering across the note: a source gets its number where the note first cites
it, and keeps it. The sources follow as a numbered endnote list with document,
date, real page and the first words of the quote (a verbatim prefix of the cited
span). The assistant's notes to its user (``Sentence.exportable`` False: "the
wording could not be checked", "3 further passages") never reach either file;
the app's preview may show them.
"""

from __future__ import annotations

from typing import Any

from assistant.grounding.note import Note
from assistant.grounding.priority_evidence import SECTION_TITLES
from assistant.grounding.records import Draft, Sentence, SentenceKind
from assistant.render.docx import new_document, sentence_paragraph, to_bytes
from assistant.render.markdown import (
    QUOTE_WORDS,
    exported,
    numbering,
    sentence_markdown,
    source_line,
    untrusted_warnings,
    visible,
)

TITLE = "Note of WSoA review meeting"
GENERAL_UPDATE = "General update on progress or areas of significant impact"
TIMESCALE = "WSoA actions/timescale check"
AGREED = "Agreed actions/support following this meeting"
CONCLUSION = "Conclusion and summary information"
SOURCES = "Sources"


def _shown(sentences: list[Sentence], keep_unsupported: bool, preview: bool) -> list[Sentence]:
    return (
        visible(sentences, keep_unsupported) if preview else exported(sentences, keep_unsupported)
    )


def note_parts(
    note: Note, keep_unsupported: bool = False, preview: bool = False
) -> list[tuple[str, int, list[Sentence]]]:
    """(heading, level, sentences) in reading order: the one order both formats number in."""
    parts: list[tuple[str, int, list[Sentence]]] = [(GENERAL_UPDATE, 1, note.general_update)]
    parts.append((TIMESCALE, 1, note.timescale.sentences))
    for draft in note.drafts:
        parts.append((priority_heading(draft), 1, []))
        for name, title in SECTION_TITLES.items():
            parts.append((title, 2, getattr(draft.sections, name)))
    return [(h, level, _shown(ss, keep_unsupported, preview)) for h, level, ss in parts]


def priority_heading(draft: Draft) -> str:
    return f"Priority {draft.priority}. {draft.priority_title}".rstrip(". ")


def note_numbers(note: Note, keep_unsupported: bool = False) -> dict[str, int]:
    """Key -> number across the whole note, in order of first use (agreed actions last)."""
    sentences = [s for _, _, ss in note_parts(note, keep_unsupported) for s in ss]
    sentences += [a.action for a in note.agreed_actions if a.action is not None]
    return numbering(exported(sentences, keep_unsupported))


def source_lines(note: Note, numbers: dict[str, int]) -> list[tuple[int, str]]:
    """(number, line) in number order: a document's first source in full, later ones short.

    The usual endnote convention ("Review note (2022-05), p. 3") keeps each line to
    about one line of print; the full titles are also in the header table.
    """
    by_key = {c.key: c for c in note.citations}
    seen: set[str] = set()
    lines = []
    for key, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        c = by_key[key]
        lines.append((number, source_line(c, words=QUOTE_WORDS, short=c.doc_id in seen)))
        seen.add(c.doc_id)
    return lines


def _refs(sentence: Sentence, numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[k]}]" for k in sentence.citations if k in numbers)


def note_markdown(note: Note, keep_unsupported: bool = False, preview: bool = False) -> str:
    """The note as Markdown; ``preview`` also shows the assistant's notes to its user."""
    numbers = note_numbers(note, keep_unsupported)
    lines = [f"# {TITLE}: {note.local_area}", "", "| | |", "|---|---|"]
    lines += [f"| **{k}** | {v} |" for k, v in note.header.items()]
    lines += [f"| **Documents drawn from** | {'; '.join(note.drawn_from) or '—'} |", ""]
    for heading, level, sentences in note_parts(note, keep_unsupported, preview):
        lines += [f"{'#' * (level + 1)} {heading}", ""]
        for s in sentences:
            claim = s.kind == SentenceKind.claim
            lines.append(("- " if claim else "") + sentence_markdown(s, numbers))
        if sentences:
            lines.append("")
    lines += [f"## {AGREED}", "", "| Action | Who | When |", "|---|---|---|"]
    for row in note.agreed_actions:
        action = sentence_markdown(row.action, numbers) if row.action else ""
        lines.append(f"| {action} | {row.who} | {row.when} |")
    lines += ["", f"## {CONCLUSION}", ""]
    lines += [sentence_markdown(s, numbers) for s in note.conclusion] + [""]
    if numbers:
        lines += [f"## {SOURCES}", ""]
        lines += [f"**{w}**" for w in untrusted_warnings(note.citations, numbers)]
        lines += [f"{n}. {line}" for n, line in source_lines(note, numbers)]
    return "\n".join(lines).rstrip() + "\n"


def _a4(document: Any) -> None:
    """A4 with normal (2.54 cm) margins and Arial 10 pt, as a DfE note is printed.

    Arial is named because Word's default (Calibri) is not on every machine and its
    stand-ins are wider: the page count must not depend on where the file is opened.
    """
    from docx.shared import Cm, Pt

    for name in ("Normal", "List Bullet", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = "Arial"
        if name in ("Normal", "List Bullet"):
            style.font.size = Pt(10)
            style.paragraph_format.space_after = Pt(2)
        else:
            style.paragraph_format.space_before = Pt(10)
            style.paragraph_format.space_after = Pt(3)
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.54))


def _table(document: Any, rows: list[tuple[str, ...]], header: tuple[str, ...] = ()) -> Any:
    table = document.add_table(rows=0, cols=len(header) or 2)
    table.style = "Table Grid"
    if header:
        for cell, label in zip(table.add_row().cells, header, strict=True):
            cell.paragraphs[0].add_run(label).bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].paragraphs[0].add_run(value).bold = not header and i == 0
    return table


def note_docx(note: Note, keep_unsupported: bool = False) -> bytes:
    """The note as a .docx: header table, sections, agreed-actions table, numbered sources."""
    from docx.shared import Cm, Pt

    document = new_document()
    _a4(document)
    numbers = note_numbers(note, keep_unsupported)
    document.add_heading(f"{TITLE}: {note.local_area}", level=1)
    header: list[tuple[str, ...]] = list(note.header.items())
    header.append(("Documents drawn from", "\n".join(note.drawn_from) or "—"))
    for row in _table(document, header).rows:
        for cell, width in zip(row.cells, (Cm(4.5), Cm(11.5)), strict=True):
            cell.width = width
    for heading, level, sentences in note_parts(note, keep_unsupported):
        document.add_heading(heading, level=level + 1)
        for s in sentences:
            sentence_paragraph(document, s, numbers)
    document.add_heading(AGREED, level=2)
    table = _table(
        document,
        [("", row.who, row.when) for row in note.agreed_actions],
        header=("Action", "Who", "When"),
    )
    for row in table.rows:  # the action needs the room; who and when are short
        for cell, width in zip(row.cells, (Cm(10.0), Cm(3.5), Cm(2.5)), strict=True):
            cell.width = width
    for row, cells in zip(note.agreed_actions, table.rows[1:], strict=True):
        if row.action is not None:
            paragraph = cells.cells[0].paragraphs[0]
            paragraph.add_run(row.action.text)
            refs = _refs(row.action, numbers)
            if refs:
                paragraph.add_run(" " + refs)
    document.add_heading(CONCLUSION, level=2)
    for s in note.conclusion:
        document.add_paragraph(s.text)
    if numbers:
        document.add_heading(SOURCES, level=2)
        for warning in untrusted_warnings(note.citations, numbers):
            document.add_paragraph().add_run(warning).bold = True
        for number, line in source_lines(note, numbers):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(f"[{number}] {line}").font.size = Pt(8)
    return to_bytes(document)
