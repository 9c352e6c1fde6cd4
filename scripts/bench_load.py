"""Load benchmark: simultaneous users on the served app; p50/p95 per kind and server RSS.

Serves the app (extractive backend, loopback only) over a fresh index of the bundled
corpus and the two test PDFs built with the real embedding model (or ``--index DIR``,
copied first, or ``--fake`` for the fake embedder), then runs the same load as
``tests/test_load.py``: ``--users`` sessions at once, each doing ``--rounds`` steps
mixing ask, search, draft, compare and gaps, one of them also uploading a document.
``--write`` puts the figures in the "## Load" section of docs/benchmarks.md (only that
section is replaced).

    PYTHONPATH=. .venv/bin/python scripts/bench_load.py --write
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.service import Assistant  # noqa: E402
from assistant.settings import REPO_ROOT, Settings  # noqa: E402
from tests.load import LoadRun, run_load, start_server, stop_server  # noqa: E402

LOAD_HEADING = "## Load"
UPLOAD_TEXT = (
    "Bristol: note of the WSoA review meeting, March 2024.\n\n"
    "Waiting times for EHC plans fell to 18 weeks.\n"
)


def build_index(folder: Path, fake: bool) -> None:
    settings = Settings()
    settings.paths.index_dir = folder
    embedder = None
    if fake:
        from tests.fakes import HashEmbedder

        embedder = HashEmbedder()
    sources = [REPO_ROOT / "corpus", *sorted((REPO_ROOT / "tests" / "data").glob("*.pdf"))]
    Assistant(settings=settings, embedder=embedder, backend="extractive").ingest(sources)


def section(run: LoadRun, args: argparse.Namespace, load: str) -> str:
    embedder = "fake embedder" if args.fake else "real MiniLM embedder"
    return "\n".join(
        [
            LOAD_HEADING,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
            f"{os.cpu_count()}-core CPU (`python scripts/bench_load.py`): {run.users} users "
            f"at once on the served app (loopback, extractive backend, {embedder}), each "
            f"doing {args.rounds} steps mixing ask, search, draft, compare and gaps; one "
            f"also uploads a document. {len(run.calls)} requests in {run.wall_seconds:.0f} s, "
            f"{len(run.errors)} errors. Load average before the run: {load}.",
            "",
            run.table(),
            "",
            f"Server RSS after warm-up {run.rss_before_mb:.0f} MB, after the run "
            f"{run.rss_after_mb:.0f} MB.",
            "",
            '"page load" is a session connecting and running the page\'s start-up. Drafts, '
            "notes, compare, gaps and uploads share a pool of 2; asks (4) and quick look-ups "
            "such as search (8) have their own, so they do not queue behind drafts. The users' "
            "clients run on the same two cores as the server, so all figures include their "
            "work too.",
            "",
        ]
    )


def write_section(out: Path, text: str) -> None:
    """Replace (or append) the Load section, leaving every other section as it is."""
    old = out.read_text(encoding="utf-8") if out.is_file() else "# Benchmarks\n"
    if LOAD_HEADING + "\n" in old:
        start = old.index(LOAD_HEADING + "\n")
        end = old.find("\n## ", start + len(LOAD_HEADING))
        rest = old[end + 1 :] if end != -1 else ""
        new = old[:start] + text + ("\n" + rest if rest else "")
    else:
        new = old.rstrip() + "\n\n" + text
    out.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index", type=Path, help="copy this index instead of building one")
    parser.add_argument("--fake", action="store_true", help="fake embedder (no model)")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wsoa-bench-load-"))
    try:
        index = tmp / "index"
        if args.index:
            shutil.copytree(args.index, index)
        else:
            print("building the index…", flush=True)
            build_index(index, args.fake)
        upload = tmp / "bristol-2024-03-wsoa-review-note.txt"
        upload.write_text(UPLOAD_TEXT, encoding="utf-8")
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        server, url = start_server(index, fake=args.fake, log=tmp / "serve.log")
        try:
            run = run_load(url, server.pid, users=args.users, rounds=args.rounds, upload=upload)
        finally:
            stop_server(server)
        text = section(run, args, load)
        print(text)
        for call in run.errors:
            print(f"ERROR {call.kind}: {call.error}")
        print("load average after:", " ".join(Path("/proc/loadavg").read_text().split()[:3]))
        if args.write:
            write_section(args.out, text)
            print(f"wrote {args.out}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
