"""The eval's metric code on small hand-made cases, with a scripted judge (no models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.grounding.records import Answer, Citation, Sentence, SentenceKind
from assistant.records import DocType
from evals.answers import cited_sentences, exactness_record, score_answer
from evals.baseline import _letter_keys, is_abstention
from evals.items import JudgePair, QAItem
from evals.judge import JudgementCache, LLMJudge, judge_agreement, parse_yes_no
from evals.metrics import (
    CitedSentence,
    Span,
    abstention_scores,
    alce_citation_scores,
    citation_is_exact,
    cohen_kappa,
    contains_phrase,
    first_hit_rank,
    is_hit,
    judge_sentence,
    mean_reciprocal_rank,
    recall_at,
)
from evals.report import markdown_report, terminal_table
from evals.runner import SuiteConfig, spread
from evals.summary import summarise
from tests.fakes import ScriptedChat

DOC = "Alpha beta. The 20 week rate is 71%. Gamma delta."


class ScriptedJudge:
    """Entails when the premise contains every marker of one of the claim's support sets."""

    name = "scripted"

    def __init__(self, rules: dict[str, list[set[str]]]) -> None:
        self.rules = rules
        self.calls: list[tuple[str, str]] = []

    def entails(self, premise: str, claim: str) -> bool:
        self.calls.append((premise, claim))
        return any(all(m in premise for m in markers) for markers in self.rules.get(claim, []))


def _citation(key: str, quote: str, start: int, end: int) -> Citation:
    return Citation(
        key=key,
        doc_id="doc",
        title="t",
        local_area="Torbay",
        doc_type=DocType.review_note,
        date="2024",
        page=1,
        start=start,
        end=end,
        quote=quote,
    )


# --------------------------------------------------------------------------- exactness


def test_citation_matching_its_span_is_exact() -> None:
    start = DOC.index("The 20")
    assert citation_is_exact("The 20 week rate is 71%.", DOC, start, start + 24)


@pytest.mark.parametrize(
    ("quote", "start", "end"),
    [
        pytest.param("The 20 week rate is 71%.", 0, 24, id="span-points-elsewhere"),
        pytest.param("The 20 week rate is 72%.", 12, 36, id="quote-altered"),
        pytest.param("", 5, 5, id="empty-span"),
        pytest.param("x", 60, 61, id="span-past-end"),
    ],
)
def test_citation_not_matching_its_span_is_inexact(quote: str, start: int, end: int) -> None:
    assert not citation_is_exact(quote, DOC, start, end)


def test_exactness_record_names_the_inexact_citation() -> None:
    good = _citation("E1", "Alpha beta.", 0, 11)
    bad = _citation("E2", "Gamma delta!", DOC.index("Gamma"), len(DOC))
    record = exactness_record([good, bad], lambda doc_id: DOC)
    assert record["citations"] == 2
    assert record["citations_exact"] == 1
    assert record["inexact"] == [f"E2 doc[{DOC.index('Gamma')}:{len(DOC)}]"]


# --------------------------------------------------------------------------- ALCE


def test_irrelevant_citation_alce_definition() -> None:
    # A alone entails; X alone does not and A (the rest) does: X is irrelevant.
    judge = ScriptedJudge({"claim": [{"A"}]})
    verdict = judge_sentence(CitedSentence("claim", ("A", "X")), judge)
    assert verdict.supported
    assert verdict.citations == 2
    assert verdict.precise == 1
    assert verdict.irrelevant == (1,)


def test_citations_needed_together_are_both_precise() -> None:
    judge = ScriptedJudge({"claim": [{"B", "C"}]})
    verdict = judge_sentence(CitedSentence("claim", ("B", "C")), judge)
    assert verdict.supported and verdict.precise == 2 and verdict.irrelevant == ()


def test_citation_not_alone_sufficient_but_rest_insufficient_is_precise() -> None:
    # B alone fails, but the rest (C) alone fails too, so B is not irrelevant; C likewise.
    judge = ScriptedJudge({"claim": [{"B", "C"}, {"A"}]})
    verdict = judge_sentence(CitedSentence("claim", ("A", "B", "C")), judge)
    # A alone entails (precise); B: rest A+C entails -> irrelevant; C: rest A+B -> irrelevant.
    assert verdict.supported and verdict.precise == 1 and verdict.irrelevant == (1, 2)


def test_sentence_without_citation_is_unsupported_and_judge_not_called() -> None:
    judge = ScriptedJudge({"claim": [set()]})  # would entail anything
    verdict = judge_sentence(CitedSentence("claim", ()), judge)
    assert not verdict.supported and verdict.citations == 0
    assert judge.calls == []


