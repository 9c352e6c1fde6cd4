"""Pure functions: drafts and comparisons -> .docx bytes an adviser can paste from.

Headings, bullet points with numbered citations, and a numbered source list
giving document, page and the exact quote. Unsupported sentences are left out
unless ``keep_unsupported``.
"""

from __future__ import annotations

import io
from typing import Any

from assistant.grounding.priority_evidence import SECTION_TITLES
from assistant.grounding.records import Citation, Comparison, Draft, Sentence, SentenceKind
from assistant.grounding.render_evidence import clean
from assistant.records import cite_page
from assistant.render.markdown import (
    OBSERVATION_MARK,
    UNSUPPORTED_MARK,
    exported,
    numbering,
    untrusted_warnings,
)


def new_document() -> Any:
    from docx import Document

    return Document()


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sentence_paragraph(document: Any, sentence: Sentence, numbers: dict[str, int]) -> None:
    if sentence.kind == SentenceKind.notice:
        document.add_paragraph().add_run(sentence.text).italic = True
        return
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(sentence.text)
    if sentence.kind == SentenceKind.observation:
        paragraph.add_run(f" ({OBSERVATION_MARK})").italic = True
        return
    if not sentence.supported:
        paragraph.add_run(f" ({UNSUPPORTED_MARK})").bold = True
    refs = "".join(f"[{numbers[k]}]" for k in sentence.citations if k in numbers)
    if refs:
        paragraph.add_run(" " + refs)


def _sources(document: Any, citations: list[Citation], numbers: dict[str, int]) -> None:
    if not numbers:
        return
    for warning in untrusted_warnings(citations, numbers):
        document.add_paragraph().add_run(warning).bold = True
    document.add_heading("Sources", level=2)
    by_key = {c.key: c for c in citations}
    for key, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        c = by_key[key]
        paragraph = document.add_paragraph()
        paragraph.add_run(
            f"[{number}] {c.title}, {c.local_area}, {c.date}, {cite_page(c.page_label, c.page)}: "
        )
        # Shown as a reader sees it (no bullet marks, asterisks or layout tags; cells joined);
        # the exact span is the citation's document and offsets.
        paragraph.add_run("“" + clean(c.quote) + "”").italic = True


def _add_draft(document: Any, draft: Draft, keep_unsupported: bool, level: int) -> None:
    sections = {
        "progress": exported(draft.sections.progress, keep_unsupported),
        "impact": exported(draft.sections.impact, keep_unsupported),
        "next_steps": exported(draft.sections.next_steps, keep_unsupported),
    }
    numbers = numbering(s for ss in sections.values() for s in ss)
    document.add_heading(
        f"{draft.local_area}: priority {draft.priority}. {draft.priority_title}", level=level
    )
    for key, title in SECTION_TITLES.items():
        document.add_heading(title, level=level + 1)
        for sentence in sections[key]:
            sentence_paragraph(document, sentence, numbers)
    _sources(document, draft.citations, numbers)


def draft_docx(draft: Draft, keep_unsupported: bool = False) -> bytes:
    """One priority's three sections as a .docx file."""
    document = new_document()
    _add_draft(document, draft, keep_unsupported, level=1)
    return to_bytes(document)


def comparison_docx(comparison: Comparison) -> bytes:
    """A comparison as a .docx: per area its priorities on the theme and three cited lists."""
    document = new_document()
    document.add_heading(f"Comparing areas: {comparison.theme_title}", level=0)
    if comparison.theme_note:
        document.add_paragraph().add_run(comparison.theme_note).italic = True
    rows = comparison.rows
    numbers = numbering(s for r in rows for s in r.actions + r.evidence + r.next_steps)
    for row in rows:
        document.add_heading(row.local_area, level=1)
        mapped = "; ".join(f"priority {p.number}: {p.title}" for p in row.priorities) or "none"
        document.add_paragraph().add_run(f"Priorities on this theme: {mapped}").italic = True
        for title, cell in (
            ("Key actions", row.actions),
            (SECTION_TITLES["impact"], row.evidence),
            ("Next steps", row.next_steps),
        ):
            document.add_heading(title, level=2)
            for sentence in exported(cell):
                sentence_paragraph(document, sentence, numbers)
    _sources(document, comparison.citations, numbers)
    return to_bytes(document)
