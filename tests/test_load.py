"""Twenty people at once on the served app (loopback only): no errors, memory bounded.

The app runs as its own process over a copy of the fake-embedder index, with the
extractive backend; 20 ``gradio_client`` sessions start together and each works
through five steps mixing ask, search, draft, compare and gaps (one also uploads a
document). Latency per kind is printed, not asserted: the figures, measured with
the real embedder, are in docs/benchmarks.md (``scripts/bench_load.py``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.load import run_load, start_server, stop_server

pytestmark = pytest.mark.slow

USERS, ROUNDS = 20, 5
#: Growth allowed across the run: caches fill (answers, files for downloads), leaks do not.
RSS_GROWTH_MB = 300


def test_twenty_users_at_once(fake_index_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(fake_index_dir, index)  # the upload writes to it
    upload = tmp_path / "bristol-2024-03-wsoa-review-note.txt"
    upload.write_text(
        "Bristol: note of the WSoA review meeting, March 2024.\n\n"
        "Waiting times for EHC plans fell to 18 weeks.\n",
        encoding="utf-8",
    )
    server, url = start_server(index, fake=True, log=tmp_path / "serve.log")
    try:
        run = run_load(url, server.pid, users=USERS, rounds=ROUNDS, upload=upload)
    finally:
        stop_server(server)
    print(f"\n{USERS} users, {len(run.calls)} requests in {run.wall_seconds:.1f} s")
    print(run.table())
    print(f"server RSS before {run.rss_before_mb:.0f} MB, after {run.rss_after_mb:.0f} MB")

    assert not run.errors, [f"{c.kind}: {c.error}" for c in run.errors]
    assert len(run.calls) == USERS * (ROUNDS + 1) + 1  # every step of every user answered
    kinds = run.by_kind()
    assert {"ask", "search", "draft", "compare", "gaps", "upload"} <= set(kinds)
    assert run.rss_after_mb < run.rss_before_mb + RSS_GROWTH_MB