def test_unsupported_sentence_makes_all_its_citations_imprecise() -> None:
    judge = ScriptedJudge({})
    verdict = judge_sentence(CitedSentence("claim", ("A", "B")), judge)
    assert not verdict.supported and verdict.citations == 2 and verdict.precise == 0


def test_unresolvable_citation_makes_the_sentence_unsupported() -> None:
    judge = ScriptedJudge({"claim": [{"A"}]})
    assert not judge_sentence(CitedSentence("claim", ("A", None)), judge).supported


def test_answer_level_recall_and_precision() -> None:
    judge = ScriptedJudge({"s1": [{"A"}], "s2": [{"B"}]})
    scores = alce_citation_scores(
        [
            CitedSentence("s1", ("A",)),  # supported, 1 precise
            CitedSentence("s2", ("B", "X")),  # supported, X irrelevant
            CitedSentence("s3", ()),  # no citation: unsupported
        ],
        judge,
    )
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.citations == 3 and scores.precise == 2
    assert scores.precision == pytest.approx(2 / 3)


def test_answer_with_sentences_but_no_citations_has_precision_zero() -> None:
    scores = alce_citation_scores([CitedSentence("s", ())], ScriptedJudge({}))
    assert scores.recall == 0.0 and scores.precision == 0.0
    assert alce_citation_scores([], ScriptedJudge({})).recall is None


def test_notices_are_excluded_and_unknown_keys_are_unresolvable() -> None:
    sentences = [
        Sentence(text="The documents do not say.", kind=SentenceKind.notice),
        Sentence(text="Rate is 71%.", citations=["E1", "E9"]),
    ]
    cited = cited_sentences(sentences, [_citation("E1", "q1", 0, 2)])
    assert cited == [CitedSentence("Rate is 71%.", ("q1", None))]


# --------------------------------------------------------------------------- answers


def test_fact_containment_ignores_case_and_whitespace() -> None:
    assert contains_phrase("Held at  TOR HILL\nHouse.", "Tor Hill House")
    assert not contains_phrase("Tor Hill", "Tor Hill House")


def test_score_answer_on_a_tiny_answer() -> None:
    item = QAItem(
        id="q", version=1, kind="answerable", question="?", expected_facts=["71%", "£380k"]
    )
    answer = Answer(
        question="?",
        answer="",
        abstained=False,
        sentences=[Sentence(text="The rate is 71%.", citations=["E1"])],
        citations=[_citation("E1", "The 20 week rate is 71%.", 12, 36)],
    )
    record = score_answer(
        item, answer, ScriptedJudge({"The rate is 71%.": [{"71%"}]}), lambda d: DOC
    )
    assert record["fact_share"] == 0.5 and record["facts_missing"] == ["£380k"]
    assert record["citations_exact"] == 1
    assert record["citation_recall"] == 1.0 and record["citation_precision"] == 1.0


# --------------------------------------------------------------------------- abstention


def test_abstention_precision_recall_on_a_tiny_table() -> None:
    #             abstained, gold unanswerable
    table = [(True, True), (True, False), (False, True), (False, False), (True, True)]
    scores = abstention_scores([a for a, _ in table], [g for _, g in table])
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (2, 1, 1, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.accuracy == pytest.approx(3 / 5)


def test_abstention_precision_is_undefined_without_abstentions() -> None:
    scores = abstention_scores([False, False], [True, False])
    assert scores.precision is None and scores.recall == 0.0 and scores.accuracy == 0.5


# --------------------------------------------------------------------------- retrieval


@pytest.mark.parametrize(
    ("retrieved", "hit"),
    [
        pytest.param(Span("d", 100, 200), True, id="covers-all"),
        pytest.param(Span("d", 150, 300), True, id="covers-exactly-half"),
        pytest.param(Span("d", 151, 300), False, id="just-under-half"),
        pytest.param(Span("d", 0, 120), False, id="small-overlap"),
        pytest.param(Span("other", 100, 200), False, id="other-document"),
        pytest.param(Span("d", 200, 260), False, id="touching-end"),
    ],
)
def test_retrieval_overlap_rule(retrieved: Span, hit: bool) -> None:
    assert is_hit(retrieved, Span("d", 100, 200)) is hit


def test_rank_recall_and_mrr() -> None:
    gold = Span("d", 100, 200)
    assert first_hit_rank([Span("d", 0, 50), Span("d", 90, 210)], gold) == 2
    assert first_hit_rank([Span("d", 0, 50)], gold) is None
    ranks = [1, 2, None, 6]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 5) == 0.5
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 0.5 + 0 + 1 / 6) / 4)


