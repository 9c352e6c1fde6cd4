"""Questions across areas over national-library reports (real model, real Chroma).

Seven of the shipped inspection reports: four whose areas for improvement include EHC plan
timeliness (Durham, Medway, Middlesbrough, Worcestershire), one whose area for improvement
is EHC plan quality but not timeliness (Southampton) and two with none on EHC plans at all
(Rutland, Trafford). A question across areas
must be answered area by area, each claim cited to the report of the area it sits under.
"""

from __future__ import annotations

import re
import shutil

import pytest

from assistant.errors import AssistantError
from assistant.grounding.records import Answer, SentenceKind
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

LIBRARY = CORPUS / "national"
TOLD = {"Durham", "Medway", "Middlesbrough", "Worcestershire"}
NOT_TOLD = {"Rutland", "Southampton", "Trafford"}
LABEL = re.compile(r"^(?P<area>.+?) \(area for (?:improvement|priority action)\):$")


@pytest.fixture(scope="module")
def library_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("cross-area")
    folder = root / "national"
    folder.mkdir()
    for area in sorted(TOLD | NOT_TOLD):
        (report,) = LIBRARY.glob(f"{area.lower()}-*.pdf")
        shutil.copy(report, folder / report.name)
    shutil.copy(LIBRARY / "manifest.json", folder / "manifest.json")
    settings = Settings()
    settings.paths.index_dir = root / "index"
    assistant = Assistant(settings=settings, backend="extractive")
    outcomes = assistant.ingest([folder])
    assert [o.status for o in outcomes] == [IngestStatus.added] * 7, outcomes
    return assistant


def area_blocks(answer: Answer) -> list[tuple[str, list[str], list[str]]]:
    """(area, its claims' texts, their citation keys), in answer order."""
    blocks: list[tuple[str, list[str], list[str]]] = []
    for sentence in answer.sentences:
        match = LABEL.match(sentence.text) if sentence.kind is not SentenceKind.claim else None
        if match:
            blocks.append((match["area"], [], []))
        elif sentence.kind is SentenceKind.claim:
            assert blocks, f"a claim before any area label: {sentence.text}"
            blocks[-1][1].append(sentence.text)
            blocks[-1][2].extend(sentence.citations or ["<uncited>"])
    return blocks


@pytest.mark.parametrize(
    "question",
    [
        "Which areas were told to improve EHC plan timeliness?",
        "Which other areas have weaknesses in EHC plan timeliness?",
    ],
)
def test_which_areas_question_lists_every_matching_area(
    library_assistant: Assistant, question: str
) -> None:
    answer = library_assistant.ask(question)
    assert not answer.abstained, answer.answer
    assert answer.sentences[0].text.startswith("4 of the 7 areas"), answer.sentences[0].text
    citations = {c.key: c for c in answer.citations}
    blocks = area_blocks(answer)
    # Every area told to improve it, once each, in name order, and no other.
    assert [area for area, _, _ in blocks] == sorted(TOLD), answer.answer
    for area, texts, keys in blocks:
        # The line is the area's own area for improvement on the topic ...
        assert len(texts) == 1 and re.search(r"timel", texts[0], re.IGNORECASE), texts
        # ... quoting that area's report exactly.
        for key in keys:
            cited = citations[key]
            assert cited.local_area == area, (area, cited.doc_id)
            assert cited.doc_id.startswith(area.lower()), (area, cited.doc_id)
            text = library_assistant.show(cited.doc_id).text
            assert text[cited.start : cited.end] == cited.quote
    assert not {c.local_area for c in answer.citations} & NOT_TOLD


def test_compare_lists_the_areas_with_an_ehc_plan_priority(
    library_assistant: Assistant,
) -> None:
    comparison = library_assistant.compare("EHC plan timeliness")
    assert comparison.theme == "ehc_plans"
    rows = {row.local_area: row for row in comparison.rows}
    # The theme is EHC plans as a whole: Southampton's plan-quality area is on it.
    assert set(rows) == TOLD | {"Southampton"}
    assert any(re.search(r"quality of EHC plans", p.title) for p in rows["Southampton"].priorities)
    citations = {c.key: c for c in comparison.citations}
    for area, row in rows.items():
        # Each told area's matching area for improvement is listed ...
        if area in TOLD:
            assert any(re.search(r"timel", p.title, re.I) for p in row.priorities), area
        # ... and each cell quotes that area's own report.
        for sentence in row.actions + row.evidence + row.next_steps:
            for key in sentence.citations:
                assert citations[key].local_area == area, (area, citations[key].doc_id)


def test_the_shortcut_names_the_areas_a_comparison_would_show(
    library_assistant: Assistant,
) -> None:
    areas = library_assistant.areas_on_theme("EHC plan timeliness")
    assert set(areas) == TOLD | {"Southampton"}  # the same areas the comparison shows
    assert areas == sorted(areas)
    with pytest.raises(AssistantError, match="No theme matches"):
        library_assistant.areas_on_theme("astronomy clubs")


@pytest.mark.parametrize(
    "question", ["What must Durham improve?", "What did the inspectors ask Durham to do?"]
)
def test_what_must_an_area_improve_lists_every_area_of_its_inspection(
    library_assistant: Assistant, question: str
) -> None:
    from evals.inspection import load_gold, names, normalise

    answer = library_assistant.ask(question)
    assert not answer.abstained and answer.layout == "list", answer.answer
    claims = [s for s in answer.sentences if s.kind is SentenceKind.claim]
    gold = next(g for g in load_gold().values() if g.local_area == "Durham")
    # The count it states is the number of items it lists, and every gold item is one.
    assert re.search(rf"sets {len(claims)} areas? for improvement", answer.sentences[0].text)
    assert len(claims) == len(gold.openings)
    quotes = [normalise(c.quote) for c in answer.citations]
    for _, opening in gold.openings:
        assert names(opening, quotes), opening
    for claim in claims:
        assert claim.supported and len(claim.citations) == 1
        assert not claim.text.lower().startswith("areas for")
    text = library_assistant.show(answer.citations[0].doc_id).text
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)


def test_a_topic_is_found_whatever_the_word_form(library_assistant: Assistant) -> None:
    # Southampton's area for improvement says "preparation for adulthood"; the question
    # says "preparing for adulthood".
    answer = library_assistant.ask("Which areas were told to improve preparing for adulthood?")
    areas = [m["area"] for s in answer.sentences if (m := LABEL.match(s.text))]
    assert "Southampton" in areas, answer.answer
    assert not {"Rutland"} & set(areas)
