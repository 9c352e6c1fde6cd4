"""Question understanding: the intent by meaning, the slots by extractors.

The intent is read by a small classifier trained on a table of example questions
(``intent_examples.EXAMPLES``): a logistic regression over each question's sentence
embedding and its words. Before reading, the question's area names and priority numbers
become the placeholders the examples use ("AREA", "priority N"), so "What must Bolton
improve?" and "What must Dorset improve?" are one question. Paraphrases land together
because they mean the same, not because they share a phrase.

Slots (area, priority, theme, months, the measure asked about) are read by small
extractors: they are closed vocabularies (the indexed areas, the documents' own
priority keywords, the themes' keywords), where patterns are exact.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.domain.ratings import MONTHS
from assistant.grounding.intent_examples import EXAMPLES, QuestionIntent
from assistant.grounding.themes import THEMES, theme_hits

#: Below this similarity to every domain example, a question is not about the documents.
OUT_OF_SCOPE_BELOW = 0.22

AREA_PLACEHOLDER = "AREA"
PRIORITY_PLACEHOLDER = "priority N"


@dataclass(frozen=True)
class IntentScore:
    """The intent read for a question, with how sure the reading is."""

    intent: QuestionIntent
    probability: float  # the classifier's probability for the winning intent
    nearest: float  # similarity to the closest example question of any domain intent


class IntentClassifier:
    """A small classifier trained on the example table at first use.

    Each question is read as its sentence embedding (the index's own embedder: what it
    means) beside the words and word pairs of its form ("which areas", "next steps",
    "so far"), and a logistic regression weighs both. Meaning alone ranks questions by
    their topic ("EHC plans"), which every intent shares; the learned weights pick out
    what separates the intents. Training takes well under a second on two cores.
    """

    def __init__(
        self,
        embedder: Embeddings,
        examples: dict[QuestionIntent, tuple[str, ...]] | None = None,
    ) -> None:
        self.embedder = embedder
        self.examples = examples or EXAMPLES
        self._lock = threading.Lock()
        self._model: _Model | None = None

    def _ready(self) -> _Model:
        with self._lock:
            if self._model is None:
                texts, labels = self._table()
                self._model = _Model.train(texts, labels, self._embed(texts))
            return self._model

    def _table(self) -> tuple[list[str], list[QuestionIntent]]:
        """The example questions and their intents, as two parallel lists."""
        pairs = [(text, intent) for intent, texts in self.examples.items() for text in texts]
        return [t for t, _ in pairs], [i for _, i in pairs]

    def _embed(self, texts: list[str]) -> np.ndarray:
        return _unit_rows(self.embedder.embed_documents(texts))

    def classify(self, masked_question: str) -> IntentScore:
        """The intent of a question whose slots are already masked (see :func:`mask`)."""
        model = self._ready()
        return model.predict([masked_question], self._embed([masked_question]))[0]

    def cross_validated(self, folds: int = 5) -> float:
        """Share of the examples classified right when held out of training (tuning figure)."""
        texts, labels = self._table()
        vectors = self._embed(texts)
        right = 0
        for fold in range(folds):
            train = [i for i in range(len(texts)) if i % folds != fold]
            test = [i for i in range(len(texts)) if i % folds == fold]
            model = _Model.train(
                [texts[i] for i in train], [labels[i] for i in train], vectors[train]
            )
            found = model.predict([texts[i] for i in test], vectors[test])
            right += sum(f.intent is labels[i] for f, i in zip(found, test, strict=True))
        return right / len(texts)


#: Regularisation of the logistic regression (higher: fits the examples more closely).
STRENGTH = 16.0
#: Weight of the word features beside the embedding.
WORD_WEIGHT = 1.0


@dataclass
class _Model:
    words: Any  # sklearn TfidfVectorizer
    classifier: Any  # sklearn LogisticRegression
    domain_vectors: np.ndarray  # the examples of every intent but out_of_scope

    @classmethod
    def train(cls, texts: list[str], labels: list[QuestionIntent], vectors: np.ndarray) -> _Model:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        words = TfidfVectorizer(ngram_range=(1, 2), lowercase=True, sublinear_tf=True)
        features = _features(words.fit_transform(texts), vectors)
        classifier = LogisticRegression(C=STRENGTH, max_iter=2000)
        classifier.fit(features, [label.value for label in labels])
        domain = [i for i, label in enumerate(labels) if label is not OUT_OF_SCOPE]
        return cls(words, classifier, vectors[domain])

    def predict(self, texts: list[str], vectors: np.ndarray) -> list[IntentScore]:
        features = _features(self.words.transform(texts), vectors)
        probabilities = self.classifier.predict_proba(features)
        classes = [QuestionIntent(c) for c in self.classifier.classes_]
        found = []
        for row, vector in zip(probabilities, vectors, strict=True):
            best = int(np.argmax(row))
            nearest = (
                float(np.max(self.domain_vectors @ vector)) if len(self.domain_vectors) else 1.0
            )
            intent = classes[best] if nearest >= OUT_OF_SCOPE_BELOW else OUT_OF_SCOPE
            found.append(IntentScore(intent, float(row[best]), nearest))
        return found


OUT_OF_SCOPE = QuestionIntent.out_of_scope


def _features(word_matrix: Any, vectors: np.ndarray) -> np.ndarray:
    return np.hstack([vectors, WORD_WEIGHT * word_matrix.toarray()])


def _unit_rows(vectors: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


# -- slots ----------------------------------------------------------------------------


def area_mentions(question: str, known_areas: list[str]) -> list[str]:
    """Indexed areas the question names, longest name first when names overlap
    ("North Northamptonshire" is not also "Northamptonshire")."""
    found: list[tuple[int, int, str]] = []
    for area in sorted(known_areas, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(area)}\b", question, re.IGNORECASE):
            if not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), area))
    return [area for _, _, area in sorted(found)]


def mask(question: str, known_areas: list[str], priority_pattern: re.Pattern[str]) -> str:
    """The question with its areas and priority numbers as the examples' placeholders."""
    text = question
    for area in sorted(known_areas, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(area)}\b", AREA_PLACEHOLDER, text, flags=re.IGNORECASE)
    text = priority_pattern.sub(PRIORITY_PLACEHOLDER, text)
    return re.sub(r"\s+", " ", text).strip()


