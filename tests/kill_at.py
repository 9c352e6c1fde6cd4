"""`wsoa` with the fake embedder, killing itself (SIGKILL) at a named step of a store write.

Run as ``python -m tests.kill_at ingest FILE`` with ``WSOA_TEST_KILL_AT=<step>`` (a name
passed to ``ChunkStore._after``) and optionally ``WSOA_TEST_KILL_AFTER=<n>`` (die at the
n-th time the step is reached). Without a step it runs the command normally. The
settings (``WSOA_INDEX_DIR`` ...) come from the environment, as for the real CLI.
"""

from __future__ import annotations

import os
import signal
import sys

from assistant.cli import cli
from assistant.index.store import ChunkStore
from assistant.service import Assistant
from assistant.settings import Settings
from tests.fakes import HashEmbedder


def main() -> None:
    step = os.environ.get("WSOA_TEST_KILL_AT", "")
    after = int(os.environ.get("WSOA_TEST_KILL_AFTER", "1"))
    reached = {"n": 0}

    def kill_at_step(self: ChunkStore, name: str) -> None:
        if name == step:
            reached["n"] += 1
            if reached["n"] >= after:
                os.kill(os.getpid(), signal.SIGKILL)

    ChunkStore._after = kill_at_step  # type: ignore[method-assign]
    assistant = Assistant(embedder=HashEmbedder(), settings=Settings(), backend="extractive")
    cli.main(sys.argv[1:], obj=assistant, prog_name="wsoa")


if __name__ == "__main__":
    main()
