"""Time drawing a cited PDF page for the passage panel (pdfium, the quote marked).

For every fourth of the bundled inspection reports, one sentence per exactly known page is
cited and its page drawn as the panel shows it; prints the median and slowest time, the
PNG sizes, and how many quotes were found on their page.

    .venv/bin/python scripts/bench_page_image.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.corpus.loaders import load_document  # noqa: E402
from assistant.render.page_image import page_png  # noqa: E402
from assistant.settings import REPO_ROOT  # noqa: E402

SENTENCE = re.compile(r"[A-Z][^.!?]{40,300}[.!?]")


def main() -> None:
    reports = sorted((REPO_ROOT / "corpus" / "national").glob("*.pdf"))[::4]
    seconds: list[float] = []
    sizes: list[int] = []
    for path in reports:
        document = load_document(path)
        for page in document.pages:
            if page.page is None:
                continue
            found = SENTENCE.search(document.text[page.start : page.end])
            if found is None:
                continue
            start = time.perf_counter()
            png = page_png(path, page.page, found.group())
            seconds.append(time.perf_counter() - start)
            sizes.append(len(png))
    print(f"{len(seconds)} pages of {len(reports)} reports drawn with a quote marked")
    print(
        f"seconds: median {statistics.median(seconds):.3f}, max {max(seconds):.3f}; "
        f"PNG: median {statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
