"""A template's heading and a list's bare labels are never evidence on their own."""

from __future__ import annotations

from assistant.grounding.evidence import is_heading, listed_labels
from assistant.grounding.records import Evidence
from assistant.records import DocType

TITLE = "The lack of accurate, up-to-date and useful information which informs the area's plans"


def _unit(text: str) -> Evidence:
    return Evidence(
        key="",
        doc_id="d",
        title="t",
        local_area="Wirral",
        doc_type=DocType.preparation_template,
        date="2022-04",
        start=0,
        end=len(text),
        text=text,
        priority_title=TITLE,
    )


def test_a_heading_wrapping_the_priority_title_is_a_heading() -> None:
    assert is_heading(_unit(f"WSoA Strand Progress 4 – Area 1 – {TITLE}."))
    finding = (
        f"Progress on {TITLE.lower()}: a dashboard of indicators now goes monthly to the board."
    )
    assert not is_heading(_unit(finding))


def test_short_items_of_a_list_a_sentence_opened_are_labels() -> None:
    text = (
        "We identified five indicators. They include:\n\n- Number of referrals received\n"
        "- Average waiting times\n- Outcomes\n\nCurrently this data is not captured."
    )
    start = text.index("- Average")
    assert listed_labels(text, start, text.index("\n\nCurrently"))
    findings = "Achieved this quarter:\n- 300 plans reviewed\n- the hub opened to families in May"
    assert not listed_labels(findings, findings.index("- 300"), len(findings))
    unopened = "Next steps\n- Average waiting times\n- Outcomes"
    assert not listed_labels(unopened, unopened.index("- Average"), len(unopened))


def test_a_heading_line_above_its_sentence_reads_with_a_colon() -> None:
    from assistant.grounding.render_evidence import clean

    coded = "2.2.a EHCP Compliance\n\nAn EHCP Compliance Checklist has been drafted."
    assert clean(coded) == "2.2.a EHCP Compliance: An EHCP Compliance Checklist has been drafted."
    codes = "2.1.a, b, c\n\nIntroductory meetings have been established."
    assert clean(codes) == "2.1.a, b, c: Introductory meetings have been established."
    titled = "EHCP Quality Standards\n\nA set has been drafted."
    assert clean(titled) == "EHCP Quality Standards: A set has been drafted."
    # A cell's phrase or a sentence missing its full stop is no heading.
    assert clean("Limited at this time\n\nDraft audit tool trialled.") == (
        "Limited at this time Draft audit tool trialled."
    )
    assert clean("We met in May\n\nThe forum agreed.") == "We met in May The forum agreed."
