"""First use: building the index is an explicit step; a read on an empty index says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".docx"})


def fake(index_dir: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = index_dir
    return Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")


def test_wsoa_docs_on_a_new_index_says_it_is_empty_without_building_or_creating_it(
    tmp_path: Path,
) -> None:
    index = tmp_path / "never-built"
    # A real process, as a person would run it: a read must not load Chroma or a model.
    probe = (
        "import sys\n"
        "from assistant.cli.main import cli\n"
        "try:\n"
        "    cli(['docs'])\n"
        "except SystemExit as done:\n"
        "    heavy = sorted(m for m in ('chromadb', 'onnxruntime', 'torch') if m in sys.modules)\n"
        "    print('loaded:', heavy, 'exit:', done.code)\n"
    )
    env = {**os.environ, "WSOA_INDEX_DIR": str(index)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=REPO_ROOT
    )
    assert "loaded: [] exit: 0" in result.stdout, result.stdout + result.stderr
    assert f"The index at {index} holds no documents" in result.stderr
    assert "`wsoa build`" in result.stderr and "`wsoa ingest PATH`" in result.stderr
    assert not index.exists()


def test_search_and_ask_on_an_empty_index_say_how_to_build_it(tmp_path: Path) -> None:
    assistant = fake(tmp_path / "index")
    for args in (["search", "data risk tracker"], ["ask", "What is Torbay doing on EHC plans?"]):
        result = CliRunner().invoke(cli, args, obj=assistant)
        assert result.exit_code == 1, result.output
        assert "holds no documents" in result.output and "wsoa build" in result.output
    docs = CliRunner().invoke(cli, ["docs", "--json"], obj=assistant)
    assert docs.exit_code == 0 and json.loads(docs.stdout) == {"documents": []}


def test_wsoa_build_indexes_the_bundled_corpus_file_by_file(tmp_path: Path) -> None:
    assistant = fake(tmp_path / "index")
    result = CliRunner().invoke(cli, ["build"], obj=assistant)
    assert result.exit_code == 0, result.output
    assert "Building the index at" in result.stderr
    for number, name in enumerate(CORPUS_FILES, start=1):
        assert f"file {number} of {len(CORPUS_FILES)}: {name}" in result.stderr
    assert f"Index ready: {len(CORPUS_FILES)} added." in result.stderr
    again = CliRunner().invoke(cli, ["build"], obj=fake(tmp_path / "index"))
    assert f"Index ready: {len(CORPUS_FILES)} unchanged." in again.stderr
    assert len(assistant.documents()) == len(CORPUS_FILES)
