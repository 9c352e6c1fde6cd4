"""'What must X improve?': every area of X's inspection, labelled and cited (real PDFs).

The parser is checked against hand-written gold for the reports it was tuned on (all
items) and for the held-out reports (at least 95%); the answer over a real store is in
tests/test_cross_area.py.
"""

from __future__ import annotations

import pytest

from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest
from assistant.grounding.inspection_answer import inspection_items, month_year, readable
from assistant.grounding.records import Answer, Citation, Sentence, SentenceKind
from assistant.grounding.understanding import IntentClassifier
from assistant.index.embedder import make_embedder
from assistant.render.html import answer_html
from assistant.render.markdown import answer_markdown
from assistant.settings import Settings
from evals.inspection import LIBRARY, evaluate_inspection, load_gold, load_split, names, normalise


def named(file: str) -> tuple[int, int]:
    document = load_document(LIBRARY / file, manifest=Manifest.load(LIBRARY / "manifest.json"))
    items = inspection_items(document)
    gold = load_gold()[file]
    openings = [normalise(document.text[i.start : i.end]) for i in items]
    found = sum(names(o, openings) for _, o in gold.openings)
    for item in items:
        assert not item.text.lower().startswith("areas for"), item.text
        assert item.text == readable(document.text[item.start : item.end])
    return found, len(gold.openings)


@pytest.mark.parametrize("file", load_split()["tune"])
def test_parser_finds_every_gold_area_in_the_tuning_reports(file: str) -> None:
    found, total = named(file)
    assert found == total


def test_parser_finds_the_held_out_areas() -> None:
    results = [named(f) for f in load_split()["heldout"]]
    found, total = sum(f for f, _ in results), sum(t for _, t in results)
    assert total >= 90 and found / total >= 0.95, (found, total)


def test_kinds_are_kept_apart() -> None:
    manifest = Manifest.load(LIBRARY / "manifest.json")
    document = load_document(
        LIBRARY / "oxfordshire-2023-09-area-send-inspection.pdf", manifest=manifest
    )
    kinds = [i.kind for i in inspection_items(document)]
    assert kinds == ["priority_action"] * 5 + ["improvement"] * 4


def test_the_question_and_two_paraphrases_name_the_held_out_areas() -> None:
    classifier = IntentClassifier(make_embedder(Settings()))
    result = evaluate_inspection(classifier, Settings(), splits=("heldout",))
    for phrasing in result["heldout"]["phrasings"]:
        assert phrasing["recall"] >= 0.95, phrasing["misses"]
        assert phrasing["inexact_citations"] == [] and phrasing["citations"] >= 90
        assert phrasing["heading_repeats"] == []


def test_a_list_answer_renders_one_item_per_line() -> None:
    claim = Sentence(text="Leaders should improve EHC plans.", citations=["E1"], supported=True)
    label = Sentence(text="Areas for improvement:", kind=SentenceKind.notice, supported=True)
    citation = Citation(
        key="E1", doc_id="d", title="T", local_area="X", doc_type="inspection_report",
        date="2024-06", start=0, end=33, quote="Leaders should improve EHC plans.",
    )  # fmt: skip
    answer = Answer(
        question="q", answer="", abstained=False, layout="list",
        sentences=[label, claim, claim.model_copy(update={"text": "Second item."})],
        citations=[citation],
    )  # fmt: skip
    markdown = answer_markdown(answer)
    assert "\n- Leaders should improve EHC plans. [1]" in markdown
    assert "\n- Second item. [1]" in markdown
    assert answer_html(answer).count("<li>") == 2


def test_month_year() -> None:
    assert month_year("2024-07-12") == "July 2024"
    assert month_year("2023") == "2023"
    assert month_year("") == "date unknown"
