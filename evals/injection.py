"""How well planted orders to a reader are found, on data kept apart from tuning.

* ``datasets/injection/hostile_sealed.jsonl``: planted phrasings (many not in English,
  every disguise: homoglyphs, invisible characters, letter spacing, split table cells...)
  written by a helper who saw neither the detector nor its examples; its phrasings are
  never read while the detector changes (the report lists ids, languages and techniques);
* ``datasets/injection/benign_sealed.jsonl``: look-alikes a real document could hold,
  translation notices and parents quoted in their own language among them;
* ``datasets/injection/{hostile,benign}_sealed_english.jsonl``: a second sealed pair, all
  English, by another helper told which plain phrasings are caught (the gap the
  language check leaves), scored the same way;
* ``datasets/injection/{hostile,benign}_sealed3.jsonl``: a third sealed pair (2026-12-06,
  100 English and 20 in other languages, every disguise), by a helper who saw neither the
  detector nor its examples, scored the same way (three times; read and tuned on once the
  fourth existed);
* ``datasets/injection/{hostile,benign}_sealed4.jsonl``: a fourth pair of the same make
  (2026-12-06 late, another helper), never read: the figure to trust;
* the 50 real documents, split by ``real_split.json``: the classifier learnt from the
  tuning half's sentences; the held-out half measures false positives honestly, and
  both halves are reported (a false alarm anywhere warns on a real report).

A phrasing counts as detected when any span of it is flagged: as an order to a reader
(rules or classifier) or as a passage in another language (flagged whatever it says);
the report gives both counts, and the look-alikes flagged each way (a flag either way
costs a real document its support).

Tuning figures beside it: each of the shipped hostile sets (one author each, written
apart; ``assistant/domain/injection_examples``) scored by a model trained on the other
two, and (``python -m evals.injection``) 5-fold cross-validation over all of them. The
word families of ``injection_lexicon`` were written while reading those sets, so these
figures flatter; the sealed set does not.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.domain.injection import find_injections, is_order
from assistant.domain.injection_model import ReaderOrderModel, default_model, examples
from assistant.settings import REPO_ROOT
from evals.items import DATASETS_DIR

FOLDER = DATASETS_DIR / "injection"


def load_items(name: str) -> list[dict[str, Any]]:
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def real_documents() -> dict[str, str]:
    """doc id -> canonical text of the 50 real documents (loaded through the loaders)."""
    from assistant.corpus.loaders import load_document

    sources = json.loads((FOLDER / "real_split.json").read_text())["sources"]
    folders = [
        REPO_ROOT / "corpus",
        REPO_ROOT / "tests" / "data",
        REPO_ROOT / "corpus" / "national",
    ]
    texts = {}
    for doc_id, source in sources.items():
        path = next(f / source for f in folders if (f / source).is_file())
        texts[doc_id] = load_document(Path(path)).text
    return texts


@dataclass(frozen=True)
class SealedPair:
    """A sealed hostile set and its look-alikes, each item with the rules that flag it."""

    hostile: list[dict[str, Any]]
    hostile_rules: list[set[str]]
    benign: list[dict[str, Any]]
    benign_rules: list[set[str]]

    @classmethod
    def scored(cls, hostile: str, benign: str, model: ReaderOrderModel) -> SealedPair:
        hostile_items, benign_items = load_items(hostile), load_items(benign)
        return cls(
            hostile_items,
            [_rules(item["text"], model) for item in hostile_items],
            benign_items,
            [_rules(item["text"], model) for item in benign_items],
        )

    def figures(self) -> dict[str, Any]:
        """Detection and look-alikes flagged (ids only, never phrasings)."""
        detected = sum(bool(rules) for rules in self.hostile_rules)
        pairs = list(zip(self.hostile, self.hostile_rules, strict=True))
        return {
            "hostile": len(self.hostile),
            "detected": detected,
            "detection": detected / max(1, len(self.hostile)),
            "english": sum(item["language"] == "en" for item, _ in pairs),
            "english_detected": sum(bool(r) for item, r in pairs if item["language"] == "en"),
            "benign": len(self.benign),
            "benign_flagged": [
                i["id"] for i, rules in zip(self.benign, self.benign_rules, strict=True) if rules
            ],
        }


#: The sealed pairs written after the first, each scored the same way: the report's key,
#: the files' suffix, and how the set was written.
LATER_SETS: tuple[tuple[str, str, str], ...] = (
    ("english", "sealed_english", "Second sealed set, all English (orders in unseen wording)"),
    (
        "third",
        "sealed3",
        "Third sealed set (2026-12-06, 100 English, 20 other languages; scored three times, "
        "then read and tuned on once the fourth existed)",
    ),
    (
        "fourth",
        "sealed4",
        "Fourth sealed set (2026-12-06 late, 100 English, 20 in 12 other languages; never "
        "read, the figure to trust)",
    ),
)


def _rules(text: str, model: ReaderOrderModel) -> set[str]:
    return {rule for _, _, rule in find_injections(text, model)}


def _rates(items: list[dict[str, Any]], flagged: list[bool], key: str) -> dict[str, dict]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item, hit in zip(items, flagged, strict=True):
        for part in str(item[key]).split("+"):
            tally[part][0] += int(hit)
            tally[part][1] += 1
    return {k: {"found": f, "of": n} for k, (f, n) in sorted(tally.items())}


def cross_validated(folds: int = 5) -> float:
    """Detection on the shipped hostile examples, each scored by a model not trained on it."""
    from sklearn.model_selection import StratifiedKFold

    items = examples("hostile")
    groups = [str(i["technique"]).split("+")[0] for i in items]
    hits = 0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(items, groups):
        model = ReaderOrderModel(hostile=[items[i]["text"] for i in train])
        hits += sum(bool(find_injections(items[i]["text"], model)) for i in test)
    return hits / len(items)


def by_author() -> dict[str, float]:
    """Each shipped hostile set (three authors, written apart) scored by a model trained
    on the other two: how the detector does on wording from someone it never learnt from."""
    from assistant.domain.injection_model import EXAMPLES

    sets = {
        path.stem.removeprefix("hostile_"): [
            json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line
        ]
        for path in sorted(EXAMPLES.glob("hostile_*.jsonl"))
    }
    found = {}
    for name, texts in sets.items():
        others = [t for other, ts in sets.items() if other != name for t in ts]
        model = ReaderOrderModel(hostile=others)
        found[name] = sum(bool(find_injections(t, model)) for t in texts) / len(texts)
    return found


def evaluate_injection(with_cross_validation: bool = True) -> dict[str, Any]:
    """Held-out detection and false-positive figures (see the module doc)."""
    model = default_model()
    started = time.perf_counter()
    sealed = SealedPair.scored("hostile_sealed.jsonl", "benign_sealed.jsonl", model)
    hostile = sealed.hostile
    found = [bool(rules) for rules in sealed.hostile_rules]
    later = {
        key: SealedPair.scored(f"hostile_{suffix}.jsonl", f"benign_{suffix}.jsonl", model)
        for key, suffix, _ in LATER_SETS
    }
    split = json.loads((FOLDER / "real_split.json").read_text())
    texts = real_documents()
    real_started = time.perf_counter()
    flagged_docs = {
        doc_id: [text[s:e][:120] for s, e, _ in spans]
        for doc_id, text in texts.items()
        if (spans := find_injections(text, model))
    }
    real_seconds = time.perf_counter() - real_started
    return {
        **sealed.figures(),
        "detected_as_orders": sum(
            any(is_order(r) for r in rules) for rules in sealed.hostile_rules
        ),
        "missed": [
            {"id": i["id"], "technique": i["technique"], "language": i["language"]}
            for i, hit in zip(hostile, found, strict=True)
            if not hit
        ],
        "per_technique": _rates(hostile, found, "technique"),
        "per_language": _rates(hostile, found, "language"),
        "benign_other_language": [
            i["id"]
            for i, rules in zip(sealed.benign, sealed.benign_rules, strict=True)
            if rules and not any(is_order(r) for r in rules)
        ],
        **{key: pair.figures() for key, pair in later.items()},
        "real_documents": {
            part: {
                "documents": len(split[part]),
                "flagged": sorted(d for d in split[part] if d in flagged_docs),
            }
            for part in ("tune", "heldout")
        },
        "real_flagged_spans": flagged_docs,
        "ms_per_real_document": 1000 * real_seconds / max(1, len(texts)),
        "seconds": round(time.perf_counter() - started, 1),
        "tuning_cross_validated": cross_validated() if with_cross_validation else None,
        "by_author": by_author(),
    }


if __name__ == "__main__":  # pragma: no cover - `python -m evals.injection`
    print(json.dumps(evaluate_injection(), indent=2, ensure_ascii=False))
