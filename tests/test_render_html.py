"""The pure HTML renderers: escaping, numbered citation links, flags, notices, passages."""

from __future__ import annotations

import re
from html import unescape

import pytest

from assistant.grounding.records import (
    Answer,
    Citation,
    Comparison,
    ComparisonRow,
    GapReport,
    PriorityGaps,
    PriorityRef,
    Sentence,
    SentenceKind,
)
from assistant.records import DocType
from assistant.render import html

TEXT = (
    "Note of the review meeting. Waiting times for <ASD> & ADHD assessment fell from "
    "52 to 30 weeks. The PCF said families noticed the change. Next steps follow."
)
QUOTE = "Waiting times for <ASD> & ADHD assessment fell from 52 to 30 weeks."


def citation(key: str = "E1", quote: str = QUOTE, text: str = TEXT, **extra: object) -> Citation:
    start = text.index(quote)
    fields: dict[str, object] = {
        "key": key,
        "doc_id": "torbay-note",
        "title": "Torbay <review> note",
        "local_area": "Torbay",
        "doc_type": DocType.review_note,
        "date": "2024-02",
        "page": 3,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
    }
    fields.update(extra)
    return Citation.model_validate(fields)


def answer(*sentences: Sentence, citations: list[Citation] | None = None) -> Answer:
    return Answer(
        question="q",
        answer=" ".join(s.text for s in sentences),
        abstained=False,
        sentences=list(sentences),
        citations=citations if citations is not None else [citation()],
    )


def marked(rendered: str) -> str:
    match = re.search(r'<mark class="wsoa-highlight">(.*?)</mark>', rendered, re.S)
    assert match, rendered
    return unescape(match.group(1))


def test_answer_escapes_document_text() -> None:
    rendered = html.answer_html(
        answer(Sentence(text="Waits for <ASD> & ADHD fell.", citations=["E1"], supported=True))
    )
    assert "<ASD>" not in rendered
    assert "&lt;ASD&gt; &amp; ADHD" in rendered
    assert "Torbay &lt;review&gt; note" in rendered


def test_citations_are_numbered_buttons_in_order_of_first_use() -> None:
    second = citation("E2", quote="The PCF said families noticed the change.")
    rendered = html.answer_html(
        answer(
            Sentence(text="First.", citations=["E2"], supported=True),
            Sentence(text="Second.", citations=["E1", "E2"], supported=True),
            citations=[citation(), second],
        )
    )
    links = re.findall(r'data-cite="(E\d)"[^>]*>\[(\d)\]', rendered)
    inline = links[:3]
    assert inline == [("E2", "1"), ("E1", "2"), ("E2", "1")]
    assert '<li value="1">' in rendered and '<li value="2">' in rendered
    assert rendered.index('data-cite="E2" title="Show source 1"') < rendered.index("Sources")


def test_unknown_citation_keys_get_no_link() -> None:
    rendered = html.sentence_html(
        Sentence(text="A claim.", citations=["E9"], supported=True), {"E1": 1}
    )
    assert "data-cite" not in rendered


@pytest.mark.parametrize(
    ("sentence", "expect", "refuse"),
    [
        pytest.param(
            Sentence(text="Made up.", citations=["E1"], supported=False),
            ["wsoa-unsupported", "⚠ unsupported", 'data-cite="E1"'],
            ["wsoa-notice"],
            id="unsupported-claim-flagged",
        ),
        pytest.param(
            Sentence(text="Backed.", citations=["E1"], supported=True),
            ["wsoa-claim"],
            ["wsoa-unsupported", "⚠"],
            id="supported-claim-plain",
        ),
        pytest.param(
            Sentence(text="The documents do not say.", kind=SentenceKind.notice),
            ["wsoa-notice"],
            ["wsoa-unsupported", "⚠", "data-cite"],
            id="notice-styled-not-flagged",
        ),
    ],
)
def test_sentence_marking(sentence: Sentence, expect: list[str], refuse: list[str]) -> None:
    rendered = html.sentence_html(sentence, {"E1": 1})
    for needle in expect:
        assert needle in rendered
    for needle in refuse:
        assert needle not in rendered


def test_notices_start_their_own_paragraph() -> None:
    rendered = html.answer_html(
        answer(
            Sentence(text="Torbay's priority 6 is EHC plans.", kind=SentenceKind.notice),
            Sentence(text="Claim one.", citations=["E1"], supported=True),
            Sentence(text="Claim two.", citations=["E1"], supported=True),
        )
    )
    assert rendered.count("<p>") == 1
    assert re.search(r"<p><span class=\"wsoa-notice\">.*Claim one.*Claim two.*</p>", rendered)


