"""Stage 3: compare extractive choice, LLM choice and combinations per split (proxy scoring)."""

import json, sys, statistics

OUT = __import__("os").environ.get("OUT", "/tmp/llmexp")  # scratch output folder
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from evals.metrics import contains_phrase

variant = sys.argv[1] if len(sys.argv) > 1 else "v1"
SPLITS = ["tune", "heldout", "fresh", "sealed1", "sealed2"]
rows = {r["id"]: r for r in json.load(open(OUT + "/stage1.json")) if r["factoid"]}
llm = {}
for l in open(f"{OUT}/llm_{variant}.jsonl"):
    d = json.loads(l)
    llm[d["id"]] = d
items = [rows[i] for i in rows if i in llm]


def hit(r, texts):
    t = " ".join(texts)
    return bool(texts) and all(contains_phrase(t, e) for e in r["expected_facts"])


def ext(r):
    return r["choice_texts"]  # [] = abstain (incl. only_planned)


def llm_pick(r):
    p = llm[r["id"]]["pick"]
    if p is None:
        return None
    return [] if p == 0 else [r["readings"][p - 1]["text"]]


def gap(r):
    """How close the nearest rival in the top 8 scores to the extractive choice's first unit."""
    rs = r["readings"][:8]
    if not r["choice_idx"] or len(rs) < 2:
        return 99.0
    c = r["choice_idx"][0]
    if c < 0 or c >= len(rs):
        return 99.0
    return min(abs(rs[c]["score"] - x["score"]) for i, x in enumerate(rs) if i != c)


STRATS = {}
STRATS["a_extractive"] = ext
STRATS["b_llm_alone"] = lambda r: llm_pick(r) if llm_pick(r) is not None else ext(r)
STRATS["c1_veto(llm0->abstain)"] = lambda r: [] if llm[r["id"]]["pick"] == 0 else ext(r)
STRATS["c2_rechoose_if_ext_answered"] = lambda r: llm_pick(r) if ext(r) and llm_pick(r) else ext(r)


def margin(m):
    def f(r):
        if ext(r) and gap(r) <= m and llm_pick(r):
            return llm_pick(r)
        return ext(r)

    return f


def margin_veto(m):
    def f(r):
        if ext(r) and gap(r) <= m and llm[r["id"]]["pick"] == 0:
            return []
        return ext(r)

    return f


def keep_or_add(r):
    # extractive choice, plus the LLM pick added if it differs (never removes)
    e, p = ext(r), llm_pick(r)
    if e and p and p[0] not in e:
        return e + p
    return e


STRATS["c3_ext_plus_llm_pick"] = keep_or_add


def evaluate(strat, rs):
    ans = [r for r in rs if r["kind"] == "answerable"]
    una = [r for r in rs if r["kind"] == "unanswerable"]
    hits = sum(hit(r, strat(r)) for r in ans)
    false_abst = sum(not strat(r) for r in ans)
    right_abst = sum(not strat(r) for r in una)
    abst_acc = (sum(bool(strat(r)) for r in ans) + right_abst) / len(rs) if rs else 0
    return dict(
        n_ans=len(ans),
        hits=hits,
        false_abst=false_abst,
        n_una=len(una),
        right_abst=right_abst,
        abst_acc=abst_acc,
    )


if __name__ == "__main__":
    # margin sweep on tune+heldout only
    tuneset = [r for r in items if r["split"] in ("tune", "heldout")]
    print("margin sweep on tune+heldout (hits, false_abst, right_abst)")
    for m in [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 99]:
        e1 = evaluate(margin(m), tuneset)
        e2 = evaluate(margin_veto(m), tuneset)
        print(
            f"  m={m}: rechoose {e1['hits']},{e1['false_abst']},{e1['right_abst']}  veto {e2['hits']},{e2['false_abst']},{e2['right_abst']}"
        )
    print("gaps:", sorted(round(gap(r), 3) for r in items)[:60])


def top1(r):
    return [r["readings"][0]["text"]] if r["readings"] else []


def table(extra=None):
    strats = dict(STRATS)
    strats["c4_margin0.05_rechoose"] = margin(0.05)
    strats["c5_margin0.1_veto"] = margin_veto(0.1)
    strats["ref_always_top1"] = top1
    if extra:
        strats |= extra
    lines = [
        "| strategy | split | answerable fact hits | false abstentions (answerable) | unanswerable abstained | abstention accuracy |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in strats.items():
        for sp in SPLITS + ["ALL", "untuned(fresh+sealed1+sealed2)"]:
            rs = [
                r
                for r in items
                if (
                    sp == "ALL"
                    or r["split"] == sp
                    or (sp.startswith("untuned") and r["split"] in ("fresh", "sealed1", "sealed2"))
                )
            ]
            e = evaluate(f, rs)
            lines.append(
                f"| {name} | {sp} | {e['hits']}/{e['n_ans']} | {e['false_abst']}/{e['n_ans']} | "
                f"{e['right_abst']}/{e['n_una']} | {e['abst_acc']:.2f} |"
            )
    return "\n".join(lines)


def examples():
    out = []
    for r in items:
        e, p = hit(r, ext(r)), llm_pick(r)
        if p is None:
            continue
        if r["kind"] == "answerable":
            l = hit(r, p)
            if e != l:
                out.append(("FIXED" if l else "BROKE", r, p))
        else:
            if bool(ext(r)) != bool(p):
                out.append(("FIXED" if not p else "BROKE", r, p))
    return out
