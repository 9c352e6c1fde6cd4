"""Check the hand-made evaluation datasets in evals/datasets/.

Run:  .venv/bin/python evals/check_datasets.py   (exit status 1 on any failure)

Every quote / gold span / judge passage must be found VERBATIM in its document after
whitespace normalisation (every run of whitespace -> one space, stripped). Quotes should
occur exactly once; several occurrences are reported as warnings.

Importable helpers:
    normalise(text) -> str
    find_quote(doc_text, quote) -> (start, end) | None   # span in the ORIGINAL text
    load_document(doc_id) -> str                          # .txt, or PDF text via pypdf
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from evals.items import UNSEEN_SPLITS
from evals.quotes import find_all_normalised, find_all_quotes, normalise

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
PDF_DIR = ROOT / "tests" / "data"
DATASETS_DIR = Path(__file__).resolve().parent / "datasets"

PDF_DOC_IDS = {"bedford", "wiltshire"}
PAGE_SEP = "\f"  # pages of a PDF are joined with a form feed (counts as whitespace)

THEMES = {
    "leadership_governance",
    "data_performance",
    "joint_commissioning",
    "health_input",
    "neurodevelopmental",
    "speech_language",
    "ehc_plans",
    "exclusions_inclusion",
    "graduated_response",
    "coproduction",
    "joint_working",
    "preparation_for_adulthood",
    "local_offer",
    "workforce_capacity",
}
AREAS = {"Shropshire", "Wirral", "Torbay", "Bedford", "Wiltshire"}
DOC_TYPES = {
    "wsoa",
    "review_note",
    "accelerated_progress_plan",
    "preparation_template",
    "inspection_report",
}


@cache
def load_document(doc_id: str) -> str:
    """Raw text of a document: corpus/<doc_id>.txt or tests/data/<doc_id>.pdf (pypdf)."""
    txt = CORPUS_DIR / f"{doc_id}.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    pdf = PDF_DIR / f"{doc_id}.pdf"
    if pdf.exists():
        import pypdf

        reader = pypdf.PdfReader(str(pdf))
        return PAGE_SEP.join(page.extract_text() or "" for page in reader.pages)
    raise FileNotFoundError(f"no document for doc_id {doc_id!r}")


def known_doc_ids() -> set[str]:
    ids = {p.stem for p in CORPUS_DIR.glob("*.txt")}
    ids |= {p.stem for p in PDF_DIR.glob("*.pdf") if p.stem in PDF_DOC_IDS}
    return ids


# --------------------------------------------------------------------------- checking


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def check_quote(
    rep: Report, where: str, doc_id: str, quote: object, min_words: int | None = None
) -> None:
    """The quote is in the document, once, and of a citable length (``min_words``: fewer
    for factoid sets, whose answer may be one line of a list)."""
    if doc_id not in known_doc_ids():
        rep.error(where, f"unknown doc_id {doc_id!r}")
        return
    if not isinstance(quote, str) or not quote.strip():
        rep.error(where, "empty or non-string quote")
        return
    text = load_document(doc_id)
    spans = find_all_quotes(text, quote)
    short = normalise(quote)[:90]
    if not spans:
        rep.error(where, f"quote not found in {doc_id}: {short!r}")
        return
    if len(spans) > 1:
        rep.warn(where, f"quote occurs {len(spans)} times in {doc_id}: {short!r}")
    n_words = len(normalise(quote).split())
    is_pdf = doc_id in PDF_DOC_IDS
    lo, hi = (6, 25) if is_pdf else (8, 40)
    lo = lo if min_words is None else min_words
    if not lo <= n_words <= hi:
        rep.error(where, f"quote has {n_words} words (want {lo}-{hi}): {short!r}")
    if is_pdf:
        s, e = spans[0]
        span_text = text[s:e]
        if PAGE_SEP in span_text:
            rep.error(where, f"PDF quote crosses a page boundary: {short!r}")
        if re.search(r"-[ \t]*\n", span_text):
            rep.error(where, f"PDF quote spans a hyphenated line break: {short!r}")
        if not find_all_normalised(text, quote):
            rep.error(where, f"PDF quote only matches after de-hyphenation: {short!r}")


def _require(rep: Report, where: str, item: dict, fields: list[str]) -> bool:
    missing = [f for f in fields if f not in item]
    if missing:
        rep.error(where, f"missing fields {missing}")
        return False
    return True


def _check_gold(
    rep: Report, where: str, gold: object, min_items: int = 1, min_words: int | None = None
) -> None:
    if not isinstance(gold, list) or len(gold) < min_items:
        rep.error(where, f"gold must be a list with at least {min_items} item(s)")
        return
    for j, g in enumerate(gold):
        if not isinstance(g, dict) or not {"doc_id", "quote"} <= set(g):
            rep.error(f"{where} gold[{j}]", "needs doc_id and quote")
            continue
        check_quote(rep, f"{where} gold[{j}]", g["doc_id"], g["quote"], min_words)


def _check_key_points(rep: Report, where: str, kp: object, keys: set[str] | None) -> None:
    if not isinstance(kp, dict) or not kp:
        rep.error(where, "key_points must be a non-empty object")
        return
    if keys is not None and set(kp) != keys:
        rep.error(where, f"key_points keys must be {sorted(keys)}, got {sorted(kp)}")
    for k, v in kp.items():
        if not isinstance(v, list) or not v or not all(isinstance(x, str) and x for x in v):
            rep.error(where, f"key_points[{k!r}] must be a non-empty list of strings")


def read_jsonl(rep: Report, path: Path) -> list[dict]:
    items: list[dict] = []
    if not path.exists():
        rep.error(path.name, "file missing")
        return items
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rep.error(f"{path.name}:{n}", f"bad JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            rep.error(f"{path.name}:{n}", "line is not a JSON object")
            continue
        items.append(obj)
    ids = Counter(str(o.get("id")) for o in items)
    for i, c in ids.items():
        if c > 1:
            rep.error(path.name, f"duplicate id {i!r}")
    for o in items:
        version = o.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            rep.error(f"{path.name} {o.get('id')}", "version must be an int >= 1")
        if not isinstance(o.get("id"), str) or not o.get("id"):
            rep.error(path.name, f"item without string id: {str(o)[:60]}")
    return items


def check_retrieval(rep: Report, items: list[dict]) -> None:
    for it in items:
        where = f"retrieval {it.get('id')}"
        if not _require(rep, where, it, ["question", "doc_id", "quote"]):
            continue
        check_quote(rep, where, it["doc_id"], it["quote"])
        filters = it.get("filters", {})
        if not isinstance(filters, dict):
            rep.error(where, "filters must be an object")
            continue
        extra = set(filters) - {"local_area", "doc_type", "priority"}
        if extra:
            rep.error(where, f"unknown filter keys {sorted(extra)}")
        if "local_area" in filters and filters["local_area"] not in AREAS:
            rep.error(where, f"unknown local_area {filters['local_area']!r}")
        if "doc_type" in filters and filters["doc_type"] not in DOC_TYPES:
            rep.error(where, f"unknown doc_type {filters['doc_type']!r}")
        if "priority" in filters and not isinstance(filters["priority"], int):
            rep.error(where, "priority filter must be an int")


def _warn_ungrounded(rep: Report, where: str, phrases: list[str], gold: object) -> None:
    """Warn when a fact / key point does not occur (case-insensitively) in any gold quote."""
    if not isinstance(gold, list):
        return
    text = " ".join(normalise(str(g.get("quote", ""))).lower() for g in gold if isinstance(g, dict))
    for p in phrases:
        if isinstance(p, str) and normalise(p).lower() not in text:
            rep.warn(where, f"fact/key point not found in gold quotes: {p!r}")


def check_qa(rep: Report, items: list[dict], min_words: int | None = None) -> None:
    for it in items:
        where = f"qa {it.get('id')}"
        kind = it.get("kind")
        if kind == "answerable":
            if not _require(rep, where, it, ["question", "expected_facts", "gold"]):
                continue
            facts = it["expected_facts"]
            if not isinstance(facts, list) or not facts:
                rep.error(where, "expected_facts must be a non-empty list")
            else:
                _warn_ungrounded(rep, where, facts, it["gold"])
            _check_gold(rep, where, it["gold"], min_words=min_words)
            if "area" in it and it["area"] not in AREAS:
                rep.error(where, f"unknown area {it['area']!r}")
        elif kind == "unanswerable":
            if not _require(rep, where, it, ["question"]):
                continue
            if it.get("gold"):
                rep.error(where, "unanswerable items must not carry gold")
        elif kind == "compare":
            if not _require(rep, where, it, ["theme", "areas", "key_points", "gold"]):
                continue
            if it["theme"] not in THEMES:
                rep.error(where, f"unknown theme {it['theme']!r}")
            areas = it["areas"]
            if not isinstance(areas, list) or len(areas) < 2 or not set(areas) <= AREAS:
                rep.error(where, f"areas must be >=2 known areas, got {areas!r}")
            _check_key_points(rep, where, it["key_points"], set(areas))
            _check_gold(rep, where, it["gold"], min_items=2)
            if isinstance(it["key_points"], dict):
                for pts in it["key_points"].values():
                    _warn_ungrounded(rep, where, pts if isinstance(pts, list) else [], it["gold"])
        elif kind == "draft":
            if not _require(rep, where, it, ["area", "priority", "key_points", "gold"]):
                continue
            if it["area"] not in AREAS:
                rep.error(where, f"unknown area {it['area']!r}")
            if not isinstance(it["priority"], int):
                rep.error(where, "priority must be an int")
            _check_key_points(rep, where, it["key_points"], {"progress", "impact", "next_steps"})
            _check_gold(rep, where, it["gold"], min_items=2)
            if isinstance(it["key_points"], dict):
                for pts in it["key_points"].values():
                    _warn_ungrounded(rep, where, pts if isinstance(pts, list) else [], it["gold"])
        else:
            rep.error(where, f"unknown kind {kind!r}")


def check_judge(rep: Report, items: list[dict]) -> None:
    for it in items:
        where = f"judge {it.get('id')}"
        if not _require(rep, where, it, ["claim", "passage", "supported", "doc_id"]):
            continue
        if not isinstance(it["supported"], bool):
            rep.error(where, "supported must be true/false")
        check_quote(rep, where, it["doc_id"], it["passage"])


def check_statement_kinds(rep: Report) -> int:
    """Labelled statement-kind spans still match their documents; returns the label count."""
    from evals.statement_kinds import label_problems

    count, skipped, problems = label_problems()
    if skipped:
        rep.warn("statement_kinds", f"{skipped} labels skipped (document not found)")
    for problem in problems:
        rep.error("statement_kinds", problem)
    return count


def summarise(retrieval: list[dict], qa: list[dict], judge: list[dict]) -> list[str]:
    lines = [f"retrieval.jsonl: {len(retrieval)} items"]
    for d, c in sorted(Counter(i.get("doc_id") for i in retrieval).items()):
        lines.append(f"    {d}: {c}")
    kinds = Counter(i.get("kind") for i in qa)
    lines.append(f"qa.jsonl: {len(qa)} items {dict(sorted(kinds.items()))}")
    gold_docs: Counter[str] = Counter()
    for i in qa:
        for g in i.get("gold", []) or []:
            gold_docs[g.get("doc_id")] += 1
    for d, c in sorted(gold_docs.items()):
        lines.append(f"    gold spans in {d}: {c}")
    sup = Counter(bool(i.get("supported")) for i in judge)
    lines.append(f"judge_pairs.jsonl: {len(judge)} items (supported {sup[True]}, not {sup[False]})")
    for d, c in sorted(Counter(i.get("doc_id") for i in judge).items()):
        lines.append(f"    {d}: {c}")
    return lines


#: A factoid's gold may be one line of a list ("NO Nominated Officer (SC) Julia Dean").
FACTOID_MIN_WORDS = 4


def main(argv: list[str] | None = None) -> int:
    rep = Report()
    retrieval = read_jsonl(rep, DATASETS_DIR / "retrieval.jsonl")
    qa = read_jsonl(rep, DATASETS_DIR / "qa.jsonl")
    heldout = read_jsonl(rep, DATASETS_DIR / "qa_heldout.jsonl")
    unseen = {
        split: read_jsonl(rep, DATASETS_DIR / f"qa_unseen_{split}.jsonl") for split in UNSEEN_SPLITS
    }
    judge = read_jsonl(rep, DATASETS_DIR / "judge_pairs.jsonl")
    check_retrieval(rep, retrieval)
    check_qa(rep, qa)
    check_qa(rep, heldout)
    for items in unseen.values():
        check_qa(rep, items, min_words=FACTOID_MIN_WORDS)
    check_judge(rep, judge)
    kinds = check_statement_kinds(rep)
    for line in summarise(retrieval, qa, judge):
        print(line)
    print(f"qa_heldout.jsonl: {len(heldout)} items")
    for split, items in unseen.items():
        print(f"qa_unseen_{split}.jsonl: {len(items)} items")
    print(f"statement_kinds.jsonl: {kinds} labelled units")
    for w in rep.warnings:
        print(f"WARNING {w}")
    for e in rep.errors:
        print(f"FAIL {e}")
    print(f"{len(rep.errors)} failure(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
