"""Quick ingest and a quick CLI: each text embedded once, no model for store-only commands.

The CLI checks run `wsoa` in a fresh Python process (as a person would) and report
which heavy modules that process imported; nothing here is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.errors import EmbedderMismatchError
from assistant.index.embedder import embedder_identity
from assistant.index.store import LEGACY_EMBEDDER_IDENTITY
from assistant.index.unit_cache import UnitVectorCache
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, EmbeddingSettings, Settings
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

HEAVY = ("torch", "sentence_transformers", "transformers", "onnxruntime", "langchain_community")

_PROBE = """
import json, sys
from assistant.cli import cli
watched = json.loads(sys.argv[2])
sys.argv = ["wsoa", *json.loads(sys.argv[1])]
try:
    cli()
except SystemExit as stop:
    code = stop.code or 0
else:
    code = 0
heavy = [m for m in watched if m in sys.modules]
print("\\nPROBE " + json.dumps({"code": code, "heavy": heavy}))
"""


def run_cli(index_dir: Path, *args: str) -> tuple[dict[str, object], str]:
    """Run `wsoa ARGS` in a new process; returns its exit code and heavy modules, and output."""
    env = {**os.environ, "WSOA_INDEX_DIR": str(index_dir), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=600,
    )
    output, _, probe = done.stdout.rpartition("\nPROBE ")
    assert probe, done.stderr
    return json.loads(probe), output


class CountingEmbedder(Embeddings):
    """Wraps the fake embedder and records every batch it is asked to embed."""

    def __init__(self, identity: str | None = None) -> None:
        self.inner = HashEmbedder()
        self.batches: list[list[str]] = []
        if identity:
            self.identity = identity

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def assistant_at(index_dir: Path, embedder: Embeddings) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = index_dir
    return Assistant(embedder=embedder, settings=settings, backend="extractive")


def test_store_only_commands_load_no_model(fake_index_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fake_index_dir, index)
    commands = [
        ("docs", "--json"),
        ("show", "torbay-2024-02-wsoa-review-note", "--json"),
        ("priorities", "--area", "Torbay"),
        ("actions", "--area", "Shropshire"),
    ]
    for args in commands:
        probe, output = run_cli(index, *args)
        assert probe["code"] == 0, (args, output)
        assert probe["heavy"] == [], args
    _, listing = run_cli(index, "docs", "--json")
    ids = {d["doc_id"] for d in json.loads(listing)["documents"]}
    assert "torbay-2024-02-wsoa-review-note" in ids


def test_search_runs_without_torch(real_index_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(real_index_dir, index)
    probe, output = run_cli(index, "search", "EHC plans issued within 20 weeks", "--json")
    assert probe["code"] == 0, output
    assert "torch" not in probe["heavy"]
    assert "sentence_transformers" not in probe["heavy"]
    assert "onnxruntime" in probe["heavy"]  # the query really was embedded, by ONNX Runtime
    assert json.loads(output)["results"]


def test_ingest_embeds_each_distinct_text_once(tmp_path: Path) -> None:
    counting = CountingEmbedder()
    assistant = assistant_at(tmp_path / "index", counting)
    outcomes = assistant.ingest([CORPUS])
    added = [o for o in outcomes if o.status is IngestStatus.added]
    assert len(added) == len(outcomes) >= 5
    assert len(counting.batches) == len(added)  # one batch per document
    embedded = Counter(t for batch in counting.batches for t in batch)
    assert max(embedded.values()) == 1  # no text embedded twice
    # Chunks and evidence units are embedded together: more texts than chunks.
    assert sum(embedded.values()) > sum(o.chunks for o in added)

    # Same text, new metadata: the evidence units' vectors come from the cache.
    note = CORPUS / "torbay-2024-02-wsoa-review-note.txt"
    copy = tmp_path / "torbay.txt"
    # One more line end: a byte-identical copy would be refused as a duplicate.
    copy.write_text(note.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    counting.batches.clear()
    [outcome] = assistant.ingest([copy])
    assert outcome.status is IngestStatus.added
    [batch] = counting.batches
    assert 0 < len(batch) <= outcome.chunks  # chunk texts only: the units were cached


def test_question_reads_unit_vectors_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = embedder_identity(EmbeddingSettings())
    first = CountingEmbedder(identity)
    assistant_at(tmp_path / "index", first).ingest([CORPUS])
    at_ingest = {t for batch in first.batches for t in batch}
    # A new process with the default embedder wiring, the model replaced by the fake.
    later = CountingEmbedder(identity)
    monkeypatch.setattr("assistant.index.embedder.make_embedder", lambda settings: later)
    settings = Settings()
    settings.paths.index_dir = tmp_path / "index"
    fresh = Assistant(settings=settings, backend="extractive")
    answer = fresh.ask("What evidence of impact is there for EHC plans?", "Shropshire")
    assert answer.sentences and answer.citations
    embedded = {t for batch in later.batches for t in batch}
    assert embedded  # the question itself
    assert not embedded & at_ingest  # evidence units came from the files ingest wrote


def test_unit_cache_round_trip_and_replace(tmp_path: Path) -> None:
    cache = UnitVectorCache(tmp_path, "fake|v1")
    cache.save("doc-a", ["one", "two"], [[1.0, 0.0], [0.0, 1.0]])
    assert set(cache.lookup(["one", "two", "three"])) == {"one", "two"}
    cache.save("doc-a", ["two", "four"], [[0.5, 0.5], [0.2, 0.8]])  # rows move
    found = cache.lookup(["one", "two", "four"])
    assert set(found) == {"two", "four"}
    assert np.allclose(found["four"], [0.2, 0.8])
    other = UnitVectorCache(tmp_path, "fake|v1")  # another process reads the files
    assert np.allclose(other.lookup(["two"])["two"], [0.5, 0.5])
    assert UnitVectorCache(tmp_path, "fake|v2").lookup(["two"]) == {}
    cache.delete("doc-a")
    assert cache.lookup(["two"]) == {}


def test_an_index_refuses_another_embedders_vectors(tmp_path: Path) -> None:
    index = tmp_path / "index"
    built = assistant_at(index, CountingEmbedder("fake|fp32"))
    built.ingest([CORPUS / "torbay-2024-02-wsoa-review-note.txt"])
    assert built.store.recorded_embedder() == "fake|fp32"
    assert built.search("EHC plans")

    other = assistant_at(index, CountingEmbedder("fake|int8"))
    with pytest.raises(EmbedderMismatchError, match="rebuild the index"):
        other.search("EHC plans")
    [outcome] = other.ingest([CORPUS / "wirral-2022-04-wsoa-review-preparation.txt"])
    assert outcome.status is IngestStatus.failed
    assert "fake|fp32" in (outcome.reason or "")
    assert other.store.document_count() == 1  # nothing mixed in

    # Emptied, the index takes the new embedder.
    other.delete("torbay-2024-02-wsoa-review-note")
    [outcome] = other.ingest([CORPUS / "wirral-2022-04-wsoa-review-preparation.txt"])
    assert outcome.status is IngestStatus.added
    assert other.store.recorded_embedder() == "fake|int8"


def test_runtime_identities() -> None:
    # Indexes built before identities were recorded hold torch fp32 vectors: still valid
    # for torch and fp32 ONNX (same vectors), refused for int8.
    assert embedder_identity(EmbeddingSettings(runtime="torch")) == LEGACY_EMBEDDER_IDENTITY
    assert embedder_identity(EmbeddingSettings(runtime="onnx")) == LEGACY_EMBEDDER_IDENTITY
    assert embedder_identity(EmbeddingSettings(runtime="onnx-int8")) != LEGACY_EMBEDDER_IDENTITY
