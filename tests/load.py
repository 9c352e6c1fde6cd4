"""A crowd on the web app: simultaneous users over loopback HTTP, latency per kind, server RSS.

Shared by ``tests/test_load.py`` (0 errors, memory bounded) and ``scripts/bench_load.py``
(figures for docs/benchmarks.md). The app runs as its own process (``python -m tests.load
serve``) over a given index, so its memory is measured alone; each user is a
``gradio_client.Client`` with its own session, calling the same endpoints the page does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.settings import REPO_ROOT
from tests.net import free_port

#: What each user does, in turn (user i starts at step i, so kinds overlap).
PLAN = ["ask", "search", "draft", "ask", "compare", "search", "gaps", "ask", "search", "draft"]
QUESTIONS = [
    "What progress has Torbay made on EHC plan timeliness?",
    "How long are waits for autism assessment?",
    "What evidence of impact is there for co-production?",
    "What are the next steps on the graduated response?",
]
SEARCHES = ["speech and language therapy waits", "EHC plans 20 weeks", "parent carer forum"]


@dataclass
class Call:
    kind: str
    seconds: float
    error: str = ""


@dataclass
class LoadRun:
    calls: list[Call] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    users: int = 0
    wall_seconds: float = 0.0

    @property
    def errors(self) -> list[Call]:
        return [c for c in self.calls if c.error]

    def by_kind(self) -> dict[str, list[float]]:
        kinds: dict[str, list[float]] = {}
        for call in self.calls:
            kinds.setdefault(call.kind, []).append(call.seconds)
        return kinds

    def table(self) -> str:
        """Markdown: requests, p50 and p95 per kind."""
        lines = ["| kind | requests | p50 (s) | p95 (s) |", "|---|---:|---:|---:|"]
        for kind, seconds in sorted(self.by_kind().items()):
            lines.append(
                f"| {kind} | {len(seconds)} | {percentile(seconds, 50):.2f} | "
                f"{percentile(seconds, 95):.2f} |"
            )
        return "\n".join(lines)


def percentile(values: list[float], pct: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


# -- the server ---------------------------------------------------------------------------


def start_server(index_dir: Path, fake: bool, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m tests.load serve`` on a free loopback port; returns it and its URL."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "WSOA_INDEX_DIR": str(index_dir),
        "WSOA_LLM_BACKEND": "extractive",
        "WSOA_CHROMA_URL": "",
        "WSOA_AUTH": "",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    args = [sys.executable, "-m", "tests.load", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*args, *(["--fake"] if fake else [])],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the app did not answer in 180 s:\n{log.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve_main(port: int, fake: bool) -> None:
    """The app as `wsoa serve` runs it, optionally over the fake embedder (tests)."""
    import uvicorn

    from assistant.service import Assistant
    from assistant.settings import get_settings
    from ui.app import build_app, server_app

    settings = get_settings()
    embedder = None
    if fake:
        from tests.fakes import HashEmbedder

        embedder = HashEmbedder()
    assistant = Assistant(settings=settings, embedder=embedder, backend="extractive")
    app = server_app(build_app(assistant))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# -- the users ----------------------------------------------------------------------------


class User:
    """One person's session: waits for the page's start-up, then works through the plan."""

    def __init__(self, url: str, number: int) -> None:
        from gradio_client import Client

        self.number = number
        self.client = Client(url, verbose=False, download_files=False)
        # The page's start-up fills the area and priority lists for this session.
        startup = self.client.predict(api_name="/startup")
        self.areas = [c[0] if isinstance(c, list) else c for c in startup[1]["choices"]][1:]
        self.area = self.areas[number % len(self.areas)]

    def do(self, kind: str, step: int, upload: Path | None = None) -> None:
        c = self.client
        if kind == "ask":
            question = QUESTIONS[(self.number + step) % len(QUESTIONS)]
            result = c.predict(question, "All areas", "any", "", "", api_name="/ask")
            check(kind, "wsoa-" in str(result[0]), result)
        elif kind == "search":
            hits = c.predict(SEARCHES[step % len(SEARCHES)], "", 5, api_name="/search")
            check(kind, bool(hits) and "text" in hits[0], hits)
        elif kind == "draft":
            priorities = c.predict(self.area, api_name="/priority_choices")["choices"]
            priority = priorities[0][1] if priorities else 1
            # Area, priority, "documents up to" (the editor's state is the session's own).
            result = c.predict(self.area, priority, "", api_name="/draft")
            check(kind, "wsoa-ok" in str(result[0]), result[0])
        elif kind == "compare":
            result = c.predict("EHC plan timeliness", self.areas[:2], api_name="/compare")
            check(kind, "wsoa-" in str(result[0]), result[0])
        elif kind == "gaps":
            result = c.predict(self.area, api_name="/gaps")
            check(kind, "wsoa-" in str(result[0]), result[0])
        elif kind == "upload":
            from gradio_client import handle_file

            assert upload is not None
            result = c.predict(
                handle_file(str(upload)), self.area, "review_note", "2024-03", "", api_name="/add"
            )
            check(kind, "Added" in str(result[0]) or "already" in str(result[0]), result[0])
        else:
            raise ValueError(kind)


def check(kind: str, ok: bool, result: Any) -> None:
    if not ok:
        raise AssertionError(f"{kind}: unexpected result {str(result)[:300]}")


def timed(kind: str, work: Callable[[], None]) -> Call:
    start = time.perf_counter()
    try:
        work()
        return Call(kind, time.perf_counter() - start)
    except Exception as error:  # every failure is counted and reported, not raised
        return Call(kind, time.perf_counter() - start, f"{type(error).__name__}: {error}"[:500])


def run_load(
    url: str, server_pid: int, users: int = 20, rounds: int = 5, upload: Path | None = None
) -> LoadRun:
    """``users`` sessions at once, each doing ``rounds`` steps of PLAN; user 0 also uploads."""
    run = LoadRun(users=users)
    # Warm every kind once, so "before" is the app at work, not the app just started.
    warm = User(url, 0)
    for kind in ("ask", "search", "draft", "compare", "gaps"):
        warm.do(kind, 0)
    run.rss_before_mb = rss_mb(server_pid)
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def person(number: int) -> None:
        calls: list[Call] = []
        user: User | None = None

        def connect() -> None:
            nonlocal user
            user = User(url, number)

        calls.append(timed("page load", connect))
        barrier.wait()  # everyone starts together
        if user is not None:
            for step in range(rounds):
                kind = PLAN[(number + step) % len(PLAN)]
                calls.append(timed(kind, lambda k=kind, s=step: user.do(k, s)))  # type: ignore[misc]
            if number == 0 and upload is not None:
                calls.append(timed("upload", lambda: user.do("upload", 0, upload)))  # type: ignore[union-attr]
        with lock:
            run.calls.extend(calls)

    start = time.perf_counter()
    threads = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    run.wall_seconds = time.perf_counter() - start
    run.rss_after_mb = rss_mb(server_pid)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.load")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the app (used by the load test)")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--fake", action="store_true", help="fake embedder (tests)")
    args = parser.parse_args()
    if args.command == "serve":
        serve_main(args.port, args.fake)


if __name__ == "__main__":
    main()
