"""Which backend should `auto` pick? Quality and speed per backend on this machine.

For the same spread of eval questions (answerable and unanswerable), each
backend answers through the real index; the script reports facts found,
abstention accuracy, citation precision (lexical judge, the quick suite's) and
the time to the first streamed word and to the full answer, then writes a table
to docs/backends.md. `make bench-backends` runs it (needs `make model`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.grounding.records import Answer
from assistant.llm.factory import MeasuredChoice, choice_path
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings
from evals.answers import score_answer
from evals.corpus import eval_sources
from evals.items import QAItem, load_qa
from evals.runner import spread

FIRST_WORD_LIMIT = 15.0  # seconds: an adviser waits this long for an answer to start


def _timed_answer(assistant: Assistant, item: QAItem) -> tuple[Answer, float, float]:
    started = time.perf_counter()
    first: float | None = None
    answer: Answer | None = None
    for event in assistant.ask_stream(item.question, item.area):
        if isinstance(event, Answer):
            answer = event
        elif first is None and event.strip():
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    assert answer is not None
    return answer, first if first is not None else total, total


def measure(backend: str, settings: Settings, items: list[QAItem]) -> dict[str, float]:
    """Quality and latency of one backend over ``items``."""
    from evals.judge import LexicalJudge

    assistant = Assistant(settings=settings, backend=backend)
    judge = LexicalJudge(assistant.embedder)
    started = time.perf_counter()
    _ = assistant.chat  # load the model outside the per-question timings
    load = time.perf_counter() - started
    facts, abstain_ok, precision, firsts, totals = [], [], [], [], []
    for item in items:
        answer, first, total = _timed_answer(assistant, item)
        record = score_answer(item, answer, judge, lambda d: assistant.document(d).text)
        abstain_ok.append(answer.abstained == (item.kind == "unanswerable"))
        if item.kind == "answerable":
            facts.append(record["fact_share"])
            if record.get("citation_precision") is not None:
                precision.append(record["citation_precision"])
        firsts.append(first)
        totals.append(total)
        print(
            f"  {backend:<10} {item.id:<22} first {first:5.1f} s  total {total:5.1f} s", flush=True
        )
    return {
        "load": load,
        "facts": statistics.mean(facts) if facts else 0.0,
        "abstention": statistics.mean(abstain_ok),
        "precision": statistics.mean(precision) if precision else 0.0,
        "first_p50": statistics.median(firsts),
        "first_max": max(firsts),
        "total_p50": statistics.median(totals),
        "total_max": max(totals),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answerable", type=int, default=8)
    parser.add_argument("--unanswerable", type=int, default=4)
    parser.add_argument("--backends", default="extractive,local")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "backends.md")
    args = parser.parse_args()

    qa = load_qa()
    items = spread(
        [i for i in qa if i.kind == "answerable"], args.answerable, lambda i: i.area or ""
    )
    items += spread(
        [i for i in qa if i.kind == "unanswerable"], args.unanswerable, lambda i: i.area or ""
    )
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="wsoa-backends-"))
    settings = Settings()
    settings.paths.index_dir = tmp / "index"
    # The eval questions cover the bundled corpus and the two inspection-report PDFs.
    Assistant(settings=settings, backend="extractive").ingest(eval_sources(settings))
    results = {b: measure(b, settings, items) for b in args.backends.split(",")}
    shutil.rmtree(tmp, ignore_errors=True)

    lines = [
        "# Backends compared",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this 2-core CPU "
        f"(`make bench-backends`), {len(items)} eval questions "
        f"({args.answerable} answerable, {args.unanswerable} unanswerable), lexical judge; "
        f"load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after "
        "(above 2 means other work shared the two cores, slowing every timing).",
        "",
        "| backend | facts found | abstention accuracy | citation precision | "
        "first word p50 / max | full answer p50 / max | model load |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, r in results.items():
        lines.append(
            f"| {backend} | {r['facts']:.0%} | {r['abstention']:.0%} | {r['precision']:.0%} | "
            f"{r['first_p50']:.1f} s / {r['first_max']:.1f} s | "
            f"{r['total_p50']:.1f} s / {r['total_max']:.1f} s | {r['load']:.1f} s |"
        )
    lines += [
        "",
        f"`auto` may pick a model only where it finds more facts than extractive, abstains as "
        f"well, and its first word arrives within {FIRST_WORD_LIMIT:.0f} s at the median.",
    ]
    if "local" in results and "extractive" in results:
        choice = verdict(results["local"], results["extractive"])
        lines += [
            "",
            f"On this machine `auto` will use: {'local' if choice.local_ok else 'extractive'}"
            f" ({choice.reason}).",
        ]
        path = choice_path(settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(choice.model_dump_json(indent=2), encoding="utf-8")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def verdict(local: dict[str, float], extractive: dict[str, float]) -> MeasuredChoice:
    """The local model earns `auto` only by being better and quick enough to start."""
    problems = []
    if local["facts"] <= extractive["facts"]:
        problems.append(f"finds no more facts ({local['facts']:.0%} vs {extractive['facts']:.0%})")
    if local["abstention"] < extractive["abstention"]:
        problems.append(
            f"abstains worse ({local['abstention']:.0%} vs {extractive['abstention']:.0%})"
        )
    if local["first_p50"] > FIRST_WORD_LIMIT:
        problems.append(f"first word after {local['first_p50']:.0f} s at the median")
    if problems:
        return MeasuredChoice(local_ok=False, reason="local model " + "; ".join(problems))
    return MeasuredChoice(local_ok=True, reason="local model measured better and quick enough")


if __name__ == "__main__":
    main()
