"""Rendering a suite report: a terminal table, Markdown, and the files in ``evals/reports/``.

Pure functions from the JSON-ready report dict to text, plus :func:`write_report`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.injection import LATER_SETS

REPORTS_DIR = Path(__file__).resolve().parent / "reports"

Metrics = dict[str, Any]

ROWS: list[tuple[str, Callable[[Metrics], Any]]] = [
    ("citation exactness", lambda m: m["citation_exactness"]),
    ("citation recall (ALCE)", lambda m: m["citation_recall"]),
    ("citation precision (ALCE)", lambda m: m["citation_precision"]),
    ("expected facts found (mean)", lambda m: m["fact_share"]),
    ("answers with all facts", lambda m: m["all_facts"]),
    ("abstention precision", lambda m: m["abstention"]["precision"]),
    ("abstention recall", lambda m: m["abstention"]["recall"]),
    ("abstention accuracy", lambda m: m["abstention"]["accuracy"]),
    ("draft key points (pooled)", lambda m: m["draft_key_point_share"]),
    ("draft sentences supported", lambda m: m["draft_supported"]),
    ("compare key points (pooled)", lambda m: m["compare_key_point_share"]),
    ("compare citation recall", lambda m: m["compare_citation_recall"]),
]


def fmt(value: Any) -> str:
    """Shares in [0, 1] as percentages, ``n/a`` for undefined."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1%}" if 0.0 <= value <= 1.0 else f"{value:.1f}"
    return str(value)


