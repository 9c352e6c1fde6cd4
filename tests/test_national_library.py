"""The national library: 43 inspection reports shipped in corpus/national, indexed on first start.

The manifest's facts are checked against tests/data/ofsted_reports.csv (which the report
tests check against each PDF's own first page); the first-start build is checked with the
fake embedder over a few of the reports, so it takes seconds, not minutes.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus.manifest import Manifest
from assistant.grounding.scoping import CROSS_AREA
from assistant.index.ingest import expand_paths
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import PathSettings, Settings
from tests.conftest import CORPUS, DATA
from tests.fakes import HashEmbedder

LIBRARY = CORPUS / "national"
ROWS = list(csv.DictReader((DATA / "ofsted_reports.csv").open(encoding="utf-8")))
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def test_the_library_is_a_default_first_start_folder() -> None:
    default = PathSettings.model_fields["library_dirs"].default
    assert [d.resolve() for d in default] == [LIBRARY.resolve()]


def test_manifest_and_sources_cover_every_shipped_report() -> None:
    shipped = sorted(p.name for p in LIBRARY.glob("*.pdf"))
    assert shipped == sorted(row["file"] for row in ROWS)
    manifest = Manifest.load(LIBRARY / "manifest.json")
    assert sorted(e.file for e in manifest.documents) == shipped
    sources = (LIBRARY / "SOURCES.md").read_text(encoding="utf-8")
    for row in ROWS:
        # One table row per report naming its file, area and publication date.
        assert f"| {row['file']} | {row['local_area']} |" in sources
        assert re.search(re.escape(row["file"]) + r" \|.*\| " + row["published"] + " |", sources)


def test_manifest_entries_match_each_report() -> None:
    manifest = Manifest.load(LIBRARY / "manifest.json")
    for row in ROWS:
        entry = manifest.entry_for(row["file"])
        assert entry is not None, row["file"]
        assert entry.local_area == row["local_area"]
        assert entry.doc_type is not None and entry.doc_type.value == "inspection_report"
        # The document date is the inspection's last day, which is in the printed phrase
        # and before publication.
        assert entry.date is not None and entry.date < row["published"]
        year, month, day = (int(part) for part in entry.date.split("-"))
        assert row["inspection_dates"].endswith(f"{day} {MONTHS[month - 1]} {year}")
        assert entry.title and row["local_area"] in entry.title


def test_library_folder_ingest_takes_the_reports_not_their_sources_list() -> None:
    files = expand_paths([LIBRARY])
    assert sorted(p.name for p in files) == sorted(row["file"] for row in ROWS)


def test_corpus_folder_ingest_leaves_the_library_out() -> None:
    # `wsoa ingest corpus`, the test fixtures and the eval index read the five bundled
    # documents only; the library is added by naming its folder (or on first start).
    files = expand_paths([CORPUS])
    assert len(files) == 5
    assert not any(LIBRARY in path.parents for path in files)


def test_first_start_indexes_the_corpus_and_the_library(tmp_path: Path) -> None:
    library = tmp_path / "national"
    library.mkdir()
    picked = ["rutland-2023-08-area-send-inspection.pdf", "bexley-2024-02-area-send-inspection.pdf"]
    for name in picked:
        shutil.copy(LIBRARY / name, library / name)
    shutil.copy(LIBRARY / "manifest.json", library / "manifest.json")
    settings = Settings()
    settings.paths.index_dir = tmp_path / "index"
    settings.paths.library_dirs = [library]
    assistant = Assistant(settings=settings, embedder=HashEmbedder(), backend="extractive")

    seen: list[tuple[int, int, str]] = []
    outcomes = assistant.ensure_index(lambda done, total, name: seen.append((done, total, name)))

    assert [o.status for o in outcomes] == [IngestStatus.added] * 7
    # One progress bar over every file: the corpus's five, then the library's two.
    assert {total for _, total, _ in seen} == {7}
    assert [name for _, _, name in seen[-3:-1]] == sorted(picked)
    documents = {d.doc_id: d for d in assistant.documents()}
    manifest = json.loads((LIBRARY / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["file"] in picked:
            stored = documents[Path(entry["file"]).stem]
            assert (stored.local_area, stored.date, stored.title) == (
                entry["local_area"],
                entry["date"],
                entry["title"],
            )
    assert {"Rutland", "Bexley", "Shropshire", "Torbay", "Wirral"} == {
        d.local_area for d in documents.values()
    }
    # Started again on the built index: nothing more to do.
    assert assistant.ensure_index() == []


@pytest.mark.parametrize(
    ("question", "across"),
    [
        ("Which areas were told to improve EHC plan timeliness?", True),
        ("What other areas have long waits for speech and language therapy?", True),
        ("How is co-production going across all areas?", True),
        ("What are the areas for improvement on EHC plans?", False),
        ("Which areas of weakness does the WSoA address?", False),
        ("What is the evidence of impact for priority 5?", False),
    ],
)
def test_questions_across_areas_are_recognised(question: str, across: bool) -> None:
    assert bool(CROSS_AREA.search(question)) is across
