"""Entailment judges for the citation metrics, and their agreement with hand labels.

No NLI model ships on PyPI for this setup, so the full suite asks the local chat
model a yes/no question (``prompts/judge.md``); the quick suite uses the
library's own lexical + embedding :class:`SupportChecker`. Both implement the
:class:`~evals.metrics.Judge` protocol, so tests pass a scripted fake.
LLM verdicts are cached on disk (JSON) keyed by model, prompt, claim and passage.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.grounding.prompts import Prompt
from assistant.grounding.support import SupportChecker
from assistant.llm.base import ChatModel
from evals.items import JudgePair
from evals.metrics import Judge, cohen_kappa

__all__ = [
    "Judge",
    "JudgeAgreement",
    "JudgementCache",
    "LLMJudge",
    "LexicalJudge",
    "judge_agreement",
    "parse_yes_no",
]

_NEGATIVE = re.compile(r"\b(no|not|false|unsupported|does not|doesn't|cannot)\b")
_POSITIVE = re.compile(r"\b(yes|true|supported|supports|entailed|entails|correct)\b")


def parse_yes_no(reply: str) -> bool | None:
    """Read a judge's reply: ``True`` for yes, ``False`` for no, ``None`` if unreadable.

    The first yes-like or no-like word decides, so "Yes." and "No, the passage ..."
    both parse, and "not supported" counts as no.
    """
    text = reply.strip().lower()
    yes, no = _POSITIVE.search(text), _NEGATIVE.search(text)
    if yes and (not no or yes.start() < no.start()):
        return True
    if no:
        return False
    return None


class JudgementCache:
    """A JSON file of verdicts, written through on every new verdict."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._verdicts: dict[str, bool] = {}
        if path.is_file():
            self._verdicts = json.loads(path.read_text(encoding="utf-8"))

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def get(self, key: str) -> bool | None:
        return self._verdicts.get(key)

    def put(self, key: str, verdict: bool) -> None:
        self._verdicts[key] = verdict
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._verdicts, indent=0, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)

    def __len__(self) -> int:
        return len(self._verdicts)


class LLMJudge:
    """The chat model as a yes/no judge, prompted with ``prompts/judge.md``.

    An unreadable reply counts as "no" (the conservative verdict) and is counted
    in ``unparsed``. ``calls`` counts model calls (cache misses).
    """

    def __init__(
        self,
        chat: ChatModel,
        prompt: Prompt,
        cache: JudgementCache | None = None,
        max_tokens: int = 4,
    ) -> None:
        self.chat = chat
        self.prompt = prompt
        self.cache = cache
        self.max_tokens = max_tokens
        self.name = f"llm ({chat.name})"
        self.calls = 0
        self.unparsed = 0

    def entails(self, premise: str, claim: str) -> bool:
        system, user = self.prompt.render(claim=claim, passage=premise)
        key = JudgementCache.key(self.chat.name, system, user)
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        self.calls += 1
        verdict = parse_yes_no(self.chat.complete(system, user, max_tokens=self.max_tokens))
        if verdict is None:
            self.unparsed += 1
            verdict = False
        if self.cache is not None:
            self.cache.put(key, verdict)
        return verdict


class LexicalJudge:
    """The library's lexical + embedding support check, used without a chat model."""

    name = "lexical+embedding (SupportChecker)"

    def __init__(self, embedder: Embeddings | None = None) -> None:
        self.checker = SupportChecker(embedder)
        self._memo: dict[tuple[str, str], bool] = {}

    def entails(self, premise: str, claim: str) -> bool:
        if (premise, claim) not in self._memo:
            verdict = self.checker.check(claim, [premise]).supported
            self._memo[(premise, claim)] = verdict
        return self._memo[(premise, claim)]


@dataclass
class JudgeAgreement:
    """How a judge agrees with the hand-labelled pairs."""

    judge: str
    n: int
    accuracy: float | None
    kappa: float | None
    disagreements: list[str] = field(default_factory=list)  # pair ids


def judge_agreement(judge: Judge, pairs: Sequence[JudgePair]) -> JudgeAgreement:
    """Accuracy and Cohen's kappa of ``judge`` on the labelled (passage, claim) pairs."""
    predicted = [judge.entails(p.passage, p.claim) for p in pairs]
    gold = [p.supported for p in pairs]
    right = [pr == g for pr, g in zip(predicted, gold, strict=True)]
    return JudgeAgreement(
        judge=judge.name,
        n=len(pairs),
        accuracy=sum(right) / len(pairs) if pairs else None,
        kappa=cohen_kappa(predicted, gold),
        disagreements=[p.id for p, ok in zip(pairs, right, strict=True) if not ok],
    )