def question_theme(question: str) -> str | None:
    """The theme the question's words name most clearly ("EHC plans" -> ehc_plans)."""
    hits = [(theme_hits(t, question), t.key) for t in THEMES]
    best = max(hits, default=(0, ""))
    return best[1] if best[0] > 0 else None


_MEASURE = re.compile(
    r"\b(?:how many|how much|how long|what (?:%|percentage|proportion|share|number|rate)"
    r"(?: of)?|what (?:is|was|were|are) the)\s+(?P<measure>[\w' -]{3,60}?)"
    r"(?:\s+(?:in|at|for|by|since|so far|within|were|was|had|have|has|are|is|did|do)\b|[?.]|$)",
    re.IGNORECASE,
)


def question_measure(question: str) -> str:
    """What a figure question counts or measures ("EHC plans", "20-week timeliness")."""
    match = _MEASURE.search(question)
    return match.group("measure").strip() if match else ""


_SINCE = re.compile(r"\b(?:since|from|after)\s+(?:(?P<month>[A-Za-z]+)\s+)?(?P<year>20\d\d)\b")
_UNTIL = re.compile(r"\b(?:before|until|up to|by)\s+(?:(?P<month>[A-Za-z]+)\s+)?(?P<year>20\d\d)\b")


def date_bounds(question: str) -> tuple[str | None, str | None]:
    """(from, to) years or months the question bounds itself by ("since 2023")."""
    return _bound(_SINCE.search(question)), _bound(_UNTIL.search(question))


def _bound(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    month = MONTHS.get((match.group("month") or "").lower())
    return f"{match.group('year')}-{month:02d}" if month else match.group("year")
