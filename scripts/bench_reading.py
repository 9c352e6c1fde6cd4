"""Time extractive answers by intent on the shipped index (48 documents, 46 areas).

    .venv/bin/python scripts/bench_reading.py [--runs 3]

Prints, per kind of question, the median and slowest seconds per answer over the runs,
after one warm-up answer (model load and classifier training are start-up, not answers).
"""

from __future__ import annotations

import argparse
import statistics
import time

from assistant.service import Assistant

QUESTIONS = {
    "what must X improve": [
        "What must Bolton improve?",
        "What did inspectors ask Oxfordshire to do?",
        "What are Suffolk's areas for priority action?",
    ],
    "which areas were told to improve Y": [
        "Which areas were told to improve EHC plan timeliness?",
        "Which areas were told to improve their local offer?",
    ],
    "figure": [
        "How many responses did Wirral's survey get?",
        "What was Shropshire's 20 week EHC plan timeliness?",
    ],
    "no area": ["What evidence do we have for priority 5?"],
    "evidence of impact (area-wide search for the asked measure)": [
        "What evidence is there that waiting times for speech and language therapy in "
        "Shropshire have come down?",
        "What difference are Torbay's case conferences for pupils at risk of exclusion making?",
    ],
    "intent only (out of scope)": ["What is the capital of France?"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    assistant = Assistant(backend="extractive")
    started = time.perf_counter()
    assistant.ask("What must Bolton improve?")
    warm = time.perf_counter() - started
    print(f"warm-up (model load, classifier training, first answer): {warm:.2f} s")
    print(f"{'question kind':38} {'median s':>9} {'max s':>7}")
    for kind, questions in QUESTIONS.items():
        seconds = []
        for _ in range(args.runs):
            for question in questions:
                started = time.perf_counter()
                assistant.ask(question)
                seconds.append(time.perf_counter() - started)
        print(f"{kind:38} {statistics.median(seconds):9.2f} {max(seconds):7.2f}")


if __name__ == "__main__":
    main()
