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


# -- two writers against one server: the lease ----------------------------------------


def _writer(server: str, folder: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """`wsoa` in its own process (fake embedder) against the server, optionally paused."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.kill_at", *args],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "WSOA_CHROMA_URL": server,
            "WSOA_INDEX_DIR": str(folder),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_paused(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "paused at" in line, line


def _server_assistant(server: str, folder: Path) -> Assistant:
    from tests.fakes import HashEmbedder

    settings = Settings()
    settings.store.chroma_url = server
    settings.paths.index_dir = folder
    return Assistant(embedder=HashEmbedder(), settings=settings)


def test_two_writers_of_one_document_take_turns_and_it_stays_searchable(
    chroma_server: str, tmp_path: Path
) -> None:
    torbay = str(CORPUS / "torbay-2024-02-wsoa-review-note.txt")
    first = _writer(
        chroma_server,
        tmp_path / "a",
        "ingest",
        torbay,
        WSOA_TEST_PAUSE_AT="batch_written",
        WSOA_TEST_PAUSE_SECONDS="4",
    )
    _wait_paused(first)  # it holds the lease, its new passages half written
    second = _writer(chroma_server, tmp_path / "b", "ingest", torbay)
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    reader = _server_assistant(chroma_server, tmp_path / "reader")
    assert [d.doc_id for d in reader.documents()] == ["torbay-2024-02-wsoa-review-note"]
    assert reader.repair().damaged == []
    hits = reader.search("data risk tracker", k=5, mode="lexical")
    assert hits and hits[0].chunk.doc_id == "torbay-2024-02-wsoa-review-note"
    record = reader.store.document_record("torbay-2024-02-wsoa-review-note") or {}
    assert len(reader.store.chunks_of("torbay-2024-02-wsoa-review-note")) == int(record["chunks"])
    assert reader.store._file_lock.holder() is None  # type: ignore[union-attr]  # released


def test_a_writer_that_cannot_get_the_lease_names_its_holder(
    chroma_server: str, tmp_path: Path
) -> None:
    torbay = str(CORPUS / "torbay-2024-02-wsoa-review-note.txt")
    holder = _writer(
        chroma_server,
        tmp_path / "a",
        "ingest",
        torbay,
        WSOA_TEST_PAUSE_AT="batch_written",
        WSOA_TEST_PAUSE_SECONDS="8",
    )
    _wait_paused(holder)
    waiting = _writer(
        chroma_server,
        tmp_path / "b",
        "ingest",
        str(CORPUS / "wirral-2022-04-wsoa-review-preparation.txt"),
        WSOA_WRITE_WAIT_SECONDS="1",
    )
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 1
    message = out + err
    assert "holds the write lease of the Chroma server" in message
    assert f"pid {holder.pid} on " in message and "tests/kill_at.py ingest" in message
    holder.communicate(timeout=120)
    assert holder.returncode == 0


def test_the_lease_of_a_writer_killed_mid_write_expires_and_the_next_writer_goes_on(
    chroma_server: str, tmp_path: Path
) -> None:
    torbay = str(CORPUS / "torbay-2024-02-wsoa-review-note.txt")
    killed = _writer(
        chroma_server,
        tmp_path / "a",
        "ingest",
        torbay,
        WSOA_TEST_KILL_AT="batch_written",
        WSOA_LEASE_SECONDS="3",
    )
    killed.communicate(timeout=120)
    assert killed.returncode == -9
    reader = _server_assistant(chroma_server, tmp_path / "reader")
    assert reader.store._file_lock.holder() is not None  # type: ignore[union-attr]  # left behind
    after = _writer(chroma_server, tmp_path / "b", "ingest", torbay, WSOA_WRITE_WAIT_SECONDS="30")
    out, err = after.communicate(timeout=120)
    assert after.returncode == 0, err
    assert "added" in out
    assert reader.repair().damaged == []
