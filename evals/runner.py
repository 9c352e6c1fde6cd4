"""Running a suite: pick items, run this system and the baseline, score, summarise.

* ``quick``: extractive answers (no LLM), the lexical judge, every retrieval
  item and every QA item. Minutes on a laptop CPU; ``make test`` runs it.
* ``full``: the chosen backend (normally the local model) for a spread-out subset
  (default 20 answerable, 10 unanswerable, 3 drafts; no comparisons), the LLM
  judge, and the baseline with the same model on the same subset.
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from assistant.service import Assistant
from evals.answers import score_answer, score_comparison, score_draft, score_pooled
from evals.baseline import LangChainBaseline
from evals.items import (
    UNSEEN_SPLITS,
    QAItem,
    load_judge_pairs,
    load_qa,
    load_qa_heldout,
    load_qa_unseen,
    load_retrieval,
)
from evals.judge import JudgeAgreement, judge_agreement
from evals.metrics import Judge
from evals.retrieval import evaluate_retrieval
from evals.summary import summarise

Suite = Literal["quick", "full"]
Progress = Callable[[str], None]
Scorer = Callable[[], dict[str, Any]]
T = TypeVar("T")

# Comparisons are extractive whatever the backend, so the quick suite covers them; the
# full suite spends its model time on answers and drafts.

FULL_DEFAULTS = {"answerable": 20, "unanswerable": 10, "draft": 3, "compare": 0}


@dataclass(frozen=True)
class SuiteConfig:
    """What a suite runs; ``None`` as a limit means every item of that kind."""

    suite: Suite
    backend: str
    limits: dict[str, int | None]
    retrieval: bool = True
    judge_pairs: bool = True
    statement_kinds: bool = True  # rules only, no model: seconds, so both suites run it
    reading: bool = True  # intents, inspection lists, unseen factoids: seconds, no model
    injection: bool = True  # planted orders: the sealed set and the 50 real documents

    @classmethod
    def for_suite(
        cls, suite: Suite, backend: str | None = None, limit: int | None = None
    ) -> SuiteConfig:
        """``--limit N`` caps answerable items at N and the other kinds in proportion."""
        if suite == "quick":
            kinds = ("answerable", "unanswerable", "draft", "compare")
            limits: dict[str, int | None] = dict.fromkeys(kinds, limit)
            return cls("quick", backend or "extractive", limits)
        if limit is None:
            return cls("full", backend or "local", dict(FULL_DEFAULTS))
        scale = limit / FULL_DEFAULTS["answerable"]
        limits = {k: max(1, math.ceil(v * scale)) if v else 0 for k, v in FULL_DEFAULTS.items()}
        limits["answerable"] = limit
        return cls("full", backend or "local", limits)


def spread(items: Sequence[T], n: int | None, group: Callable[[T], str]) -> list[T]:
    """Up to ``n`` items taken round-robin across groups (documents), order kept per group."""
    if n is None or n >= len(items):
        return list(items)
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[group(item)].append(item)
    picked: list[T] = []
    queues = list(groups.values())
    while len(picked) < n:
        for queue in queues:
            if queue and len(picked) < n:
                picked.append(queue.pop(0))
    return picked


def _id_group(item: QAItem) -> str:
    return re.sub(r"-?\d+$", "", item.id)


def select_items(items: Sequence[QAItem], limits: dict[str, int | None]) -> list[QAItem]:
    chosen: list[QAItem] = []
    for kind, limit in limits.items():
        chosen += spread([i for i in items if i.kind == kind], limit, _id_group)
    return chosen


class SuiteRunner:
    """Runs one suite for this system and the baseline with an injected judge."""

    def __init__(
        self,
        assistant: Assistant,
        config: SuiteConfig,
        judge: Judge,
        baseline: LangChainBaseline,
        progress: Progress | None = None,
    ) -> None:
        self.assistant = assistant
        self.config = config
        self.judge = judge
        self.baseline = baseline
        self.progress = progress or (lambda message: None)

    def doc_text(self, doc_id: str) -> str:
        return self.assistant.document(doc_id).text

    def system_item(self, item: QAItem) -> Scorer:
        """Produce this system's output for ``item``; return what scores it."""
        if item.kind == "draft":
            assert item.area is not None and item.priority is not None
            draft = self.assistant.draft(item.area, item.priority)
            return lambda: score_draft(item, draft, self.judge, self.doc_text)
        if item.kind == "compare":
            comparison = self.assistant.compare(str(item.theme), item.areas)
            return lambda: score_comparison(item, comparison, self.judge, self.doc_text)
        answer = self.assistant.ask(item.question, local_area=item.area)
        return lambda: score_answer(item, answer, self.judge, self.doc_text)

    def baseline_item(self, item: QAItem) -> Scorer:
        """Produce the baseline's output (always one plain answer); return what scores it."""
        local_area = item.area if item.kind != "compare" else None
        answer = self.baseline.ask(item.question, local_area=local_area)
        if item.kind in ("draft", "compare"):
            return lambda: score_pooled(item, answer, self.judge, self.doc_text)
        return lambda: score_answer(item, answer, self.judge, self.doc_text)

    def _scored(self, run: Callable[[QAItem], Scorer], item: QAItem) -> dict[str, Any]:
        """Run and score one item; ``seconds`` is the time to produce the output only."""
        started = time.perf_counter()
        try:
            score = run(item)
            seconds = time.perf_counter() - started
            record = score()
        except Exception as error:  # an eval reports a crash as that item's failure
            seconds = time.perf_counter() - started
            record = {
                "id": item.id,
                "kind": item.kind,
                "question": item.question,
                "error": f"{type(error).__name__}: {error}",
            }
        record["seconds"] = round(seconds, 2)
        return record

    def run_qa(
        self, items: Sequence[QAItem], baseline: bool = True
    ) -> dict[str, list[dict[str, Any]]]:
        results: dict[str, list[dict[str, Any]]] = {"system": [], "baseline": []}
        runs = [("system", self.system_item)]
        if baseline:
            runs.append(("baseline", self.baseline_item))
        for n, item in enumerate(items, 1):
            self.progress(f"[{n}/{len(items)}] {item.id} ({item.kind}): {item.question[:70]}")
            for name, run in runs:
                record = self._scored(run, item)
                results[name].append(record)
                self.progress(_item_line(n, len(items), name, record))
        return results

    def run_reading(self) -> dict[str, Any]:
        """Intent accuracy, inspection lists and the unseen factoid sets."""
        from evals.inspection import evaluate_inspection, load_gold
        from evals.intents import evaluate_intents

        self.progress("reading: intents on held-out paraphrases")
        areas = self.assistant.local_areas() + [g.local_area for g in load_gold().values()]
        intents = evaluate_intents(self.assistant.intents, sorted(set(areas)))
        self.progress("reading: 'what must X improve' on the 43 reports, tune and held-out")
        inspection = evaluate_inspection(self.assistant.intents, self.assistant.settings)
        unseen = {}
        for name in UNSEEN_SPLITS:
            items = select_items(load_qa_unseen(name), self.config.limits)
            self.progress(f"reading: unseen questions ({name}), {len(items)} items")
            records = self.run_qa(items, baseline=False)
            unseen[name] = {"metrics": summarise(records["system"]), "items": records["system"]}
        return {"intents": intents, "inspection": inspection, "unseen": unseen}

    def run(self) -> dict[str, Any]:
        """The whole suite as a JSON-ready report."""
        started = time.perf_counter()
        retrieval: list[dict[str, Any]] = []
        retrieval_misses: list[dict[str, Any]] = []
        if self.config.retrieval:
            scores = evaluate_retrieval(
                self.assistant, load_retrieval(), baseline=self.baseline, progress=self.progress
            )
            retrieval = [s.summary() for s in scores]
            hybrid = next(s for s in scores if s.mode == "hybrid")
            retrieval_misses = [
                {
                    "id": m.id,
                    "question": m.question,
                    "rank": m.rank,
                    "gold": asdict(m.gold) if m.gold else None,
                    "top5": [asdict(span) for span in m.top],
                }
                for m in hybrid.misses()
            ]
        items = select_items(load_qa(), self.config.limits)
        self.progress(f"qa: {len(items)} items, system and baseline")
        qa = self.run_qa(items)
        heldout_items = select_items(load_qa_heldout(), self.config.limits)
        self.progress(f"held-out qa: {len(heldout_items)} items, system and baseline")
        heldout = self.run_qa(heldout_items)
        reading: dict[str, Any] | None = None
        if self.config.reading:
            reading = self.run_reading()
        agreement: JudgeAgreement | None = None
        if self.config.judge_pairs:
            self.progress("judge: agreement with the hand-labelled pairs")
            agreement = judge_agreement(self.judge, load_judge_pairs())
        injection: dict[str, Any] | None = None
        if self.config.injection:
            from evals.injection import evaluate_injection

            self.progress("injection: the sealed hostile set, look-alikes, 50 real documents")
            injection = evaluate_injection(with_cross_validation=False)
        kinds: dict[str, Any] | None = None
        if self.config.statement_kinds:
            from evals.statement_kinds import evaluate_statement_kinds

            self.progress("statement kinds: the rules against the hand-labelled units")
            kinds = evaluate_statement_kinds()
        return {
            "suite": self.config.suite,
            "backend": self.config.backend,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 1),
            "system": f"wsoa-assistant ({self.assistant.backend_description()})",
            "baseline": self.baseline.name,
            "judge": self.judge.name,
            "limits": self.config.limits,
            "retrieval": retrieval,
            "retrieval_misses": retrieval_misses,
            "metrics": {name: summarise(records) for name, records in qa.items()},
            # Written after tuning on qa.jsonl: the figure to trust for unseen questions.
            "heldout_metrics": {name: summarise(records) for name, records in heldout.items()},
            "judge_agreement": asdict(agreement) if agreement else None,
            # Question reading on data nobody tuned on (and its tuning figures beside it).
            "reading": reading,
            "statement_kinds": kinds,
            "injection": injection,
            # Results are comparable across runs only for items of the same version.
            "dataset_versions": {i.id: i.version for i in items},
            "items": qa,
            "heldout_items": heldout,
        }


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _item_line(n: int, total: int, name: str, record: dict[str, Any]) -> str:
    if "error" in record:
        status = f"ERROR {record['error'][:80]}"
    elif record["kind"] in ("answerable", "unanswerable"):
        status = "abstained" if record["abstained"] else f"facts {_pct(record.get('fact_share'))}"
    else:
        status = f"key points {_pct(record.get('key_point_share'))}"
    return f"[{n}/{total}] {record['id']} {name}: {status} ({record['seconds']}s)"


def make_judge(assistant: Assistant, suite: Suite) -> Judge:
    """The lexical judge for ``quick`` (or with no model), else the cached LLM judge."""
    from evals.judge import JudgementCache, LexicalJudge, LLMJudge

    chat = assistant.chat if suite == "full" else None
    if chat is None:
        return LexicalJudge(assistant.embedder)
    from assistant.grounding.prompts import load_prompt

    slug = re.sub(r"[^a-z0-9.]+", "-", chat.name.lower()).strip("-")
    cache = JudgementCache(assistant.settings.paths.evals_dir / "cache" / f"judge-{slug}.json")
    return LLMJudge(chat, load_prompt("judge", assistant.settings.paths.prompts_dir), cache)


def run_suite(
    assistant: Assistant,
    config: SuiteConfig,
    judge: Judge | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run ``config`` on ``assistant`` (whose backend must match ``config.backend``)."""
    baseline = LangChainBaseline(assistant, assistant.chat, assistant.settings.llm.max_tokens)
    runner = SuiteRunner(
        assistant, config, judge or make_judge(assistant, config.suite), baseline, progress
    )
    return runner.run()
