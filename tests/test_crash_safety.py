"""Ingest killed (SIGKILL) at exact steps of a write, then docs/search/show and a re-ingest.

Each case runs the real CLI in a subprocess (with the fake embedder) that kills itself
at a named step of :meth:`ChunkStore.write_document`; the index it leaves must show
either the old document or the new one, whole, and a re-ingest must mend the rest.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import UnknownDocumentError
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

TORBAY = "torbay-2024-02-wsoa-review-note"
WIRRAL = "wirral-2022-04-wsoa-review-preparation"
NEW_WORDS = "respite care for disabled children over the summer holidays"

# (step, nth time it is reached): mid-batch, all chunks before the record, record before
# clean-up, old chunks deleted before the old actions.
STEPS = [
    ("batch_written", 2),
    ("chunks_written", 1),
    ("record_written", 1),
    ("old_chunks_deleted", 1),
]
COMMITTED_AT = {"record_written", "old_chunks_deleted"}


def assistant_over(index_dir: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = index_dir
    settings.ingest.ingest_batch = 10
    return Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")


def run_killed(index_dir: Path, step: str, nth: int, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "WSOA_INDEX_DIR": str(index_dir),
        "WSOA_INGEST_BATCH": "10",  # several batches per document, so one can be cut
        "WSOA_TEST_KILL_AT": step,
        "WSOA_TEST_KILL_AFTER": str(nth),
    }
    return subprocess.run(
        [sys.executable, "-m", "tests.kill_at", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def edited_torbay(folder: Path) -> Path:
    """The Torbay note with one paragraph cut and one added: other chunks, other count."""
    folder.mkdir(exist_ok=True)
    text = (CORPUS / f"{TORBAY}.txt").read_text()
    cut = text.index("\n\n", len(text) // 3)
    edited = text[:cut] + text[cut + 400 :] + f"\nA new closing paragraph about {NEW_WORDS}.\n"
    shutil.copy(CORPUS / "manifest.json", folder / "manifest.json")
    path = folder / f"{TORBAY}.txt"
    path.write_text(edited)
    return path


def assert_consistent(assistant: Assistant) -> None:
    """Every listed document has exactly its chunks; every search hit is an exact span."""
    texts = {}
    for doc in assistant.documents():
        text = texts[doc.doc_id] = assistant.show(doc.doc_id).text
        chunks = assistant.store.chunks_of(doc.doc_id)
        assert len(chunks) == doc.chunks > 0, doc.doc_id
        assert all(text[c.start : c.end] == c.text for c in chunks)
    for mode in ("hybrid", "dense", "lexical"):
        for query in (NEW_WORDS, "speech and language therapy waiting times"):
            results = assistant.search(query, k=20, mode=mode)  # type: ignore[arg-type]
            assert results
            for r in results:
                assert r.chunk.doc_id in texts, r.chunk.doc_id
                assert texts[r.chunk.doc_id][r.chunk.start : r.chunk.end] == r.chunk.text


def assert_no_leftovers(assistant: Assistant) -> None:
    records = assistant.store.list_documents()
    assert assistant.store.chunk_count() == sum(int(r["chunks"]) for r in records)
    assert assistant.store.action_records.count() == sum(int(r["actions"]) for r in records)


@pytest.mark.parametrize(("step", "nth"), STEPS, ids=[s for s, _ in STEPS])
def test_add_killed_at_each_step(tmp_path: Path, step: str, nth: int) -> None:
    index_dir = tmp_path / "index"
    assistant_over(index_dir).ingest([CORPUS / f"{WIRRAL}.txt"])
    source = CORPUS / f"{TORBAY}.txt"

    result = run_killed(index_dir, step, nth, "ingest", str(source))
    assert result.returncode == -signal.SIGKILL, result.stderr

    assistant = assistant_over(index_dir)
    committed = step in COMMITTED_AT
    assert (TORBAY in {d.doc_id for d in assistant.documents()}) == committed
    if not committed:
        with pytest.raises(UnknownDocumentError):
            assistant.show(TORBAY)
    assert_consistent(assistant)

    [outcome] = assistant.ingest([source])
    expected = IngestStatus.unchanged if committed else IngestStatus.added
    assert outcome.status == expected
    assert_consistent(assistant)
    assert_no_leftovers(assistant)


@pytest.mark.parametrize(("step", "nth"), STEPS, ids=[s for s, _ in STEPS])
def test_replace_killed_at_each_step(tmp_path: Path, step: str, nth: int) -> None:
    index_dir = tmp_path / "index"
    assistant_over(index_dir).ingest([CORPUS / f"{WIRRAL}.txt", CORPUS / f"{TORBAY}.txt"])
    old_text = (CORPUS / f"{TORBAY}.txt").read_text()
    edited = edited_torbay(tmp_path / "edited")

    result = run_killed(index_dir, step, nth, "ingest", str(edited))
    assert result.returncode == -signal.SIGKILL, result.stderr

    assistant = assistant_over(index_dir)
    committed = step in COMMITTED_AT
    shown = assistant.show(TORBAY).text
    assert shown == (edited.read_text() if committed else old_text)
    assert_consistent(assistant)
    found = assistant.search(NEW_WORDS, k=5, mode="lexical")
    assert any(NEW_WORDS in r.chunk.text for r in found) == committed

    [outcome] = assistant.ingest([edited])
    assert outcome.status == (IngestStatus.unchanged if committed else IngestStatus.replaced)
    assert assistant.show(TORBAY).text == edited.read_text()
    assert_consistent(assistant)
    assert_no_leftovers(assistant)


def test_repair_command_removes_what_a_killed_ingest_left(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    assistant_over(index_dir).ingest([CORPUS / f"{WIRRAL}.txt"])
    result = run_killed(index_dir, "chunks_written", 1, "ingest", str(CORPUS / f"{TORBAY}.txt"))
    assert result.returncode == -signal.SIGKILL
    assistant = assistant_over(index_dir)
    stray = assistant.store.chunk_count() - assistant.documents()[0].chunks
    assert stray > 0

    out = CliRunner().invoke(cli, ["repair", "--json"], obj=assistant)
    assert out.exit_code == 0, out.output
    assert f'"removed_chunks": {stray}' in out.output
    assert_no_leftovers(assistant)
    assert_consistent(assistant)


def test_missing_chunks_are_not_unchanged(tmp_path: Path) -> None:
    """A record whose chunks are gone (an older program's crash) is re-ingested, not skipped."""
    assistant = assistant_over(tmp_path / "index")
    source = CORPUS / f"{TORBAY}.txt"
    assistant.ingest([source])
    stored = assistant.store.chunks.get(where={"doc_id": TORBAY}, include=[])["ids"]
    assistant.store.chunks.delete(ids=stored[:5])

    report = assistant.repair()
    assert report.damaged == [TORBAY]
    [outcome] = assistant.ingest([source])
    assert outcome.status == IngestStatus.replaced
    assert assistant.repair().damaged == []
    assert_consistent(assistant)
    assert_no_leftovers(assistant)


def test_delete_command_asks_and_names_unknown_ids(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path / "index")
    assistant.ingest([CORPUS / f"{WIRRAL}.txt", CORPUS / f"{TORBAY}.txt"])
    runner = CliRunner()

    unknown = runner.invoke(cli, ["delete", "no-such-doc", "--yes"], obj=assistant)
    assert unknown.exit_code == 1
    assert "No document 'no-such-doc'" in unknown.output
    assert "Traceback" not in unknown.output

    declined = runner.invoke(cli, ["delete", TORBAY], obj=assistant, input="n\n")
    assert declined.exit_code == 1
    assert f"Delete '{TORBAY}'" in declined.output
    assert TORBAY in {d.doc_id for d in assistant.documents()}

    confirmed = runner.invoke(cli, ["delete", TORBAY], obj=assistant, input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert {d.doc_id for d in assistant.documents()} == {WIRRAL}
    assert not assistant.store.chunks_of(TORBAY)
    assert_no_leftovers(assistant)
