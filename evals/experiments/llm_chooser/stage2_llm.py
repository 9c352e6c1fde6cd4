"""Stage 2: ask the local GGUF which of the top-K candidate units answers the question."""

import json, re, sys, time, os

OUT = __import__("os").environ.get("OUT", "/tmp/llmexp")  # scratch output folder
from llama_cpp import Llama

MODEL = (
    str(__import__("pathlib").Path(__file__).resolve().parents[3])
    + "/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
)
K, TRIM = 8, 300
variant = sys.argv[1] if len(sys.argv) > 1 else "v1"
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
outp = f"{OUT}/llm_{variant}.jsonl"

SYSTEM = "You pick the passage that answers a question. Reply with a number only."
INSTR = "Answer with the number of the passage that states the answer to the question, or 0 if none does."


def trim(t):
    t = " ".join(t.split())
    return t if len(t) <= TRIM else t[:TRIM].rsplit(" ", 1)[0] + " …"


def prompt(q, texts):
    cands = "\n".join(f"[{i}] {trim(t)}" for i, t in enumerate(texts, 1))
    return f"Question: {q}\n\nPassages:\n{cands}\n\n{INSTR}"


rows = [r for r in json.load(open(OUT + "/stage1.json")) if r["factoid"]]
done = set()
if os.path.exists(outp):
    done = {json.loads(l)["id"] for l in open(outp)}
t0 = time.time()
llm = Llama(
    model_path=MODEL, n_ctx=2048, n_threads=1, n_threads_batch=1, n_batch=512, verbose=False
)
load_s = time.time() - t0
print(f"load {load_s:.2f}s", flush=True)
with open(OUT + "/load_times.txt", "a") as f:
    f.write(f"{variant} load_seconds={load_s:.2f}\n")
n = 0
with open(outp, "a") as out:
    for r in rows:
        if r["id"] in done:
            continue
        if limit is not None and n >= limit:
            break
        texts = [x["text"] for x in r["readings"][:K]]
        if not texts:
            rec = dict(
                id=r["id"],
                split=r["split"],
                pick=0,
                raw="(no candidates)",
                seconds=0.0,
                prompt_tokens=0,
                called=False,
            )
        else:
            p = prompt(r["question"], texts)
            t = time.time()
            res = llm.create_chat_completion(
                messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": p}],
                temperature=0.0,
                max_tokens=4,
            )
            dt = time.time() - t
            raw = res["choices"][0]["message"]["content"]
            m = re.search(r"\d+", raw)
            pick = int(m.group()) if m else None
            if pick is not None and pick > len(texts):
                pick = None
            rec = dict(
                id=r["id"],
                split=r["split"],
                pick=pick,
                raw=raw,
                seconds=dt,
                prompt_tokens=res["usage"]["prompt_tokens"],
                called=True,
            )
        out.write(json.dumps(rec) + "\n")
        out.flush()
        n += 1
        print(
            r["split"],
            r["id"],
            rec["pick"],
            repr(rec["raw"]),
            f"{rec['seconds']:.2f}s",
            rec["prompt_tokens"],
            flush=True,
        )
print("total", time.time() - t0)
