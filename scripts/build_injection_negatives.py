"""Write the real-document negatives the injection classifier trains on, and the split.

The 50 real documents (the 5 bundled ones, the 2 test PDFs, the 43 national inspection
reports) are sorted by document id; every other one (even positions) is for tuning and
its folded sentences go to ``assistant/domain/injection_examples/negatives.txt`` (one
per line, a blank line between documents). The rest are held out for measuring false
positives (``evals/datasets/injection/real_split.json`` records both lists).

    .venv/bin/python scripts/build_injection_negatives.py
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.corpus.loaders import load_document
from assistant.domain.injection_model import EXAMPLES
from assistant.domain.injection_text import detection_views, units
from assistant.settings import REPO_ROOT


def real_documents() -> list[Path]:
    corpus = REPO_ROOT / "corpus"
    return (
        sorted(corpus.glob("*.txt"))
        + sorted((REPO_ROOT / "tests" / "data").glob("*.pdf"))
        + sorted((corpus / "national").glob("*.pdf"))
    )


def main() -> None:
    documents = sorted((load_document(p) for p in real_documents()), key=lambda d: d.doc_id)
    tune, heldout = documents[0::2], documents[1::2]
    blocks = []
    for document in tune:
        lines = []
        for view in detection_views(document.text):
            lines.extend(" ".join(view.text[s:e].split()) for s, e in units(view.text))
        blocks.append("\n".join(lines))
    (EXAMPLES / "negatives.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    split = {
        "tune": [d.doc_id for d in tune],
        "heldout": [d.doc_id for d in heldout],
        "sources": {d.doc_id: d.source for d in documents},
    }
    out = REPO_ROOT / "evals" / "datasets" / "injection" / "real_split.json"
    out.write_text(json.dumps(split, indent=2) + "\n", encoding="utf-8")
    print(f"{len(tune)} tuning documents, {len(heldout)} held out; {out}")


if __name__ == "__main__":
    main()
