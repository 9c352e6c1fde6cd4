"""`wsoa` with the fake embedder, killing itself (SIGKILL) at a named step of a store write.

Run as ``python -m tests.kill_at ingest FILE`` with ``WSOA_TEST_KILL_AT=<step>`` (a name
passed to ``ChunkStore._after``) and optionally ``WSOA_TEST_KILL_AFTER=<n>`` (die at the
n-th time the step is reached). ``WSOA_TEST_PAUSE_AT=<step>`` with
``WSOA_TEST_PAUSE_SECONDS=<s>`` sleeps there instead (a write held open, for tests of
writers taking turns). Without a step it runs the command normally. The settings
(``WSOA_INDEX_DIR`` ...) come from the environment, as for the real CLI.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from assistant.cli import cli
from assistant.index.store import ChunkStore
from assistant.service import Assistant
from assistant.settings import Settings
from tests.fakes import HashEmbedder


def main() -> None:
    step = os.environ.get("WSOA_TEST_KILL_AT", "")
    after = int(os.environ.get("WSOA_TEST_KILL_AFTER", "1"))
    reached = {"n": 0}

    pause = os.environ.get("WSOA_TEST_PAUSE_AT", "")
    pause_seconds = float(os.environ.get("WSOA_TEST_PAUSE_SECONDS", "0"))

    def kill_at_step(self: ChunkStore, name: str) -> None:
        if name == pause:
            print(f"paused at {name}", file=sys.stderr, flush=True)
            time.sleep(pause_seconds)
        if name == step:
            reached["n"] += 1
            if reached["n"] >= after:
                os.kill(os.getpid(), signal.SIGKILL)

    ChunkStore._after = kill_at_step  # type: ignore[method-assign]
    assistant = Assistant(embedder=HashEmbedder(), settings=Settings(), backend="extractive")
    cli.main(sys.argv[1:], obj=assistant, prog_name="wsoa")


if __name__ == "__main__":
    main()
