"""Questions across areas over national-library reports (real model, real Chroma).

Seven of the shipped inspection reports: four whose areas for improvement include EHC plan
timeliness (Durham, Medway, Middlesbrough, Worcestershire) and three with no area for
improvement on EHC plans at all (Rutland, Southampton, Trafford). A question across areas
must be answered area by area, each claim cited to the report of the area it sits under.
"""

from __future__ import annotations

import re
import shutil

import pytest

from assistant.grounding.records import Answer, SentenceKind
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

LIBRARY = CORPUS / "national"
TOLD = {"Durham", "Medway", "Middlesbrough", "Worcestershire"}
NOT_TOLD = {"Rutland", "Southampton", "Trafford"}
LABEL = re.compile(r"^(?P<area>.+?)'s priority (?P<number>\d+) is “(?P<title>.+)”\.$")


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


def area_blocks(answer: Answer) -> list[tuple[str, str, list[str]]]:
    """(area, priority title, citation keys of each claim under it), in answer order."""
    blocks: list[tuple[str, str, list[str]]] = []
    for sentence in answer.sentences:
        match = LABEL.match(sentence.text) if sentence.kind is not SentenceKind.claim else None
        if match:
            blocks.append((match["area"], match["title"], []))
        elif sentence.kind is SentenceKind.claim:
            assert blocks, f"a claim before any area label: {sentence.text}"
            blocks[-1][2].extend(sentence.citations or ["<uncited>"])
    return blocks


def test_which_areas_question_is_answered_area_by_area(library_assistant: Assistant) -> None:
    answer = library_assistant.ask("Which areas were told to improve EHC plan timeliness?")
    assert not answer.abstained, answer.answer
    citations = {c.key: c for c in answer.citations}
    blocks = area_blocks(answer)
    answered = [(area, title, keys) for area, title, keys in blocks if keys]
    assert len(answered) >= 3, answer.answer
    for area, title, keys in answered:
        # The label is the area's own area for improvement on the topic ...
        assert area in TOLD, answer.answer
        assert re.search(r"timel", title, re.IGNORECASE), title
        # ... and every claim under it quotes that area's report.
        for key in keys:
            assert key in citations, (area, key)
            cited = citations[key]
            assert cited.local_area == area, (area, cited.doc_id)
            assert cited.doc_id.startswith(area.lower()), (area, cited.doc_id)
            text = library_assistant.show(cited.doc_id).text
            assert text[cited.start : cited.end] == cited.quote
    assert not {c.local_area for c in answer.citations} & NOT_TOLD


def test_compare_lists_the_areas_told_to_improve_ehc_timeliness(
    library_assistant: Assistant,
) -> None:
    comparison = library_assistant.compare("EHC plan timeliness")
    assert comparison.theme == "ehc_plans"
    rows = {row.local_area: row for row in comparison.rows}
    assert set(rows) == TOLD
    citations = {c.key: c for c in comparison.citations}
    for area, row in rows.items():
        # Each area's matching area for improvement is listed ...
        assert any(re.search(r"timel", p.title, re.IGNORECASE) for p in row.priorities), area
        # ... and each cell quotes that area's own report.
        for sentence in row.actions + row.evidence + row.next_steps:
            for key in sentence.citations:
                assert citations[key].local_area == area, (area, citations[key].doc_id)
