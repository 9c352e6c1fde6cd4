"""The same commands against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
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
from assistant.settings import Settings
from tests.conftest import CORPUS

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
        return json.loads(result.output)

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
    assert not (tmp_path / "must-stay-empty").exists()