# --------------------------------------------------------------------------- judge


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("Yes", True),
        (" yes.", True),
        ("No", False),
        ("no, the passage says 74%", False),
        ("Not supported", False),
        ("Supported.", True),
        ("YES - it does", True),
        ("maybe", None),
    ],
)
def test_parse_yes_no(reply: str, verdict: bool | None) -> None:
    assert parse_yes_no(reply) is verdict


def test_llm_judge_caches_verdicts_on_disk(tmp_path: Path) -> None:
    from assistant.grounding.prompts import load_prompt
    from assistant.settings import REPO_ROOT

    prompt = load_prompt("judge", REPO_ROOT / "prompts")
    chat = ScriptedChat("Yes.", "no", "hmm")
    judge = LLMJudge(chat, prompt, JudgementCache(tmp_path / "judge.json"))
    assert judge.entails("passage one", "claim one") is True
    assert judge.entails("passage two", "claim two") is False
    assert judge.entails("passage one", "claim one") is True  # from the cache
    assert judge.calls == 2 and "claim one" in chat.calls[0][1]
    reloaded = LLMJudge(ScriptedChat(), prompt, JudgementCache(tmp_path / "judge.json"))
    assert reloaded.entails("passage two", "claim two") is False and reloaded.calls == 0
    assert judge.entails("p3", "c3") is False and judge.unparsed == 1  # "hmm": no


def test_judge_agreement_and_kappa() -> None:
    pairs = [
        JudgePair(id=f"jp-{i}", version=1, doc_id="d", passage=p, claim="c", supported=s)
        for i, (p, s) in enumerate([("A", True), ("A", False), ("B", False), ("B", True)])
    ]
    agreement = judge_agreement(ScriptedJudge({"c": [{"A"}]}), pairs)
    assert agreement.accuracy == 0.5 and agreement.disagreements == ["jp-1", "jp-3"]
    assert agreement.kappa == pytest.approx(0.0)
    assert cohen_kappa([True, False, True], [True, False, True]) == 1.0


# --------------------------------------------------------------------------- baseline, runner


def test_baseline_output_parsing() -> None:
    assert _letter_keys("Rate is 71% [1]. Both [2, 3].") == "Rate is 71% [C1]. Both [C2,C3]."
    assert is_abstention("The documents do not say.")
    assert is_abstention("This information is not provided in the passages.")
    assert not is_abstention("The rate is 71% [1].")


def test_spread_takes_items_round_robin_across_documents() -> None:
    items = ["a1", "a2", "a3", "b1", "c1", "c2"]
    assert spread(items, 4, lambda s: s[0]) == ["a1", "b1", "c1", "a2"]
    assert spread(items, None, lambda s: s[0]) == items


def test_full_suite_limit_scales_other_kinds() -> None:
    config = SuiteConfig.for_suite("full", limit=4)
    assert config.backend == "local"
    assert config.limits == {"answerable": 4, "unanswerable": 2, "draft": 1, "compare": 0}
    assert SuiteConfig.for_suite("quick").limits["answerable"] is None


def test_summary_and_report_render_from_records() -> None:
    records = [
        {
            "id": "a",
            "kind": "answerable",
            "abstained": False,
            "fact_share": 1.0,
            "citations": 2,
            "citations_exact": 2,
            "inexact": [],
            "citation_recall": 1.0,
            "citation_precision": 0.5,
            "seconds": 1.0,
        },
        {
            "id": "u",
            "kind": "unanswerable",
            "abstained": True,
            "fact_share": None,
            "citations": 0,
            "citations_exact": 0,
            "inexact": [],
            "citation_recall": None,
            "citation_precision": None,
            "seconds": 0.5,
        },
        {"id": "x", "kind": "answerable", "error": "Boom", "seconds": 0.1},
    ]
    metrics = summarise(records)
    assert metrics["citation_exactness"] == 1.0 and metrics["errors"] == ["x"]
    assert metrics["abstention"]["accuracy"] == 1.0 and metrics["citation_precision"] == 0.5
    report = {
        "suite": "quick",
        "backend": "extractive",
        "created": "now",
        "seconds": 1,
        "system": "s",
        "baseline": "b",
        "judge": "scripted",
        "limits": {},
        "retrieval": [],
        "retrieval_misses": [],
        "metrics": {"system": metrics, "baseline": metrics},
        "judge_agreement": None,
        "items": {},
    }
    assert "| citation exactness | 100.0% | 100.0% |" in markdown_report(report)
    assert "system: errors in x" in markdown_report(report)
    assert "abstention accuracy" in terminal_table(report)


def test_eval_command_is_registered() -> None:
    from click.testing import CliRunner

    from assistant.cli import cli

    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0, result.output
    assert "--suite [quick|full]" in result.output and "retrieval" in result.output
