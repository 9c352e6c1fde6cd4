"""Figures for first use and hostile input: empty-index reads, the injection check, refusals.

    .venv/bin/python scripts/bench_hostile.py

Prints, each the median of five runs: `wsoa docs` on a folder never built (a whole
process); training the injection classifier; checking each of the 50 real documents;
refusing a 1 MB question and a .docx that unpacks to 60 MB of XML. The results are in
docs/benchmarks.md ("First use and hostile input").
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.errors import AssistantError
from assistant.settings import REPO_ROOT, Settings

RUNS = 5


def median_seconds(run: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def empty_docs() -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "WSOA_INDEX_DIR": str(Path(folder) / "never-built")}
        wsoa = [str(Path(sys.executable).parent / "wsoa"), "docs"]
        return median_seconds(lambda: subprocess.run(wsoa, env=env, capture_output=True))


def main() -> None:
    from assistant.domain.injection import find_injections
    from assistant.domain.injection_model import ReaderOrderModel
    from evals.injection import real_documents

    print(f"wsoa docs, empty index (whole process): {empty_docs():.2f} s")
    train = median_seconds(ReaderOrderModel, runs=3)
    print(f"injection classifier, training at first use: {train:.2f} s")
    texts = list(real_documents().values())
    model = ReaderOrderModel()
    chars = sum(len(t) for t in texts)
    check = median_seconds(lambda: [find_injections(t, model) for t in texts], runs=3)
    print(
        f"injection check, 50 real documents ({chars / 1e6:.1f} M chars): {check:.2f} s "
        f"({1000 * check / len(texts):.0f} ms a document)"
    )

    sys.path.insert(0, str(REPO_ROOT))  # the fake embedder and the bomb maker of the tests
    from assistant.service import Assistant
    from tests.fakes import HashEmbedder
    from tests.test_bounds import docx_bomb

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings()
        settings.paths.index_dir = Path(folder) / "index"
        assistant = Assistant(embedder=HashEmbedder(), settings=settings)
        assistant.ingest([REPO_ROOT / "corpus" / "torbay-2024-02-wsoa-review-note.txt"])
        question = "What evidence is there for Torbay priority 5? " * 22_000

        def ask_long() -> None:
            with contextlib.suppress(AssistantError):  # the refusal is what is timed
                assistant.ask(question)

        print(f"refusing a 1 MB question: {1000 * median_seconds(ask_long):.1f} ms")
        bomb = docx_bomb(Path(folder) / "bomb.docx", xml_mb=60)
        refuse = median_seconds(lambda: assistant.ingest([bomb]))
        print(
            f"refusing a {bomb.stat().st_size / 1024:.0f} KB .docx of 60 MB XML: "
            f"{1000 * refuse:.0f} ms"
        )


if __name__ == "__main__":
    main()
