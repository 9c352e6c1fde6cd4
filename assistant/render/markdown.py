"""Pure functions: grounded records -> Markdown with numbered citations.

Citation keys (E1, E7, ...) become numbers in order of first use. Unsupported
sentences are marked in interactive views and left out of exports unless the
caller keeps them (``keep_unsupported``).
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.doc_types import doc_type_label
from assistant.grounding.priority_evidence import SECTION_TITLES
from assistant.grounding.records import (
    Answer,
    Citation,
    Comparison,
    Draft,
    GapReport,
    Sentence,
    SentenceKind,
)
from assistant.records import cite_page

UNSUPPORTED_MARK = "⚠ unsupported"
#: How an adviser's own line (citing no source) is marked in what they send.
OBSERVATION_MARK = "adviser's observation"


def numbering(sentences: Iterable[Sentence]) -> dict[str, int]:
    """Key -> citation number, in order of first use."""
    numbers: dict[str, int] = {}
    for sentence in sentences:
        for key in sentence.citations:
            numbers.setdefault(key, len(numbers) + 1)
    return numbers


def visible(sentences: Iterable[Sentence], keep_unsupported: bool) -> list[Sentence]:
    # A person's own edit stays in their document even when the check fails: it is
    # shown with the unsupported mark rather than silently dropped.
    return [s for s in sentences if keep_unsupported or s.supported or s.edited]


def exported(sentences: Iterable[Sentence], keep_unsupported: bool = False) -> list[Sentence]:
    """What may go into a file an adviser sends: never the assistant's notes to its user."""
    return [s for s in visible(sentences, keep_unsupported) if s.exportable]


#: Words of a quote shown in a note's source list; the span itself is cited whole.
QUOTE_WORDS = 10


def short_quote(quote: str, words: int = QUOTE_WORDS) -> str:
    """The quote's first ``words`` words (whitespace tidied) and "…" when it goes on.

    Still a verbatim prefix of the cited span, so a reader can find it in the source.
    """
    parts = quote.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def source_line(citation: Citation, words: int | None = None, short: bool = False) -> str:
    """ "Title (May 2022), p. 26: “quote”" — the quote in full unless ``words`` is given.

    The date is added only when the title does not already say the year: "… review
    (May 2022) (2022-05)" would spend a line of every endnote on saying it twice.
    ``short`` names the document by kind and date ("Review note (2022-05)"), the short
    form endnotes use once a document has been cited in full.
    """
    quote = short_quote(citation.quote, words) if words else " ".join(citation.quote.split())
    page = cite_page(citation.page_label, citation.page)
    if short:
        kind = doc_type_label(citation.doc_type)
        return f"{kind[:1].upper()}{kind[1:]} ({citation.date or 'undated'}), {page}: “{quote}”"
    year = citation.date[:4]
    title = (
        citation.title
        if year and year in citation.title
        else f"{citation.title} " + (f"({citation.date})" if citation.date else "(undated)")
    )
    return f"{title}, {page}: “{quote}”"


def sentence_markdown(sentence: Sentence, numbers: dict[str, int], mark: bool = True) -> str:
    refs = "".join(f"[{numbers[k]}]" for k in sentence.citations if k in numbers)
    text = sentence.text
    if sentence.kind == SentenceKind.notice:
        return f"*{text}*"
    if sentence.kind == SentenceKind.observation:
        return f"{text} *({OBSERVATION_MARK})*"
    if mark and not sentence.supported:
        text = f"{text} **({UNSUPPORTED_MARK})**"
    return f"{text} {refs}".strip()


def untrusted_warnings(citations: Iterable[Citation], numbers: dict[str, int]) -> list[str]:
    """One warning per document whose cited passages hold text addressed to an AI assistant.

    Only citations that are shown (in ``numbers``) count; see ``domain.injection``.
    """
    titles: dict[str, str] = {}
    for c in citations:
        if c.suspect and c.key in numbers:
            titles.setdefault(c.doc_id, c.title)
    return [
        f"⚠ “{title}” ({doc_id}) contains text addressed to an AI assistant. Its passages are "
        "shown as data, never followed as instructions, and support no claim on their own."
        for doc_id, title in titles.items()
    ]


