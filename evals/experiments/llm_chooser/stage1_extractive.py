"""Stage 1: run the extractive assistant on the allowed unseen splits, capture readings + choice."""

import json, sys, time

OUT = __import__("os").environ.get("OUT", "/tmp/llmexp")  # scratch output folder
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
import assistant.grounding.ask as askmod
from evals.corpus import eval_assistant
from evals.items import load_qa_unseen
from evals.answers import score_answer
from evals.runner import make_judge

SPLITS = ["tune", "heldout", "fresh", "sealed1", "sealed2"]  # never "sealed"
captured = {}
orig = askmod.choose


def spy(fact, readings):
    captured["fact"], captured["readings"] = fact, readings
    ch = orig(fact, readings)
    captured["choice"] = ch
    return ch


askmod.choose = spy

t0 = time.time()
a = eval_assistant("extractive")
judge = make_judge(a, "quick")
print("assistant ready", time.time() - t0, flush=True)
key = lambda u: (u.doc_id, u.start, u.text)
out = []
for split in SPLITS:
    for item in load_qa_unseen(split):
        captured.clear()
        t = time.time()
        ans = a.ask(item.question, local_area=item.area)
        dt = time.time() - t
        rec = score_answer(item, ans, judge, lambda d: a.document(d).text)
        row = dict(
            split=split,
            id=item.id,
            kind=item.kind,
            question=item.question,
            area=item.area,
            expected_facts=item.expected_facts,
            sys_fact_share=rec["fact_share"],
            sys_abstained=rec["abstained"],
            sys_answer=rec["answer"],
            ask_seconds=dt,
            factoid="readings" in captured,
        )
        if "readings" in captured:
            rs = captured["readings"]
            ch = captured["choice"]
            row["fact_text"] = getattr(captured["fact"], "text", item.question)
            row["fact_plural"] = bool(getattr(captured["fact"], "plural", False))
            row["readings"] = [
                dict(
                    text=r.unit.text,
                    doc_id=r.unit.doc_id,
                    start=r.unit.start,
                    score=r.score,
                    focus=r.focus,
                    has_kind=r.has_kind,
                    tense=str(r.tense),
                )
                for r in rs
            ]
            idx = {key(r.unit): i for i, r in enumerate(rs)}
            row["choice_idx"] = [idx.get(key(u), -1) for u in ch.units]
            row["choice_texts"] = [u.text for u in ch.units]
            row["only_planned_idx"] = [idx.get(key(u), -1) for u in ch.only_planned]
            row["only_planned_texts"] = [u.text for u in ch.only_planned]
        out.append(row)
        print(
            split,
            item.id,
            item.kind,
            "factoid" if row["factoid"] else "-",
            f"{dt:.2f}s",
            flush=True,
        )
json.dump(out, open(OUT + "/stage1.json", "w"), indent=1)
print("done", time.time() - t0)