def fmt_seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def heldout_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Answer figures on the held-out questions (never tuned on)."""
    held = report.get("heldout_metrics")
    if not held:
        return []
    system, baseline = held["system"], held["baseline"]
    wanted = ROWS[:8]  # citations, facts and abstention: the held-out set has no drafts
    return [(label, fmt(get(system)), fmt(get(baseline))) for label, get in wanted]


def comparison_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    system, baseline = report["metrics"]["system"], report["metrics"]["baseline"]
    rows = [(label, fmt(get(system)), fmt(get(baseline))) for label, get in ROWS]
    seconds = (
        fmt_seconds(system["seconds_per_answer"]),
        fmt_seconds(baseline["seconds_per_answer"]),
    )
    rows.append(("seconds per answer", *seconds))
    return rows


def retrieval_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (r["label"], fmt(r["recall@1"]), fmt(r["recall@5"]), fmt(r["mrr@10"]))
        for r in report["retrieval"]
    ]


def _plain_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    lines = []
    for n, row in enumerate([header, *rows]):
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def retrieval_table(report: dict[str, Any]) -> str:
    return _plain_table(("retrieval", "recall@1", "recall@5", "MRR@10"), retrieval_rows(report))


def terminal_table(report: dict[str, Any]) -> str:
    """Retrieval, then this system against the baseline, side by side."""
    title = f"wsoa eval --suite {report['suite']} --backend {report['backend']}"
    parts = [f"{title}  (judge: {report['judge']})"]
    if report["retrieval"]:
        parts.append(retrieval_table(report))
    parts.append(_plain_table(("metric", "system", "baseline"), comparison_rows(report)))
    if held := heldout_rows(report):
        parts.append("held-out questions (never tuned on):")
        parts.append(_plain_table(("metric", "system", "baseline"), held))
    if agreement := report.get("judge_agreement"):
        parts.append(
            f"judge agreement with {agreement['n']} labelled pairs: accuracy "
            f"{fmt(agreement['accuracy'])}, Cohen's kappa {fmt_kappa(agreement['kappa'])}"
        )
    if kinds := report.get("statement_kinds"):
        parts.append(statement_kinds_table(kinds))
    return "\n\n".join(parts)


def statement_kinds_table(kinds: dict[str, Any]) -> str:
    """Per-kind precision / recall / F1 on all labelled units, and the holdout macro-F1."""
    from evals.statement_kinds import kinds_rows

    table = _plain_table(
        ("statement kind", "support", "precision", "recall", "F1"), kinds_rows(kinds["all"])
    )
    holdout = kinds["holdout"]["macro_f1"]
    return f"{table}\nholdout macro-F1 {fmt(holdout)} on {kinds['holdout']['units']} units"


def fmt_kappa(kappa: float | None) -> str:
    return "n/a" if kappa is None else f"{kappa:.2f}"


def _md_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _failures(name: str, metrics: Metrics) -> list[str]:
    lines = []
    if metrics["errors"]:
        lines.append(f"- {name}: errors in {', '.join(metrics['errors'])}")
    for item, keys in metrics["inexact_citations"].items():
        lines.append(f"- {name}: inexact citations in {item}: {', '.join(keys)}")
    if metrics["wrongly_abstained"]:
        lines.append(f"- {name}: abstained on answerable {', '.join(metrics['wrongly_abstained'])}")
    if metrics["wrongly_answered"]:
        lines.append(f"- {name}: answered unanswerable {', '.join(metrics['wrongly_answered'])}")
    return lines


def reading_section(reading: dict[str, Any]) -> list[str]:
    """Question reading on data kept apart from tuning: intents, inspections, factoids."""
    intents = reading["intents"]
    lines = [
        "## Reading questions (data kept apart from tuning)",
        "",
        f"Intent accuracy on {intents['items']} held-out paraphrases: "
        f"{fmt(intents['accuracy'])} (tuning figure, 5-fold cross-validation on the example "
        f"table: {fmt(intents['tuning_cross_validated'])}; "
        f"{intents['ms_per_question']:.0f} ms a question).",
        "",
    ]
    lines += _md_table(
        ("intent", "right"),
        [(k, f"{v['right']}/{v['of']}") for k, v in intents["per_intent"].items()],
    )
    confusions = ", ".join(f"{k} ×{n}" for k, n in intents["confusions"].items())
    lines += ["", f"Confusions: {confusions or 'none'}.", ""]
    lines += ["'What must X improve?' and two paraphrases, every report of each split:", ""]
    rows: list[tuple[str, ...]] = []
    for split, part in reading["inspection"].items():
        for p in part["phrasings"]:
            rows.append(
                (
                    split,
                    p["phrasing"],
                    f"{p['named']}/{p['items']} ({fmt(p['recall'])})",
                    f"{p['complete_reports']}/{p['reports']}",
                    f"{p['citations'] - len(p['inexact_citations'])}/{p['citations']}",
                    fmt_seconds(p["max_seconds"]),
                )
            )
    lines += _md_table(
        ("split", "question", "items named", "reports complete", "exact citations", "slowest"),
        rows,
    )
    for split, part in reading["inspection"].items():
        misses = sorted({m for p in part["phrasings"] for m in p["misses"]})
        lines += [f"- {split} misses: " + ("; ".join(misses) if misses else "none")]
    lines += ["", "Unseen factoid questions on the bundled documents:", ""]
    rows = []
    for split, part in reading["unseen"].items():
        m = part["metrics"]
        rows.append(
            (
                split,
                fmt(m["fact_share"]),
                fmt(m["all_facts"]),
                fmt(m["abstention"]["accuracy"]),
            )
        )
    lines += _md_table(("split", "expected facts", "answers with all", "abstention"), rows)
    for split, part in reading["unseen"].items():
        m = part["metrics"]
        wrong = m["wrongly_abstained"] + m["wrongly_answered"]
        missing = [
            r["id"]
            for r in part["items"]
            if r.get("fact_share") is not None and r["fact_share"] < 1 and not r["abstained"]
        ]
        lines.append(
            f"- {split}: facts missing in {', '.join(missing) or 'none'}; "
            f"wrongly abstained or answered: {', '.join(wrong) or 'none'}"
        )
    return lines


def injection_section(injection: dict[str, Any]) -> list[str]:
    """Planted orders to a reader: the sealed set, look-alikes and the 50 real documents."""
    real = injection["real_documents"]
    flagged = [d for part in real.values() for d in part["flagged"]]
    authors = ", ".join(f"{k} {fmt(v)}" for k, v in (injection.get("by_author") or {}).items())
    lines = [
        "## Planted orders to a reader (sealed set, written apart)",
        "",
        f"Detected {injection['detected']}/{injection['hostile']} "
        f"({fmt(injection['detection'])}) of the sealed hostile phrasings "
        f"({injection.get('detected_as_orders', injection['detected'])} as orders to a "
        "reader, the rest as text in another language); look-alikes flagged "
        f"{len(injection['benign_flagged'])}/{injection['benign']} "
        f"({len(injection.get('benign_other_language', []))} of them for their language: "
        "translation notices, parents quoted in their language); real documents "
        f"flagged {len(flagged)}/{sum(p['documents'] for p in real.values())} "
        f"(tuning half {len(real['tune']['flagged'])}, held-out half "
        f"{len(real['heldout']['flagged'])}); {injection['ms_per_real_document']:.0f} ms a "
        "real document.",
        "",
        *(
            line
            for key, _, written in LATER_SETS
            if (later := injection.get(key))
            for line in (
                f"{written}: detected {later['detected']}/{later['hostile']} "
                f"({fmt(later['detection'])}), English {later['english_detected']}/"
                f"{later['english']}; its look-alikes flagged "
                f"{len(later['benign_flagged'])}/{later['benign']}.",
                "",
            )
        ),
        f"Tuning figures (each shipped set scored by a model trained on the others): {authors}.",
        "",
    ]
    lines += _md_table(
        ("language", "found"),
        [(k, f"{v['found']}/{v['of']}") for k, v in injection["per_language"].items()],
    )
    lines += [""]
    lines += _md_table(
        ("technique", "found"),
        [(k, f"{v['found']}/{v['of']}") for k, v in injection["per_technique"].items()],
    )
    return lines


def markdown_report(report: dict[str, Any]) -> str:
    """The human-readable report: settings, tables, judge agreement and failing items."""
    system, baseline = report["metrics"]["system"], report["metrics"]["baseline"]
    lines = [
        f"# Eval report: suite `{report['suite']}`, backend `{report['backend']}`",
        "",
        f"- created {report['created']}, took {report['seconds']} s",
        f"- system: {report['system']}",
        f"- baseline: {report['baseline']}",
        f"- judge: {report['judge']}",
        f"- item limits: {report['limits']}",
        "",
    ]
    if report["retrieval"]:
        lines += ["## Retrieval", ""]
        lines += _md_table(("mode", "recall@1", "recall@5", "MRR@10"), retrieval_rows(report))
        lines.append("")
    lines += ["## This system against the baseline", ""]
    lines += _md_table(("metric", "system", "baseline"), comparison_rows(report))
    if held := heldout_rows(report):
        lines += ["", "## Held-out questions (written after tuning, never tuned on)", ""]
        lines += _md_table(("metric", "system", "baseline"), held)
    lines += ["", "Draft key points per section (system):", ""]
    lines += [f"- {k}: {fmt(v)}" for k, v in system["draft_key_points"].items()]
    lines += ["", "Compare key points per area row (system; baseline pooled in brackets):", ""]
    lines += [
        f"- {k}: {fmt(v)} ({fmt(baseline['compare_key_points'].get(k))})"
        for k, v in system["compare_key_points"].items()
    ]
    if agreement := report.get("judge_agreement"):
        lines += [
            "",
            "## Judge agreement",
            "",
            f"{agreement['judge']} on {agreement['n']} hand-labelled pairs: accuracy "
            f"{fmt(agreement['accuracy'])}, Cohen's kappa {fmt_kappa(agreement['kappa'])}.",
            f"Disagreements: {', '.join(agreement['disagreements']) or 'none'}.",
        ]
    if kinds := report.get("statement_kinds"):
        from evals.statement_kinds import markdown_section

        lines += ["", *markdown_section(kinds)]
    if reading := report.get("reading"):
        lines += ["", *reading_section(reading)]
    if injection := report.get("injection"):
        lines += ["", *injection_section(injection)]
    lines += ["", "## Failing items", ""]
    failures = _failures("system", system) + _failures("baseline", baseline)
    lines += failures or ["- none"]
    if report.get("retrieval_misses"):
        lines += ["", "### Hybrid retrieval misses (gold not in the top 5)", ""]
        for miss in report["retrieval_misses"]:
            gold = miss["gold"]
            where = f"{gold['doc_id']}[{gold['start']}:{gold['end']}]" if gold else "unresolved"
            got = ", ".join(f"{s['doc_id']}[{s['start']}:{s['end']}]" for s in miss["top5"])
            rank = f"rank {miss['rank']}" if miss["rank"] else "not in top 10"
            lines.append(f"- {miss['id']} ({rank}): {miss['question']} gold {where}; top 5: {got}")
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], directory: Path = REPORTS_DIR) -> list[Path]:
    """``<suite>-<backend>.md/.json`` and ``latest-<suite>.md``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{report['suite']}-{report['backend']}"
    markdown = markdown_report(report)
    paths = [
        directory / f"{stem}.md",
        directory / f"{stem}.json",
        directory / f"latest-{report['suite']}.md",
    ]
    paths[0].write_text(markdown, encoding="utf-8")
    paths[1].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[2].write_text(markdown, encoding="utf-8")
    return paths
