"""How well questions are read: intent accuracy on paraphrases nobody tuned on.

``datasets/intents_heldout.jsonl`` (160 questions, 16 per intent) was written by a reader
who never saw the example table (``assistant/grounding/intent_examples.py``); the table
was tuned by cross-validation on itself only. Both figures are reported.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from assistant.grounding.query import parse_question
from assistant.grounding.understanding import IntentClassifier
from evals.items import DATASETS_DIR

HELDOUT = DATASETS_DIR / "intents_heldout.jsonl"


def load_intent_items() -> list[dict[str, Any]]:
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate_intents(classifier: IntentClassifier, areas: list[str]) -> dict[str, Any]:
    """Held-out accuracy (overall and per intent), confusions, and the tuning figure.

    The reading scored is the router's (:func:`parse_question`): the classifier where it
    is confident, the keyword tables where it is not."""
    items = load_intent_items()
    per_intent: dict[str, list[int]] = {}
    confusions: Counter[str] = Counter()
    wrong = []
    classifier.classify("warm up")  # trains on the examples: not part of a question's time
    started = time.perf_counter()
    for item in items:
        found = parse_question(item["question"], areas, classifier).ask.value
        tally = per_intent.setdefault(item["intent"], [0, 0])
        tally[1] += 1
        if found == item["intent"]:
            tally[0] += 1
        else:
            confusions[f"{item['intent']} -> {found}"] += 1
            wrong.append({"id": item["id"], "expected": item["intent"], "found": found})
    seconds = time.perf_counter() - started
    right = sum(r for r, _ in per_intent.values())
    return {
        "items": len(items),
        "accuracy": right / len(items) if items else None,
        "per_intent": {k: {"right": r, "of": n} for k, (r, n) in sorted(per_intent.items())},
        "confusions": dict(confusions.most_common()),
        "wrong": wrong,
        "tuning_cross_validated": classifier.cross_validated(),
        "ms_per_question": 1000 * seconds / len(items) if items else None,
    }
