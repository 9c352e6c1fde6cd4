"""Statement kinds against the hand-labelled units in ``datasets/statement_kinds.jsonl``.

Each labelled unit names its document by file name and its span; the units are
rebuilt with the real pipeline (load -> structure -> chunks -> evidence units, before
boilerplate filtering) so the classifier sees the same section and doc type as in use.
Scores are per kind (precision, recall, F1) and macro-F1, over the whole set and over
its ``tune`` and ``holdout`` parts: the rules were tuned on ``tune`` only, so the
``holdout`` figure says whether they generalise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest
from assistant.domain.statement_kinds import StatementKind, classify
from assistant.grounding.evidence import split_chunks
from assistant.grounding.records import Evidence
from assistant.records import Document
from assistant.settings import REPO_ROOT
from assistant.structure.chunker import chunk_document
from assistant.structure.parser import parse_structure

DATASET = Path(__file__).resolve().parent / "datasets" / "statement_kinds.jsonl"
CORPUS_DIR = REPO_ROOT / "corpus"
# The 43 real inspection reports: the national library shipped in corpus/national.
REPORTS_DIR = REPO_ROOT / "corpus" / "national"
TARGETS = {"measured_impact_precision": 0.9, "boilerplate_recall": 0.95, "macro_f1": 0.85}

Split = Literal["tune", "holdout"]


class LabelledUnit(BaseModel):
    """One evidence unit and the kind a person gave it after reading it in context."""

    doc: str  # file name in corpus/ or the reports folder
    start: int
    end: int
    text: str  # == document.text[start:end]
    kind: StatementKind
    split: Split
    note: str = ""


def source_path(doc: str) -> Path:
    """Where a labelled document lives: the bundled corpus, else the reports folder."""
    bundled = CORPUS_DIR / doc
    return bundled if bundled.is_file() else REPORTS_DIR / doc


@cache
def load_source(doc: str) -> Document:
    """A document as ingest loads it (the corpus manifest applies to bundled files)."""
    path = source_path(doc)
    manifest_file = path.parent / "manifest.json"
    manifest = Manifest.load(manifest_file) if manifest_file.is_file() else None
    return load_document(path, manifest=manifest)


def document_units(document: Document, *, keep_boilerplate: bool = True) -> list[Evidence]:
    """Every evidence unit of ``document`` with its kind, as the pipeline makes them."""
    structure = parse_structure(document.text, document.doc_type)
    chunks = chunk_document(document, structure=structure)
    return split_chunks(chunks, {document.doc_id: document}, keep_boilerplate=keep_boilerplate)


@cache
def units_of(doc: str) -> dict[tuple[int, int], Evidence]:
    """The raw units of a labelled document, by span (cached: PDFs are slow to read)."""
    return {(u.start, u.end): u for u in document_units(load_source(doc))}


def load_labels(path: Path = DATASET) -> list[LabelledUnit]:
    with path.open(encoding="utf-8") as handle:
        return [LabelledUnit.model_validate_json(line) for line in handle if line.strip()]


def available_labels(labels: Iterable[LabelledUnit]) -> list[LabelledUnit]:
    """The labels whose document can be found (the reports folder sits outside the repo)."""
    return [item for item in labels if source_path(item.doc).is_file()]


def stale_labels(labels: Iterable[LabelledUnit]) -> list[str]:
    """Labels whose span no longer holds their text, or is no longer a unit: fix them."""
    problems = []
    for item in labels:
        text = load_source(item.doc).text
        where = f"{item.doc}[{item.start}:{item.end}]"
        if text[item.start : item.end] != item.text:
            problems.append(f"{where}: text differs from the document")
        elif (item.start, item.end) not in units_of(item.doc):
            problems.append(f"{where}: no longer an evidence unit of the pipeline")
    return problems


def label_problems() -> tuple[int, int, list[str]]:
    """(labels, labels skipped for a missing document, stale-label problems)."""
    labels = load_labels()
    present = available_labels(labels)
    return len(labels), len(labels) - len(present), stale_labels(present)


def predict(item: LabelledUnit) -> tuple[StatementKind, str]:
    """The classifier's kind and rule for a labelled unit, in its section and doc type."""
    unit = units_of(item.doc).get((item.start, item.end))
    document = load_source(item.doc)
    section = unit.section if unit else None
    verdict = (
        classify(item.text, section, document.doc_type)
        if section is not None
        else classify(item.text, doc_type=document.doc_type)
    )
    return verdict.kind, verdict.rule


