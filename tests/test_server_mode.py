"""The same commands against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from tests.conftest import CORPUS
from tests.net import free_port

pytestmark = pytest.mark.server


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("chroma server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_cli_works_against_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = Settings()
    settings.store.chroma_url = chroma_server
    settings.paths.index_dir = tmp_path / "must-stay-empty"

    def run(*args: str) -> dict:
        result = CliRunner().invoke(
            cli, [*args, "--json"], obj=Assistant(settings=settings), catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        # The JSON is stdout; a warning on stderr (Chroma, a cache) must not break parsing.
        return json.loads(result.stdout)

    added = run("ingest", str(CORPUS))
    assert {r["status"] for r in added["results"]} == {"added"}
    # A second client (fresh Assistant) sees the same data, and re-ingest is a no-op.
    again = run("ingest", str(CORPUS))
    assert {r["status"] for r in again["results"]} == {"unchanged"}
    docs = run("docs")["documents"]
    assert len(docs) == 5
    found = run("search", "speech and language therapy", "--area", "Shropshire")["results"]
    assert found
    doc = run("show", found[0]["doc_id"])
    assert doc["text"][found[0]["start"] : found[0]["end"]] == found[0]["text"]
    # Nothing of the store is kept locally: only the lexical index's cache of the server.
    local = tmp_path / "must-stay-empty"
    assert not list(local.glob("*.sqlite3"))
    assert {p.name for p in local.iterdir()} <= {"lexical"}


def test_an_ingest_by_another_process_reaches_an_open_lexical_index(
    chroma_server: str, tmp_path: Path
) -> None:
    from tests.fakes import HashEmbedder

    settings = Settings()
    settings.store.chroma_url = chroma_server
    settings.paths.index_dir = tmp_path / "reader-cache"
    reader = Assistant(embedder=HashEmbedder(), settings=settings)
    reader.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    before = reader.search("data risk tracker", k=5, mode="lexical")
    assert before and {r.chunk.doc_id for r in before} == {"torbay-2024-02-wsoa-review-note"}
    # Another process on another machine (its own cache folder) ingests a document.
    script = (
        "import sys; from pathlib import Path; from tests.fakes import HashEmbedder; "
        "from assistant.service import Assistant; "
        "[o] = Assistant(embedder=HashEmbedder()).ingest([Path(sys.argv[1])]); "
        "assert o.status == 'added', o"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(CORPUS / "wirral-2022-04-wsoa-review-preparation.txt")],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "WSOA_CHROMA_URL": chroma_server,
            "WSOA_INDEX_DIR": str(tmp_path / "writer-cache"),
        },
        check=True,
        timeout=300,
    )
    found = reader.search("data risk tracker", k=5, mode="lexical")
    assert found and found[0].chunk.doc_id == "wirral-2022-04-wsoa-review-preparation"
    # Only the new document's chunks came over HTTP; a new reader reuses the cache.
    wirral_chunks = len(reader.store.chunks_of("wirral-2022-04-wsoa-review-preparation"))
    assert reader.lexical.chunks_read == wirral_chunks
    restarted = Assistant(embedder=HashEmbedder(), settings=settings)
    again = restarted.search("data risk tracker", k=5, mode="lexical")
    assert [r.chunk.chunk_id for r in again] == [r.chunk.chunk_id for r in found]
    assert restarted.lexical.chunks_read == 0
