"""Key handling, support flags and citation resolution (pure, no model)."""

from __future__ import annotations

import pytest

from assistant.grounding.citations import (
    answer_text,
    check_sentences,
    is_cannot_answer,
    resolve_citations,
    split_generated,
)
from assistant.grounding.evidence import unit_spans
from assistant.grounding.records import CANNOT_ANSWER, Evidence
from assistant.grounding.support import SupportChecker
from assistant.records import Chunk, DocType, SectionKind
from tests.fakes import HashEmbedder

DOC = (
    "Area 5 Inconsistency in EHC plans.\n\nEvidence of impact\n\n"
    "- 20 week performance remains at 71% despite staff changes.\n"
    "- Draft audit tool being trialed based on 5 point quality standards.\n"
    "Ref\tAction\tBy when\n5.1.2\tAudit ten plans each month\tApr-23\n"
)


def unit(key: str, quote: str) -> Evidence:
    start = DOC.index(quote)
    return Evidence(
        key=key,
        doc_id="doc",
        title="A note",
        local_area="Shropshire",
        doc_type=DocType.review_note,
        date="2022-05",
        page=1,
        start=start,
        end=start + len(quote),
        text=quote,
    )


E1 = unit("E1", "20 week performance remains at 71% despite staff changes.")
E2 = unit("E2", "Draft audit tool being trialed based on 5 point quality standards.")
EVIDENCE = {"E1": E1, "E2": E2}


@pytest.mark.parametrize(
    ("generated", "expected"),
    [
        ("Timeliness stayed at 71% [E1].", [("Timeliness stayed at 71%.", ["E1"])]),
        ("A [E1, E2]. B [E2][E1].", [("A.", ["E1", "E2"]), ("B.", ["E2", "E1"])]),
        ("A. [E1] B follows. [E2]", [("A.", ["E1"]), ("B follows.", ["E2"])]),
        (
            "- First point (E2)\n- Second point [e1]",
            [("First point", ["E2"]), ("Second point", ["E1"])],
        ),
        ("No keys here.", [("No keys here.", [])]),
    ],
    ids=["single", "several", "keys-after-stop", "bullets-and-parens", "uncited"],
)
def test_split_generated(generated: str, expected: list[tuple[str, list[str]]]) -> None:
    assert split_generated(generated) == expected


def test_unknown_keys_are_removed_and_uncited_sentences_unsupported() -> None:
    raw = split_generated(
        "20 week performance remains at 71% [E1][E9]. Parents are delighted [E7]."
    )
    checked = check_sentences(raw, EVIDENCE, SupportChecker(HashEmbedder()))
    assert [s.citations for s in checked] == [["E1"], []]
    assert [s.supported for s in checked] == [True, False]


@pytest.mark.parametrize(
    ("sentence", "keys", "supported"),
    [
        ("20 week performance remains at 71% despite staff changes.", ["E1"], True),
        ("Performance against the 20 week limit remains at 71%.", ["E1"], True),
        ("20 week performance has risen to 85%.", ["E1"], False),
        ("An audit tool based on quality standards is being trialled.", ["E2"], True),
        ("An audit tool is being trialled.", ["E1"], False),
        ("Families report far better plans since the audit.", ["E2"], False),
    ],
    ids=["verbatim", "paraphrase", "wrong-number", "paraphrase-2", "wrong-evidence", "overclaim"],
)
def test_support_check(sentence: str, keys: list[str], supported: bool) -> None:
    [checked] = check_sentences([(sentence, keys)], EVIDENCE, SupportChecker(HashEmbedder()))
    assert checked.supported is supported


def test_citations_resolve_to_exact_spans_in_order_of_use() -> None:
    raw = split_generated("Audit tool [E2]. Timeliness 71% [E1]. Again [E2].")
    checked = check_sentences(raw, EVIDENCE, SupportChecker())
    citations = resolve_citations(checked, EVIDENCE, {"doc": DOC})
    assert [c.key for c in citations] == ["E2", "E1"]
    assert all(DOC[c.start : c.end] == c.quote for c in citations)


def test_drifted_span_is_caught() -> None:
    from assistant.grounding.citations import CitationError

    bad = E1.model_copy(update={"start": E1.start + 1})
    with pytest.raises(CitationError):
        resolve_citations(
            check_sentences([("x", ["E1"])], {"E1": bad}, SupportChecker()),
            {"E1": bad},
            {"doc": DOC},
        )


def test_cannot_answer_sentinel() -> None:
    assert is_cannot_answer(CANNOT_ANSWER)
    assert is_cannot_answer(f"  {CANNOT_ANSWER}  ")
    assert not is_cannot_answer("Timeliness is 71%. " * 5 + CANNOT_ANSWER)


def test_answer_text_places_keys_before_the_full_stop() -> None:
    checked = check_sentences([("Timeliness remains at 71%.", ["E1"])], EVIDENCE, SupportChecker())
    assert answer_text(checked) == "Timeliness remains at 71% [E1]."


def test_evidence_units_are_exact_and_keep_table_rows_whole() -> None:
    chunk = Chunk(
        chunk_id="doc:0",
        doc_id="doc",
        title="t",
        local_area="a",
        doc_type=DocType.review_note,
        date="",
        section=SectionKind.impact,
        page=1,
        start=0,
        end=len(DOC),
        text=DOC,
    )
    spans = unit_spans(DOC, chunk)
    texts = [DOC[a:b] for a, b in spans]
    assert any(t.endswith("5.1.2\tAudit ten plans each month\tApr-23") for t in texts)
    # The section heading is a label, not evidence: it is dropped, not glued on.
    assert "- 20 week performance remains at 71% despite staff changes." in texts
    assert not any(t.startswith("Evidence of impact") for t in texts)
    assert all(t == t.strip() and t for t in texts)