def kind_scores(pairs: Sequence[tuple[StatementKind, StatementKind]]) -> dict[str, Any]:
    """Per-kind precision / recall / F1 and macro-F1 of (gold, predicted) pairs."""
    gold = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    per_kind: dict[str, dict[str, float | int | None]] = {}
    f1s = []
    for kind in StatementKind:
        p = hits[kind] / predicted[kind] if predicted[kind] else None
        r = hits[kind] / gold[kind] if gold[kind] else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if gold[kind] else None)
        if gold[kind]:
            f1s.append(f1 or 0.0)
        per_kind[kind.value] = {
            "support": gold[kind],
            "predicted": predicted[kind],
            "precision": p,
            "recall": r,
            "f1": f1,
        }
    return {
        "units": len(pairs),
        "accuracy": sum(hits.values()) / len(pairs) if pairs else None,
        "macro_f1": sum(f1s) / len(f1s) if f1s else None,
        "per_kind": per_kind,
    }


def evaluate_statement_kinds(labels: Sequence[LabelledUnit] | None = None) -> dict[str, Any]:
    """Scores over all labels and the tune / holdout parts, the targets, and the misses."""
    labels = available_labels(load_labels() if labels is None else labels)
    predictions = [(item, *predict(item)) for item in labels]
    result: dict[str, Any] = {"targets": TARGETS, "dataset": DATASET.name}
    for name, part in (
        ("all", predictions),
        ("tune", [x for x in predictions if x[0].split == "tune"]),
        ("holdout", [x for x in predictions if x[0].split == "holdout"]),
    ):
        result[name] = kind_scores([(item.kind, kind) for item, kind, _ in part])
        result[name]["documents"] = len({item.doc for item, _, _ in part})
    result["targets_met"] = targets_met(result["all"])
    result["misses"] = [
        {"doc": i.doc, "start": i.start, "text": i.text[:160], "gold": i.kind.value}
        | {"predicted": kind.value, "rule": rule, "split": i.split}
        for i, kind, rule in predictions
        if kind != i.kind
    ]
    return result


def targets_met(scores: dict[str, Any]) -> dict[str, bool]:
    per_kind = scores["per_kind"]
    return {
        "measured_impact_precision": (per_kind["measured_impact"]["precision"] or 0.0)
        >= TARGETS["measured_impact_precision"],
        "boilerplate_recall": (per_kind["boilerplate"]["recall"] or 0.0)
        >= TARGETS["boilerplate_recall"],
        "macro_f1": (scores["macro_f1"] or 0.0) >= TARGETS["macro_f1"],
    }


def dump_units(doc: str) -> list[dict[str, Any]]:
    """A document's raw units as JSON-ready dicts, for labelling (no kind shown)."""
    text = load_source(doc).text
    return [
        {"doc": doc, "start": u.start, "end": u.end, "section": u.section.value}
        | {"text": u.text, "before": text[max(0, u.start - 160) : u.start]}
        for u in units_of(doc).values()
    ]


def kinds_rows(scores: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per kind: support, precision, recall, F1 (for a report table)."""

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    rows: list[tuple[str, ...]] = [
        (kind, str(s["support"]), pct(s["precision"]), pct(s["recall"]), pct(s["f1"]))
        for kind, s in scores["per_kind"].items()
    ]
    rows.append(("macro-F1", str(scores["units"]), "", "", pct(scores["macro_f1"])))
    return rows


def markdown_section(result: dict[str, Any]) -> list[str]:
    """The statement-kinds part of a report: per-kind scores on all, tune and holdout."""
    lines = ["## Statement kinds", ""]
    lines.append(
        f"{result['all']['units']} hand-labelled units from {result['all']['documents']} documents "
        f"(`evals/datasets/{result['dataset']}`). Rules tuned on `tune` "
        f"({result['tune']['units']} units, {result['tune']['documents']} documents); `holdout` "
        f"({result['holdout']['units']} units, {result['holdout']['documents']} reports) says "
        "whether they generalise."
    )
    met = ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in result["targets_met"].items())
    lines += ["", f"Targets (all units): {met}.", ""]
    for part in ("all", "tune", "holdout"):
        lines += [f"### {part}", ""]
        header = ("kind", "support", "precision", "recall", "F1")
        rows = kinds_rows(result[part])
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
    lines += [f"### Disagreements ({len(result['misses'])})", ""]
    lines += [
        f"- {m['split']} {m['doc']}@{m['start']}: gold {m['gold']}, rules {m['predicted']} "
        f"({m['rule']}): {m['text'][:100]!r}"
        for m in result["misses"]
    ]
    return lines


def write_kinds_report(result: dict[str, Any], directory: Path) -> list[Path]:
    """``statement-kinds.md`` and ``.json`` in ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    markdown, data = directory / "statement-kinds.md", directory / "statement-kinds.json"
    markdown.write_text(
        "\n".join(["# Eval report: statement kinds", ""] + markdown_section(result)[2:]) + "\n",
        encoding="utf-8",
    )
    data.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [markdown, data]
