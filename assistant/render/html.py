"""Pure functions: grounded records -> HTML for the web app.

Everything from a document is escaped (document text may contain ``<`` and ``&``).
Citations are numbered in order of first use, as in :mod:`assistant.render.markdown`,
and rendered as ``<button class="wsoa-cite" data-cite="E3">`` elements: the app
listens for clicks on ``[data-cite]`` and shows :func:`passage_html` for that key.
Unsupported sentences are visibly marked; notices (the assistant's own framing)
are styled apart from claims.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

from assistant.domain.doc_types import doc_type_label
from assistant.grounding.priority_evidence import SECTION_TITLES
from assistant.grounding.records import (
    Answer,
    Citation,
    Comparison,
    GapReport,
    Sentence,
    SentenceKind,
)
from assistant.records import cite_page
from assistant.render.markdown import (
    OBSERVATION_MARK,
    UNSUPPORTED_MARK,
    numbering,
    untrusted_warnings,
)

#: Characters of document text shown either side of a cited passage.
PASSAGE_CONTEXT = 400
NOTHING = "Nothing in the documents."


def citation_button(key: str, number: int) -> str:
    """A clickable ``[n]`` for citation ``key``."""
    return (
        f'<button type="button" class="wsoa-cite" data-cite="{escape(key)}" '
        f'title="Show source {number}">[{number}]</button>'
    )


def sentence_html(sentence: Sentence, numbers: dict[str, int]) -> str:
    """One sentence: notices in their own style, unsupported claims flagged, then its links."""
    text = escape(sentence.text)
    if sentence.kind == SentenceKind.notice:
        return f'<span class="wsoa-notice">{text}</span>'
    refs = "".join(citation_button(k, numbers[k]) for k in sentence.citations if k in numbers)
    if not sentence.supported:
        body = (
            f'<span class="wsoa-unsupported" title="Not supported by the cited passages">'
            f'{text}</span> <span class="wsoa-flag">{escape(UNSUPPORTED_MARK)}</span>'
        )
    else:
        body = f'<span class="wsoa-claim">{text}</span>'
    return f"{body}{' ' + refs if refs else ''}"


#: The draft editor's buttons beside each line: (action, symbol, what it does).
LINE_TOOLS = (
    ("up", "↑", "Move line up"),
    ("down", "↓", "Move line down"),
    ("delete", "✕", "Delete line"),
)


def editor_line_html(
    sentence: Sentence, numbers: dict[str, int], drafted: bool, first: bool, last: bool
) -> str:
    """Beside one line of the draft editor: its citation pins, what the line is, and
    buttons to move or delete it (``[data-line-action]``, like the pins' ``[data-cite]``).

    ``drafted`` is False for a line the adviser wrote or changed."""
    refs = "".join(citation_button(k, numbers[k]) for k in sentence.citations if k in numbers)
    if not sentence.text.strip():
        tag = '<span class="wsoa-line-tag">type your line</span>'
    elif sentence.kind == SentenceKind.observation:
        tag = f'<span class="wsoa-line-tag">{escape(OBSERVATION_MARK)}</span>'
    elif sentence.kind == SentenceKind.notice:
        tag = '<span class="wsoa-line-tag">assistant\'s note</span>'
    elif not sentence.supported:
        left_out = "" if not drafted else ": left out of the downloads"
        tag = (
            f'<span class="wsoa-flag" title="Not supported by the passages it cites">'
            f"{escape(UNSUPPORTED_MARK)}{left_out}</span>"
        )
    else:
        tag = ""
    disabled = {"up": first, "down": last}
    tools = "".join(
        f'<button type="button" class="wsoa-line-tool" data-line-action="{action}" '
        f'aria-label="{label}" title="{label}"{" disabled" if disabled.get(action) else ""}>'
        f"{symbol}</button>"
        for action, symbol, label in LINE_TOOLS
    )
    pins = f"{refs}{' ' + tag if tag and refs else tag}"
    return (
        f'<div class="wsoa-line-side"><span class="wsoa-line-pins">{pins}</span>'
        f'<span class="wsoa-line-tools">{tools}</span></div>'
    )


def sources_html(
    citations: list[Citation], numbers: dict[str, int], collapsed: bool = False
) -> str:
    """The numbered source list; each entry opens its passage like the inline links.

    ``collapsed`` folds a long list away behind its heading (gaps, comparisons).
    """
    by_key = {c.key: c for c in citations}
    items = []
    for key, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        c = by_key.get(key)
        if c is None:
            continue
        quote = escape(" ".join(c.quote.split()))
        items.append(
            f'<li value="{number}">{citation_button(key, number)} '
            f'<span class="wsoa-source-title">{escape(c.title)}</span> '
            f'<span class="wsoa-meta">({escape(c.local_area)}, {escape(c.date)}, '
            f"{escape(cite_page(c.page_label, c.page))})</span>: <q>{quote}</q></li>"
        )
    if not items:
        return ""
    warnings = "".join(
        f'<div class="wsoa-message wsoa-error wsoa-untrusted">{escape(w)}</div>'
        for w in untrusted_warnings(citations, numbers)
    )  # outside the collapsed list: a warning must be seen
    listed = f'<ol class="wsoa-sources">{"".join(items)}</ol>'
    if collapsed:
        return (
            f'{warnings}<details class="wsoa-sources-box"><summary>Sources ({len(items)})'
            f"</summary>{listed}</details>"
        )
    return f"{warnings}<h4>Sources</h4>{listed}"


def _paragraphs(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    """Notices start new paragraphs; claims run on after them (as in the Markdown)."""
    paragraphs: list[list[str]] = []
    for s in sentences:
        if s.kind == SentenceKind.notice or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(sentence_html(s, numbers))
    return [f"<p>{' '.join(p)}</p>" for p in paragraphs]


def _listed(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    """Notices as paragraphs, the claims after each as one list, an item each."""
    parts: list[str] = []
    items: list[str] = []
    for s in sentences:
        if s.kind == SentenceKind.notice:
            if items:
                parts.append(f"<ul>{''.join(items)}</ul>")
                items = []
            parts.append(f"<p>{sentence_html(s, numbers)}</p>")
        else:
            items.append(f"<li>{sentence_html(s, numbers)}</li>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return parts


def answer_html(answer: Answer) -> str:
    """An answer with numbered citation links, flagged sentences and its sources."""
    numbers = numbering(answer.sentences)
    if answer.layout == "list":
        body = "".join(_listed(answer.sentences, numbers))
    else:
        body = "".join(_paragraphs(answer.sentences, numbers))
    backend = (
        f'<p class="wsoa-meta">Written with: {escape(answer.backend)}</p>' if answer.backend else ""
    )
    return (
        f'<div class="wsoa-answer">{body}{sources_html(answer.citations, numbers)}{backend}</div>'
    )


def streaming_html(text: str, label: str = "Writing…") -> str:
    """Text still being written, shown plainly until it has been checked."""
    return (
        f'<div class="wsoa-streaming"><p class="wsoa-meta">{escape(label)}</p>'
        f'<div class="wsoa-live">{escape(text)}</div></div>'
    )


def message_html(text: str, kind: str = "info") -> str:
    """A one-line message box (``info``, ``error`` or ``ok``)."""
    return f'<div class="wsoa-message wsoa-{escape(kind)}">{escape(text)}</div>'


def passage_html(
    citation: Citation, text: str, context: int = PASSAGE_CONTEXT, page_png: bytes | None = None
) -> str:
    """The cited span ``text[start:end]`` highlighted, with ``context`` characters either side.

    ``text`` is the document's canonical text, which citation spans point into.
    The header gives the document's title, area, type, date and page; ``page_png``, the
    PDF page itself with the quote marked, follows the text (folded, one click away).
    """
    start = max(0, min(citation.start, len(text)))
    end = max(start, min(citation.end, len(text)))
    before_from = _word_start(text, max(0, start - context), start)
    after_to = _word_end(text, min(len(text), end + context), end)
    lead = "…" if before_from > 0 else ""
    tail = "…" if after_to < len(text) else ""
    header = (
        '<div class="wsoa-passage-head"><button class="wsoa-passage-close" data-close '
        'aria-label="Close the passage" title="Close (Esc)">×</button>'
        f"<strong>{escape(citation.title)}</strong><br>"
        f'<span class="wsoa-meta">{escape(citation.local_area)} · '
        f"{escape(doc_type_label(citation.doc_type))} · {escape(citation.date or 'undated')} · "
        f"{escape(cite_page(citation.page_label, citation.page))}</span></div>"
    )
    return (
        f'<div class="wsoa-passage" data-key="{escape(citation.key)}">{header}'
        f'<div class="wsoa-passage-text">{lead}{escape(text[before_from:start])}'
        f'<mark class="wsoa-highlight">{escape(text[start:end])}</mark>'
        f"{escape(text[end:after_to])}{tail}</div>{_page_figure(citation, page_png)}</div>"
    )


def _page_figure(citation: Citation, page_png: bytes | None) -> str:
    if not page_png:
        return ""
    data = base64.b64encode(page_png).decode("ascii")
    alt = escape(f"Page {citation.page} of {citation.title}, the quoted passage marked")
    return (
        f'<details class="wsoa-page"><summary>See page {citation.page} of the PDF</summary>'
        f'<img src="data:image/png;base64,{data}" alt="{alt}"></details>'
    )


def _word_start(text: str, position: int, limit: int) -> int:
    """Move ``position`` forward to the start of a word, so context does not open mid-word."""
    if position == 0:
        return 0
    for i in range(position, limit):
        if text[i - 1].isspace():
            return i
    return position


def _word_end(text: str, position: int, limit: int) -> int:
    """Move ``position`` back to the end of a word, so context does not close mid-word."""
    if position >= len(text):
        return len(text)
    for i in range(position, limit, -1):
        if text[i].isspace():
            return i
    return position


def _cell(sentences: list[Sentence], numbers: dict[str, int]) -> str:
    if not sentences:
        return f'<p class="wsoa-notice">{NOTHING}</p>'
    items = []
    for s in sentences:
        css = ' class="wsoa-notice-item"' if s.kind == SentenceKind.notice else ""
        items.append(f"<li{css}>{sentence_html(s, numbers)}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def comparison_html(comparison: Comparison) -> str:
    """One column per area: its priorities on the theme, actions, impact, next steps."""
    rows = comparison.rows
    numbers = numbering(s for r in rows for s in r.actions + r.evidence + r.next_steps)
    columns = []
    for row in rows:
        mapped = "; ".join(f"priority {p.number}: {p.title}" for p in row.priorities) or "none"
        cells = "".join(
            f"<h4>{title}</h4>{_cell(cell, numbers)}"
            for title, cell in (
                ("Key actions", row.actions),
                (SECTION_TITLES["impact"], row.evidence),
                ("Next steps", row.next_steps),
            )
        )
        columns.append(
            f'<section class="wsoa-column"><h3>{escape(row.local_area)}</h3>'
            f'<p class="wsoa-meta">Priorities on this theme: {escape(mapped)}</p>{cells}</section>'
        )
    title = escape(comparison.theme_title or comparison.theme)
    note = (
        f'<p class="wsoa-meta">{escape(comparison.theme_note)}</p>' if comparison.theme_note else ""
    )
    return (
        f'<div class="wsoa-compare"><h3>{title}</h3>{note}'
        f'<div class="wsoa-columns">{"".join(columns)}</div>'
        f"{sources_html(comparison.citations, numbers, collapsed=True)}</div>"
    )


def gaps_html(report: GapReport) -> str:
    """Per priority: the verdict, measured evidence of impact, and activity-only reports."""
    numbers = numbering(s for p in report.priorities for s in p.measured + p.activity_only)
    parts = [f"<h3>Evidence of impact: {escape(report.local_area)}</h3>"]
    for p in report.priorities:
        parts.append(
            f'<section class="wsoa-gap"><h4>Priority {p.number}. {escape(p.title)}</h4>'
            f'<p class="wsoa-verdict">{escape(p.verdict)}</p>'
        )
        if p.measured:
            parts.append("<p>Measured (figures, surveys, audits):</p>" + _cell(p.measured, numbers))
        if p.activity_only:
            parts.append("<p>Activity only:</p>" + _cell(p.activity_only, numbers))
        parts.append("</section>")
    sources = sources_html(report.citations, numbers, collapsed=True)
    return f'<div class="wsoa-gaps">{"".join(parts)}{sources}</div>'


def cited_sentences_html(sentences: Iterable[Sentence], citations: list[Citation]) -> str:
    """Any list of sentences as bullets with their sources (used for draft previews)."""
    listed = list(sentences)
    numbers = numbering(listed)
    return _cell(listed, numbers) + sources_html(citations, numbers)
