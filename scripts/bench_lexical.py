"""Lexical (BM25) search at scale: build time, first and warm search, search after an ingest.

    python scripts/bench_lexical.py build DIR [--chunks 10000]   # a store of ~N chunks
    python scripts/bench_lexical.py measure DIR                  # the figures, as JSON

``build`` indexes the bundled corpus and the two test PDFs with the deterministic
fake embedder, then stores copies of their chunks under other document ids and
area names until the store holds about ``--chunks`` chunks. ``measure`` only uses
``HybridRetriever.lexical``, so it runs against older code too (point PYTHONPATH at
another checkout) for before/after figures on the same store. Timings are wall
clock on a shared machine: compare runs made close together.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = [
    "waiting times for speech and language therapy",
    "EHC plans issued within 20 weeks",
    "co-production with the parent carer forum",
    "areas for improvement in the inspection",
    "priority 4 speech and language",
    "Data Risk Tracker escalation",
    "neurodevelopmental pathway assessment",
    "5.1.2 annual reviews",
]


def _settings(index_dir: Path):  # type: ignore[no-untyped-def]
    from assistant.settings import Settings

    settings = Settings()
    settings.paths.index_dir = index_dir
    return settings


def build(index_dir: Path, target: int) -> None:
    from assistant.index.store import ChunkStore
    from assistant.service import Assistant
    from tests.conftest import CORPUS, PDFS
    from tests.fakes import HashEmbedder

    settings = _settings(index_dir)
    Assistant(embedder=HashEmbedder(), settings=settings).ingest([CORPUS, *PDFS])
    store = ChunkStore(settings)  # no lexical listener: copies are written to Chroma only
    embedder = HashEmbedder()
    originals = [r["doc_id"] for r in store.list_documents()]
    per_copy = store.chunk_count()
    for copy in range(1, max(1, round(target / per_copy))):
        for doc_id in originals:
            document = store.get_document(doc_id)
            new_id, area = f"{doc_id}-copy{copy}", f"{document.local_area} {copy}"
            chunks = [
                c.model_copy(
                    update={
                        "chunk_id": c.chunk_id.replace(doc_id, new_id, 1),
                        "doc_id": new_id,
                        "local_area": area,
                    }
                )
                for c in store.chunks_of(doc_id)
            ]
            store.replace_document(
                document.model_copy(update={"doc_id": new_id, "local_area": area}),
                chunks,
                embedder.embed_documents([c.text for c in chunks]),
                store.priorities(doc_id),
            )
        print(f"copy {copy}: {store.chunk_count()} chunks", file=sys.stderr)


def measure(index_dir: Path, runs: int) -> dict[str, object]:
    from assistant.records import SearchFilters
    from assistant.service import Assistant
    from tests.fakes import HashEmbedder

    def fresh() -> Assistant:
        return Assistant(embedder=HashEmbedder(), settings=_settings(index_dir))

    def lexical(assistant: Assistant, query: str, filters: SearchFilters | None = None) -> float:
        start = time.perf_counter()
        assistant.retriever.lexical(query, filters or SearchFilters(), 30)
        return (time.perf_counter() - start) * 1000

    figures: dict[str, object] = {}
    saved = index_dir / "lexical"
    if saved.exists():  # first ever search: no saved segments (new code) / the only case (old)
        shutil.rmtree(saved)
    assistant = fresh()
    figures["chunks"] = assistant.store.chunk_count()
    figures["first_search_no_saved_index_ms"] = round(lexical(assistant, QUERIES[0]))
    figures["first_search_new_process_ms"] = round(lexical(fresh(), QUERIES[0]))
    warm = [lexical(assistant, q) for _ in range(runs) for q in QUERIES]
    figures["warm_p50_ms"] = round(statistics.median(warm), 2)
    figures["warm_p95_ms"] = round(statistics.quantiles(warm, n=20)[18], 2)
    area = SearchFilters(local_area="Torbay 3", section=None)
    filtered = [lexical(assistant, q, area) for _ in range(runs) for q in QUERIES]
    figures["warm_filtered_p50_ms"] = round(statistics.median(filtered), 2)
    # One document replaced through this process, then the next search.
    doc = assistant.store.get_document("torbay-2024-02-wsoa-review-note")
    chunks = assistant.store.chunks_of(doc.doc_id)
    edited = [c.model_copy(update={"text": c.text + " zebrafinch"}) for c in chunks]
    start = time.perf_counter()
    assistant.store.replace_document(
        doc,
        edited,
        HashEmbedder().embed_documents([c.text for c in edited]),
        assistant.store.priorities(doc.doc_id),
    )
    figures["replace_one_document_ms"] = round((time.perf_counter() - start) * 1000)
    figures["search_after_ingest_ms"] = round(lexical(assistant, "zebrafinch"))
    figures["search_after_that_ms"] = round(lexical(assistant, QUERIES[1]), 2)
    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    lexical_dir = [p for p in saved.rglob("*") if p.is_file()] if saved.exists() else []
    figures["lexical_disk_mb"] = round(sum(p.stat().st_size for p in lexical_dir) / 1e6, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build", "measure"])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.command == "build":
        build(args.index_dir, args.chunks)
    else:
        print(json.dumps(measure(args.index_dir, args.runs), indent=2))


if __name__ == "__main__":
    main()
