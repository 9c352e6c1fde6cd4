"""The exact-span check every test applies to every citation it sees."""

from __future__ import annotations

from typing import Any

from assistant.service import Assistant


def assert_citations_exact(assistant: Assistant, output: Any) -> int:
    """Every citation's quote equals its document's canonical text[start:end]; returns count.

    Also checks each sentence cites only keys that resolve to a listed citation.
    """
    citations = list(output.citations)
    keys = {c.key for c in citations}
    for c in citations:
        text = assistant.show(c.doc_id).text
        assert text[c.start : c.end] == c.quote, f"{c.key} does not match {c.doc_id}"
        assert assistant.show(c.doc_id).page_at(c.start) == c.page
    for sentence in _sentences(output):
        assert set(sentence.citations) <= keys, sentence
    return len(citations)


def _sentences(output: Any) -> list[Any]:
    if hasattr(output, "sentences"):
        return list(output.sentences)
    if hasattr(output, "sections"):
        s = output.sections
        return [*s.progress, *s.impact, *s.next_steps]
    if hasattr(output, "rows"):
        return [x for r in output.rows for x in r.actions + r.evidence + r.next_steps]
    if hasattr(output, "priorities"):
        return [x for p in output.priorities for x in p.measured + p.activity_only]
    raise TypeError(type(output))
