"""Ingest throughput per embedding runtime and CLI cold starts (`bench.py --ingest-profile`).

For each runtime (torch, onnx, onnx-int8): a new index of the eval corpus (the bundled
corpus plus the two inspection PDFs in tests/data), with the model loaded first so its
load is reported apart; ingest time split into embedding and everything else; the
distinct texts embedded (chunks and evidence units); and retrieval quality on that
index (the eval's hybrid recall@5), so speed is never bought with quality.

Then, in new processes as a person would run them: `wsoa docs` and `wsoa search`
(cold: model load included) over the default runtime's index, plus `wsoa search` with
torch for contrast. Prints a markdown table; the machine is shared, so the load average
is printed beside it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings

RUNTIMES = ("torch", "onnx", "onnx-int8")
PDFS = [
    REPO_ROOT / "tests" / "data" / "bedford.pdf",
    REPO_ROOT / "tests" / "data" / "wiltshire.pdf",
]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def _count_embedding(inner: Any, tally: dict[str, float]) -> None:
    """Wrap ``inner.embed_documents`` to count texts and time spent embedding."""
    original = inner.embed_documents

    def embed(texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return original(texts)
        finally:
            tally["seconds"] += time.perf_counter() - started
            tally["texts"] += len(texts)

    inner.embed_documents = embed


def ingest_once(runtime: str, index_dir: Path) -> dict[str, Any]:
    from evals.items import load_retrieval
    from evals.retrieval import evaluate_retrieval

    settings = Settings()
    settings.paths.index_dir = index_dir
    settings.embedding.runtime = runtime  # type: ignore[assignment]
    assistant = Assistant(settings=settings, backend="extractive")
    started = time.perf_counter()
    assistant.embedder.embed_query("warm up")
    load = time.perf_counter() - started
    tally = {"seconds": 0.0, "texts": 0.0}
    _count_embedding(assistant.embedder.inner, tally)  # type: ignore[attr-defined]
    started = time.perf_counter()
    outcomes = assistant.ingest([settings.paths.corpus_dir, *PDFS])
    seconds = time.perf_counter() - started
    embedded = dict(tally)  # before the eval's queries are embedded too
    chunks = sum(o.chunks for o in outcomes)
    scores = {
        s.summary()["mode"]: s.summary() for s in evaluate_retrieval(assistant, load_retrieval())
    }
    return {
        "runtime": runtime,
        "load": load,
        "chunks": chunks,
        "seconds": seconds,
        "embed_seconds": embedded["seconds"],
        "texts": int(embedded["texts"]),
        "hybrid": scores.get("hybrid", {}),
        "loadavg": load_average(),
    }


def cold_cli(index_dir: Path, runtime: str, *args: str, runs: int = 3) -> float:
    """Median wall time of `wsoa ARGS` in a new process."""
    env = {
        **os.environ,
        "WSOA_INDEX_DIR": str(index_dir),
        "WSOA_EMBEDDING_RUNTIME": runtime,
        "PYTHONPATH": str(REPO_ROOT),
    }
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from assistant.cli import cli; cli()", *args],
            env=env,
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ingest_profile(runtimes: tuple[str, ...] = RUNTIMES) -> list[str]:
    tmp = Path(tempfile.mkdtemp(prefix="wsoa-bench-ingest-"))
    lines = [
        "| runtime | model load | ingest (chunks) | chunks/s | distinct texts embedded "
        "| embedding share | hybrid R@5 | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    print("\n".join(lines), flush=True)
    try:
        for runtime in runtimes:
            row = ingest_once(runtime, tmp / runtime)
            recall = row["hybrid"].get("recall@5")
            line = (
                f"| {runtime} | {row['load']:.1f} s | {row['seconds']:.1f} s ({row['chunks']}) "
                f"| {row['chunks'] / row['seconds']:.1f} | {row['texts']} "
                f"| {row['embed_seconds'] / row['seconds']:.0%} "
                f"| {'n/a' if recall is None else f'{recall:.1%}'} | {row['loadavg']} |"
            )
            print(line, flush=True)
            lines.append(line)
        index = tmp / ("onnx" if "onnx" in runtimes else runtimes[0])
        cli = [
            "",
            "| CLI, new process | median of 3 | load avg |",
            "|---|---|---|",
            f"| `wsoa docs` | {cold_cli(index, 'onnx', 'docs'):.2f} s | {load_average()} |",
            f"| `wsoa search` cold, onnx | "
            f"{cold_cli(index, 'onnx', 'search', 'EHC plans within 20 weeks'):.2f} s "
            f"| {load_average()} |",
            f"| `wsoa search` cold, torch | "
            f"{cold_cli(index, 'torch', 'search', 'EHC plans within 20 weeks'):.2f} s "
            f"| {load_average()} |",
        ]
        print("\n".join(cli), flush=True)
        lines.extend(cli)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lines