def sources_markdown(citations: list[Citation], numbers: dict[str, int]) -> str:
    """Warnings on untrusted documents, then the sources: document, page and exact quote."""
    by_key = {c.key: c for c in citations}
    warnings = [f"**{w}**" for w in untrusted_warnings(citations, numbers)]
    lines = ["", *warnings, "", "**Sources**", ""] if warnings else ["", "**Sources**", ""]
    for key, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        c = by_key.get(key)
        if c is None:
            continue
        quote = " ".join(c.quote.split())
        page = cite_page(c.page_label, c.page)
        lines.append(f"{number}. {c.title} ({c.local_area}, {c.date}), {page}: “{quote}”")
    return "\n".join(lines) if by_key.keys() & numbers.keys() else ""


def answer_markdown(answer: Answer, keep_unsupported: bool = True) -> str:
    shown = visible(answer.sentences, keep_unsupported)
    numbers = numbering(shown)
    if answer.layout == "list":
        body = "\n".join(_listed(shown, numbers))
    else:
        body = "\n\n".join(_paragraphs(shown, numbers))
    return body + "\n" + sources_markdown(answer.citations, numbers)


def _listed(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    """Notices as paragraphs, each claim a bullet of its own."""
    lines: list[str] = []
    for s in sentences:
        if s.kind == SentenceKind.notice:
            lines += ["", sentence_markdown(s, numbers), ""]
        else:
            lines.append(f"- {sentence_markdown(s, numbers)}")
    return lines[1:] if lines and lines[0] == "" else lines


def _paragraphs(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    """Notices start new paragraphs; claims run on after them."""
    paragraphs: list[list[str]] = []
    for s in sentences:
        if s.kind == SentenceKind.notice or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(sentence_markdown(s, numbers))
    return [" ".join(p) for p in paragraphs]


def _bullets(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    return [
        f"- {sentence_markdown(s, numbers)}"
        if s.kind != SentenceKind.notice  # claims and the adviser's observations: bullets
        else sentence_markdown(s, numbers)
        for s in sentences
    ]


def draft_markdown(draft: Draft, keep_unsupported: bool = False, heading_level: int = 2) -> str:
    sections = {
        "progress": exported(draft.sections.progress, keep_unsupported),
        "impact": exported(draft.sections.impact, keep_unsupported),
        "next_steps": exported(draft.sections.next_steps, keep_unsupported),
    }
    numbers = numbering(s for ss in sections.values() for s in ss)
    h = "#" * heading_level
    lines = [f"{h} {draft.local_area}: priority {draft.priority}. {draft.priority_title}", ""]
    for key, title in SECTION_TITLES.items():
        lines += [f"{h}# {title}", ""]
        lines += _bullets(sections[key], numbers) or ["*Nothing in the documents.*"]
        lines.append("")
    return "\n".join(lines) + sources_markdown(draft.citations, numbers) + "\n"


def comparison_markdown(comparison: Comparison) -> str:
    rows = comparison.rows
    numbers = numbering(s for r in rows for s in r.actions + r.evidence + r.next_steps)
    lines = [f"# {comparison.theme_title}", ""]
    if comparison.theme_note:
        lines += [f"*{comparison.theme_note}*", ""]
    for row in rows:
        mapped = "; ".join(f"priority {p.number}: {p.title}" for p in row.priorities) or "none"
        lines += [f"## {row.local_area}", "", f"*Priorities on this theme: {mapped}*", ""]
        for title, cell in (
            ("Key actions", row.actions),
            ("Evidence of impact", row.evidence),
            ("Next steps", row.next_steps),
        ):
            lines += [f"### {title}", "", *_bullets(cell, numbers), ""]
    return "\n".join(lines) + sources_markdown(comparison.citations, numbers) + "\n"


def gaps_markdown(report: GapReport) -> str:
    sentences = [s for p in report.priorities for s in p.measured + p.activity_only]
    numbers = numbering(sentences)
    lines = [f"# Evidence of impact: {report.local_area}", ""]
    for p in report.priorities:
        lines += [f"## Priority {p.number}. {p.title}", "", f"**{p.verdict}**", ""]
        if p.measured:
            lines += ["Measured (figures, surveys, audits):", *_bullets(p.measured, numbers), ""]
        if p.activity_only:
            lines += ["Activity only:", *_bullets(p.activity_only, numbers), ""]
    return "\n".join(lines) + sources_markdown(report.citations, numbers) + "\n"