def test_passage_highlight_covers_exactly_the_span_with_context() -> None:
    c = citation()
    rendered = html.passage_html(c, TEXT, context=20)
    assert marked(rendered) == TEXT[c.start : c.end] == QUOTE
    before, after = rendered.split('<mark class="wsoa-highlight">')[0], rendered.split("</mark>")[1]
    assert "review meeting." in unescape(before)  # some context before
    assert "The PCF said" in unescape(after)  # and after
    assert "Note of" not in unescape(before)  # but not the whole document
    assert "…" in before and "…" in after


def test_passage_escapes_and_names_its_source() -> None:
    rendered = html.passage_html(citation(), TEXT)
    assert "<ASD>" not in rendered and "&lt;ASD&gt;" in rendered
    for part in ("Torbay &lt;review&gt; note", "Torbay", "review note", "2024-02", "p. 3"):
        assert part in rendered


@pytest.mark.parametrize(
    ("page", "label", "shown"),
    [(None, "", "page unknown"), (None, "≤ 26", "p. ≤ 26"), (27, "27", "p. 27")],
    ids=["unknown", "range", "exact"],
)
def test_passage_and_sources_show_the_honest_page(page: int | None, label: str, shown: str) -> None:
    c = citation(page=page, page_label=label)
    assert shown in html.passage_html(c, TEXT)
    assert "p. 1" not in html.passage_html(c, TEXT)


def test_passage_at_document_edges_has_no_ellipsis() -> None:
    quote = TEXT[:27]
    rendered = html.passage_html(citation(quote=quote), TEXT, context=1000)
    assert marked(rendered) == quote
    assert "…" not in rendered


def test_passage_clamps_a_span_past_the_text() -> None:
    c = citation(start=len(TEXT) - 5, end=len(TEXT) + 50)
    assert marked(html.passage_html(c, TEXT)) == TEXT[-5:]


def test_streaming_text_is_escaped() -> None:
    assert "&lt;b&gt;" in html.streaming_html("<b>partial")


def test_comparison_has_one_column_per_area_and_cited_cells() -> None:
    cited = Sentence(text="Audit of <10> plans.", citations=["E1"], supported=True)
    comparison = Comparison(
        theme="ehc_plans",
        theme_title="EHC plans",
        rows=[
            ComparisonRow(
                local_area=area,
                priorities=[PriorityRef(number=n, title="EHC plan quality")],
                actions=[cited],
                evidence=[cited],
                next_steps=[],
            )
            for area, n in (("Torbay", 6), ("Wirral", 2))
        ],
        citations=[citation()],
    )
    rendered = html.comparison_html(comparison)
    assert rendered.count('class="wsoa-column"') == 2
    assert "priority 6: EHC plan quality" in rendered and "priority 2" in rendered
    assert rendered.count('data-cite="E1"') >= 4 + 1  # four cells and the source entry
    assert "&lt;10&gt;" in rendered
    assert html.NOTHING in rendered  # empty cell says so


def test_gaps_show_verdict_and_both_kinds() -> None:
    report = GapReport(
        local_area="Torbay",
        priorities=[
            PriorityGaps(
                number=6,
                title="EHC plans",
                measured=[Sentence(text="Timeliness 62%.", citations=["E1"], supported=True)],
                activity_only=[Sentence(text="Training held.", citations=["E1"], supported=True)],
                verdict="Some measured evidence of impact.",
            )
        ],
        citations=[citation()],
    )
    rendered = html.gaps_html(report)
    assert "Priority 6. EHC plans" in rendered
    assert "Some measured evidence of impact." in rendered
    assert "Measured" in rendered and "Activity only" in rendered
    assert "<details" in rendered  # long source lists fold away


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    "selector",
    [
        ".wsoa-notice",
        ".wsoa-meta",
        ".wsoa-live",
        ".wsoa-cite",
        'button[role="tab"][aria-selected="true"]',
    ],
)
def test_app_text_meets_wcag_aa_contrast_on_white(selector: str) -> None:
    import re

    from ui.assets import CSS

    colours = [
        found.group(1)
        for rule in re.finditer(r"([^{}]*)\{([^}]*)\}", CSS)
        if selector in rule.group(1).split(",")[-1] or rule.group(1).strip() == selector
        if ".dark" not in rule.group(1)
        if (found := re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", rule.group(2)))
    ]
    assert colours, f"{selector} sets no colour of its own"
    assert all(_contrast(colour, "#ffffff") >= 4.5 for colour in colours)


def test_keyboard_focus_is_visible_on_pins_buttons_and_tabs() -> None:
    import re

    from ui.assets import CSS

    ring = re.search(r"([^{}]*):focus-visible[^{]*\{([^}]*)\}", CSS)
    assert ring and "outline: 3px solid" in ring.group(2)
    for target in (
        ".wsoa-cite:focus-visible",
        "button:focus-visible",
        '[role="tab"]:focus-visible',
    ):
        assert target in CSS
    assert "outline: none" not in CSS
