"""Position-bias probe: same prompt, candidates in REVERSED order, on answerable items whose
gold unit is in the top 8 but not at rank 1 (where choosing matters). Picks mapped back to
original ranks."""

import json, re, sys, time

OUT = __import__("os").environ.get("OUT", "/tmp/llmexp")  # scratch output folder
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from evals.metrics import contains_phrase
from llama_cpp import Llama

MODEL = (
    str(__import__("pathlib").Path(__file__).resolve().parents[3])
    + "/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
)
SYSTEM = "You pick the passage that answers a question. Reply with a number only."
INSTR = "Answer with the number of the passage that states the answer to the question, or 0 if none does."


def trim(t):
    t = " ".join(t.split())
    return t if len(t) <= 300 else t[:300].rsplit(" ", 1)[0] + " …"


rows = [
    r for r in json.load(open(OUT + "/stage1.json")) if r["factoid"] and r["kind"] == "answerable"
]


def gold(r):
    return [
        i
        for i, x in enumerate(r["readings"][:8])
        if all(contains_phrase(x["text"], e) for e in r["expected_facts"])
    ]


sel = [r for r in rows if gold(r) and 0 not in gold(r)]
print(len(sel), "items", flush=True)
llm = Llama(
    model_path=MODEL, n_ctx=2048, n_threads=1, n_threads_batch=1, n_batch=512, verbose=False
)
out = open(OUT + "/llm_reversed_probe.jsonl", "w")
for r in sel:
    texts = [x["text"] for x in r["readings"][:8]]
    rev = texts[::-1]
    cands = "\n".join(f"[{i}] {trim(t)}" for i, t in enumerate(rev, 1))
    p = f"Question: {r['question']}\n\nPassages:\n{cands}\n\n{INSTR}"
    t = time.time()
    res = llm.create_chat_completion(
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": p}],
        temperature=0.0,
        max_tokens=4,
    )
    dt = time.time() - t
    raw = res["choices"][0]["message"]["content"]
    m = re.search(r"\d+", raw)
    shown = int(m.group()) if m else None
    orig_rank = (len(texts) - shown) if shown else None  # 0-based original index
    rec = dict(
        id=r["id"],
        split=r["split"],
        shown_pick=shown,
        orig_idx=orig_rank,
        gold=gold(r),
        n=len(texts),
        seconds=dt,
    )
    out.write(json.dumps(rec) + "\n")
    out.flush()
    print(rec, flush=True)
