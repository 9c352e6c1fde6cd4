"""Several processes on one index: two ingests at once, a held lock, a reader that stays open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.index.writer_lock import WriterLock
from assistant.records import IngestStatus, SearchFilters
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder
from tests.test_crash_safety import assert_consistent, assert_no_leftovers

TORBAY = "torbay-2024-02-wsoa-review-note"
WIRRAL = "wirral-2022-04-wsoa-review-preparation"


def fake_over(index_dir: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = index_dir
    return Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")


def start_cli(index_dir: Path, *args: str, fake: bool = True, **env: str) -> subprocess.Popen:
    """`wsoa ARGS` in a new process (fake embedder unless ``fake`` is False)."""
    command = (
        [sys.executable, "-m", "tests.kill_at", *args]
        if fake
        else [sys.executable, "-c", "from assistant.cli import cli; cli()", *args]
    )
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "WSOA_INDEX_DIR": str(index_dir),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingests_at_once_both_succeed_and_the_store_is_whole(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = start_cli(index_dir, "ingest", str(CORPUS))
    second = start_cli(index_dir, "ingest", str(CORPUS))
    results = [p.communicate(timeout=600) for p in (first, second)]
    for process, (out, err) in zip((first, second), results, strict=True):
        # Either both succeed, or one says which other writer held the index too long.
        assert process.returncode == 0 or "Another process is writing" in err, (out, err)
    assert 0 in (first.returncode, second.returncode)
    assert all("Traceback" not in err for _, err in results)

    assistant = fake_over(index_dir)
    assert {d.doc_id for d in assistant.documents()} == {p.stem for p in CORPUS.glob("*.txt")}
    assert_consistent(assistant)
    assert_no_leftovers(assistant)
    again = assistant.ingest([CORPUS])
    assert {o.status for o in again} == {IngestStatus.unchanged}


def test_a_writer_that_cannot_get_the_lock_names_the_holder(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    fake_over(index_dir).ingest([CORPUS / f"{WIRRAL}.txt"])
    lock = WriterLock(index_dir, wait_seconds=0)
    with lock.hold():
        blocked = start_cli(
            index_dir, "ingest", str(CORPUS / f"{TORBAY}.txt"), WSOA_WRITE_WAIT_SECONDS="1"
        )
        out, err = blocked.communicate(timeout=300)
    assert blocked.returncode == 1, (out, err)
    assert "Another process is writing to the index" in err
    assert f"pid {os.getpid()}" in err
    assert "Traceback" not in err
    assert {d.doc_id for d in fake_over(index_dir).documents()} == {WIRRAL}

    after = start_cli(index_dir, "ingest", str(CORPUS / f"{TORBAY}.txt"))
    out, err = after.communicate(timeout=300)
    assert after.returncode == 0, err
    assert TORBAY in {d.doc_id for d in fake_over(index_dir).documents()}


def newtown_copy(folder: Path) -> Path:
    """The Torbay note under another name, to be ingested for a new area, Newtown.

    One more line end, so it is another file: a byte-identical copy is refused as a duplicate.
    """
    path = folder / "newtown-2024-review-note.txt"
    path.write_text((CORPUS / f"{TORBAY}.txt").read_text() + "\n")
    return path


NEWTOWN = SearchFilters(local_area="Newtown")


def test_an_open_assistant_sees_another_process_ingest(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    reader = fake_over(index_dir)
    reader.ingest([CORPUS / f"{WIRRAL}.txt", CORPUS / f"{TORBAY}.txt"])
    assert reader.search("mental health support teams", k=3, mode="dense")  # index loaded
    assert not reader.search("mental health support teams", NEWTOWN, k=3)

    writer = start_cli(index_dir, "ingest", str(newtown_copy(tmp_path)), "--area", "Newtown")
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    deleter = start_cli(index_dir, "delete", WIRRAL, "--yes")
    out, err = deleter.communicate(timeout=300)
    assert deleter.returncode == 0, err

    assert {d.doc_id for d in reader.documents()} == {TORBAY, "newtown-2024-review-note"}
    for mode in ("hybrid", "dense", "lexical"):
        found = reader.search("mental health support teams", NEWTOWN, k=5, mode=mode)  # type: ignore[arg-type]
        assert found and {r.chunk.doc_id for r in found} == {"newtown-2024-review-note"}
        everywhere = reader.search("data risk tracker", k=10, mode=mode)  # type: ignore[arg-type]
        assert all(r.chunk.doc_id != WIRRAL for r in everywhere)
    answer = reader.ask("Progress on ASW 6?", "Newtown")
    assert not answer.abstained
    assert {c.doc_id for c in answer.citations} == {"newtown-2024-review-note"}
    assert_consistent(reader)


def test_an_open_real_assistant_sees_another_process_ingest(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    """The same with the real model and store: the app keeps serving across a CLI ingest."""
    assert real_assistant.search("mental health support teams", k=3)
    before = {d.doc_id for d in real_assistant.documents()}
    writer = start_cli(
        real_assistant.settings.paths.index_dir,
        "ingest",
        str(newtown_copy(tmp_path)),
        "--area",
        "Newtown",
        fake=False,
    )
    out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err

    assert {d.doc_id for d in real_assistant.documents()} == before | {"newtown-2024-review-note"}
    found = real_assistant.search("mental health support teams", NEWTOWN, k=5, mode="dense")
    assert found and {r.chunk.doc_id for r in found} == {"newtown-2024-review-note"}
    answer = real_assistant.ask("Progress on ASW 6?", "Newtown")
    assert not answer.abstained
    assert {c.doc_id for c in answer.citations} == {"newtown-2024-review-note"}
