"""Benchmarks (run by `make bench`): prints figures and writes docs/benchmarks.md.

Measured here, on whatever machine runs it:
- embedding-model load time, then indexing the bundled corpus from scratch
  (chunks and chunks/s);
- warm search latency (hybrid, p50/p95) over 200 queries;
- extractive ask latency (median);
- local-model ask and one-priority draft latency (median), unless --no-llm.

`--reports DIR` instead times ingest of a folder of real inspection reports (the national
library's 43 in corpus/national): loading and parsing alone, then a full ingest with the
real embedder into a temporary index. Its figures go in their own section of
docs/benchmarks.md, which the main benchmark keeps when it rewrites the file.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.corpus.loaders import load_document
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from assistant.structure import parse_structure

QUERIES = [
    "waiting times for speech and language therapy",
    "EHC plans issued within 20 weeks",
    "co-production with the parent carer forum",
    "exclusions of children with an EHC plan",
    "joint commissioning arrangements",
    "autism and ADHD diagnostic pathway",
    "preparation for adulthood and post-16",
    "local offer website",
    "graduated response in schools",
    "evidence of impact on families",
    "annual reviews completed on time",
    "designated clinical officer role",
    "mental health support teams",
    "data dashboard and KPIs",
    "SEND strategy governance board",
    "areas for improvement from the inspection",
    "alternative provision quality standards",
    "parent survey responses",
    "educational psychology advice timescales",
    "capacity in area teams",
]
ASK_QUESTIONS = [
    ("What evidence of impact is there for EHC plans?", "Shropshire"),
    ("How far have mental health support teams been rolled out?", "Torbay"),
    ("What are the next steps on the graduated response?", "Wirral"),
    ("What did the inspectors say about waits for neurodevelopmental assessment?", None),
    ("What evidence do we have for priority 5?", None),
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


REPORTS_HEADING = "## Ingest of real inspection reports"


def reports_section(out: Path) -> str:
    """The reports section of an existing benchmarks file ('' if none)."""
    if not out.is_file():
        return ""
    text = out.read_text(encoding="utf-8")
    return text[text.index(REPORTS_HEADING) :].rstrip() + "\n" if REPORTS_HEADING in text else ""


def bench_reports(folder: Path, out: Path) -> None:
    """Time load + structure, then a real ingest, of every PDF in ``folder``."""
    files = sorted(folder.glob("*.pdf"))
    started = time.perf_counter()
    priorities = 0
    for path in files:
        document = load_document(path)
        priorities += len(parse_structure(document.text, document.doc_type).priorities)
    parse_seconds = time.perf_counter() - started

    tmp = Path(tempfile.mkdtemp(prefix="wsoa-bench-reports-"))
    settings = Settings()
    settings.paths.index_dir = tmp / "index"
    assistant = Assistant(settings=settings, backend="extractive")
    assistant.embedder.embed_query("warm up")  # model load is not ingest time
    started = time.perf_counter()
    outcomes = assistant.ingest(files)
    seconds = time.perf_counter() - started
    shutil.rmtree(tmp, ignore_errors=True)
    failed = [o for o in outcomes if o.status is IngestStatus.failed]
    chunks = sum(o.chunks for o in outcomes)
    section = "\n".join(
        [
            REPORTS_HEADING,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, same machine kind "
            f"(`python scripts/bench.py --reports {folder.name}`).",
            "",
            "| figure | value |",
            "|---|---|",
            f"| load + parse structure, no embedding ({len(files)} PDFs, {priorities} "
            f"priorities) | {parse_seconds:.1f} s ({parse_seconds / len(files):.2f} s/report) |",
            f"| full ingest into a new index, real MiniLM ({len(files) - len(failed)} of "
            f"{len(files)} ingested, {chunks} chunks) | {seconds:.1f} s |",
            f"| ingest throughput | {chunks / seconds:.1f} chunks/s |",
            "",
        ]
    )
    print(section)
    for outcome in failed:
        print(f"FAILED {outcome.path}: {outcome.reason}")
    text = out.read_text(encoding="utf-8") if out.is_file() else "# Benchmarks\n"
    if REPORTS_HEADING in text:
        text = text[: text.index(REPORTS_HEADING)]
    out.write_text(text.rstrip() + "\n\n" + section, encoding="utf-8")
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-llm", action="store_true", help="skip the local-model figures")
    parser.add_argument("--runs", type=int, default=3, help="local-model runs per figure")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--reports", type=Path, help="time ingest of this folder of inspection-report PDFs"
    )
    parser.add_argument(
        "--ingest-profile",
        action="store_true",
        help="ingest throughput and quality per embedding runtime, and CLI cold starts (prints)",
    )
    args = parser.parse_args()
    if args.ingest_profile:
        from bench_ingest import ingest_profile

        ingest_profile()
        return
    if args.reports:
        bench_reports(args.reports, args.out)
        return
    kept = reports_section(args.out)

    lines: list[str] = []

    def report(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    tmp = Path(tempfile.mkdtemp(prefix="wsoa-bench-"))
    settings = Settings()
    settings.paths.index_dir = tmp / "index"
    assistant = Assistant(settings=settings, backend="extractive")

    started = time.perf_counter()
    assistant.embedder.embed_query("warm up")
    load = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = assistant.ingest([settings.paths.corpus_dir])
    index_seconds = time.perf_counter() - started
    chunks = sum(o.chunks for o in outcomes)

    report(
        f"# Benchmarks\n\nMeasured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.machine()}, {platform.python_version()}, 2-core CPU, no GPU "
        f"(`make bench`).\n"
    )
    report("| figure | value |\n|---|---|")
    report(f"| embedding model load (packaged MiniLM) | {load:.1f} s |")
    report(
        f"| index the bundled corpus from scratch ({len(outcomes)} documents, {chunks} chunks)"
        f" | {index_seconds:.1f} s |"
    )
    report(f"| indexing throughput | {chunks / index_seconds:.1f} chunks/s |")

    for query in QUERIES[:3]:  # warm: BM25 built, caches filled
        assistant.search(query)
    latencies = []
    for i in range(200):
        query = QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {i}")
        started = time.perf_counter()
        assistant.search(query, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
    report(
        f"| warm hybrid search, 200 queries | p50 {pct(latencies, 0.5):.1f} ms, "
        f"p95 {pct(latencies, 0.95):.1f} ms |"
    )

    asks, repeats = [], []
    for run in (asks, repeats):  # first pass: each question new; second: the same again
        for question, area in ASK_QUESTIONS:
            started = time.perf_counter()
            assistant.ask(question, area)
            run.append(time.perf_counter() - started)
    report(
        f"| extractive ask, first time ({len(asks)} questions) | median "
        f"{statistics.median(asks):.2f} s, max {max(asks):.2f} s |"
    )
    report(f"| extractive ask, repeated | median {statistics.median(repeats):.2f} s |")

    if not args.no_llm:
        local = Assistant(settings=settings, backend="local")
        started = time.perf_counter()
        _ = local.chat
        report(
            f"| local model load (Qwen2.5-Coder-1.5B Q4_K_M) | "
            f"{time.perf_counter() - started:.1f} s |"
        )
        local_asks = []
        for question, area in ASK_QUESTIONS[: args.runs]:
            started = time.perf_counter()
            local.ask(question, area)
            local_asks.append(time.perf_counter() - started)
        report(
            f"| local-model ask ({len(local_asks)} questions) | median "
            f"{statistics.median(local_asks):.1f} s, max {max(local_asks):.1f} s |"
        )
        drafts = []
        for area, priority in [("Torbay", 6), ("Shropshire", 5), ("Wirral", 2)][: args.runs]:
            started = time.perf_counter()
            local.draft(area, priority)
            drafts.append(time.perf_counter() - started)
        report(
            f"| local-model draft of one priority ({len(drafts)} drafts) | median "
            f"{statistics.median(drafts):.1f} s, max {max(drafts):.1f} s |"
        )

    report(
        "\nTargets: search p50 < 50 ms warm; extractive ask < 1 s; local ask < 30 s; "
        "local draft of one priority < 90 s."
    )
    shutil.rmtree(tmp, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n" + ("\n" + kept if kept else ""), encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
