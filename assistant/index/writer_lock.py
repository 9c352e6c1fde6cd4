"""One writer at a time on a local index folder: an ``flock`` on ``writer.lock`` inside it.

The holder writes its pid, command line and start time into the file, so a writer
that cannot get the lock within the wait says who holds it. The kernel releases an
``flock`` when its process dies (even by SIGKILL), so a crashed writer never leaves
the index locked. A store on a ``chroma run`` server has no shared folder: its writers
take a lease in the server instead (:mod:`server_lease`).
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from assistant.errors import StoreError

LOCK_NAME = "writer.lock"


class Reentrant:
    """Held by one writer; re-entrant within one object: only the outermost hold acquires.

    Subclasses say how to acquire and release (a file lock, a server lease).
    """

    def __init__(self) -> None:
        self._depth = 0
        self._thread_lock = threading.RLock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    def _acquire(self) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        raise NotImplementedError


class WriterLock(Reentrant):
    """An exclusive lock on a folder's ``writer.lock``."""

    def __init__(self, folder: Path, wait_seconds: float) -> None:
        super().__init__()
        self.path = folder / LOCK_NAME
        self.wait_seconds = wait_seconds
        self._handle: IO[str] | None = None

    def _acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = describe_holder(self.path)
                    handle.close()
                    raise StoreError(
                        f"Another process is writing to the index at {self.path.parent}: "
                        f"{holder}. Wait for it to finish (or stop it), then try again."
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "command": " ".join(sys.argv) or sys.executable,
                    "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                }
            )
        )
        handle.flush()
        self._handle = handle

    def _release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def describe_holder(path: Path) -> str:
    """'pid 123 (`wsoa ingest corpus`), writing since 2026-01-02 10:00:00 UTC'."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder:
        return "another writer (no details recorded)"
    return (
        f"pid {holder.get('pid', '?')} (`{holder.get('command', '?')}`), "
        f"writing since {holder.get('since', '?')}"
    )
