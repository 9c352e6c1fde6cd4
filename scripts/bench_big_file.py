"""Time the ingest of one big text file (the bundled corpus repeated to --mb megabytes).

Prints the figures as a markdown table for docs/benchmarks.md ("Largest file ingested"):
file size, passages, ingest time, throughput, peak RSS of this process, index folder size,
then one hybrid search and one extractive ask over the new index. ``--fake`` uses the
hashing test embedder instead of MiniLM (to time everything but the model).

    python scripts/bench_big_file.py --mb 20
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings


def build_file(folder: Path, megabytes: float) -> Path:
    corpus = "\n\n".join(p.read_text() for p in sorted((REPO_ROOT / "corpus").glob("*.txt")))
    repeats = int(megabytes * 1024 * 1024 // len(corpus.encode())) + 1
    path = folder / "big-register.txt"
    path.write_text("\n\n".join(corpus for _ in range(repeats)))
    return path


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--fake", action="store_true", help="hashing embedder, not MiniLM")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="wsoa-big-"))
    try:
        path = build_file(root, args.mb)
        settings = Settings()
        settings.paths.index_dir = root / "index"
        settings.ingest.max_file_mb = max(settings.ingest.max_file_mb, args.mb + 1)
        embedder = None
        if args.fake:
            sys.path.insert(0, str(REPO_ROOT))
            from tests.fakes import HashEmbedder

            embedder = HashEmbedder()
        assistant = Assistant(embedder=embedder, settings=settings, backend="extractive")
        _ = assistant.embedder.embed_query("warm up")  # model load is not ingest time
        size = path.stat().st_size / 1024 / 1024
        began = time.perf_counter()
        [outcome] = assistant.ingest(
            [path],
            progress=lambda done, total, name: print(f"  {done}/{total} {name}", flush=True),
        )
        took = time.perf_counter() - began
        if outcome.status != IngestStatus.added:
            raise SystemExit(f"ingest failed: {outcome.reason}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        began = time.perf_counter()
        assistant.search("waiting times for speech and language therapy", k=5)
        search = time.perf_counter() - began
        began = time.perf_counter()
        assistant.ask("What progress has been made on EHC plan timeliness?")
        ask = time.perf_counter() - began
        embedder_name = "hashing test embedder" if args.fake else "MiniLM"
        print(f"\n| figure ({embedder_name}) | value |\n|---|---|")
        print(f"| file | {size:.1f} MB text, {outcome.chunks} passages |")
        print(f"| ingest time | {took:.0f} s ({outcome.chunks / took:.0f} passages/s) |")
        print(f"| peak RSS of the process | {rss:.0f} MB |")
        print(f"| index folder afterwards | {folder_mb(settings.paths.index_dir):.0f} MB |")
        print(f"| first hybrid search after it | {search:.1f} s |")
        print(f"| first extractive ask after it | {ask:.1f} s |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
