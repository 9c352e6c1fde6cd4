"""One writer at a time on a ``chroma run`` server: a lease record in the server itself.

Writers sharing a server share no folder, so the ``flock`` of :mod:`writer_lock` cannot
serialise them; two writers of one document would each delete the other's passages.
The lease is one record (``writer-lease``) in the store's meta collection, holding its
owner (pid, host, command), a random token and an expiry:

* take: ``add`` the record with a new token. Chroma ignores an ``add`` of an id that
  exists, so whoever added first holds it; reading it back says who that is
  (compare-and-set on "no record");
* renew: the holder pushes the expiry forward every third of the lease time, from a
  background thread, while its write lasts;
* expire: a record past its expiry belonged to a writer that died (SIGKILL, power cut):
  it is deleted *only if its token is unchanged* (``delete(where={"token": ...})``), so
  two writers cannot both take over, then the taker adds its own;
* release: the holder deletes the record, again only with its own token.

A writer that cannot take the lease within the wait fails with the holder named.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from assistant.errors import StoreError
from assistant.index.store_records import PLACEHOLDER_VECTOR
from assistant.index.writer_lock import Reentrant

LEASE_ID = "writer-lease"


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class ServerLease(Reentrant):
    """A write lease on a server's meta collection."""

    def __init__(
        self,
        collection: Callable[[], Any],
        wait_seconds: float,
        lease_seconds: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.collection = collection
        self.wait_seconds = wait_seconds
        self.lease_seconds = lease_seconds
        self.clock = clock
        self._token: str | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def holder(self) -> dict[str, Any] | None:
        """The lease record now (None when no writer holds it)."""
        got = self.collection().get(ids=[LEASE_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

    def _record(self, token: str) -> dict[str, Any]:
        now = self.clock()
        return {
            "token": token,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": " ".join(sys.argv) or sys.executable,
            "since": now,
            "expires": now + self.lease_seconds,
        }

    def _acquire(self) -> None:
        token = uuid.uuid4().hex
        deadline = time.monotonic() + self.wait_seconds
        while True:
            collection = self.collection()
            collection.add(  # ignored by Chroma when another writer's record is there
                ids=[LEASE_ID],
                metadatas=[self._record(token)],
                documents=[""],
                embeddings=[PLACEHOLDER_VECTOR],
            )
            holder = self.holder()
            if holder is not None and holder.get("token") == token:
                self._token = token
                self._start_renewing()
                return
            if holder is not None and float(holder.get("expires", 0)) < self.clock():
                # Its writer died: remove that record (only that one), then try again.
                collection.delete(ids=[LEASE_ID], where={"token": str(holder.get("token"))})
                continue
            if time.monotonic() >= deadline:
                raise StoreError(
                    "Another writer holds the write lease of the Chroma server: "
                    f"{describe(holder)}. Wait for it to finish (or stop it), then try again."
                )
            time.sleep(0.2)

    def _start_renewing(self) -> None:
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, name="wsoa-lease", daemon=True)
        self._renewer.start()

    def _renew(self) -> None:
        while not self._stop.wait(self.lease_seconds / 3):
            with suppress(Exception):  # a failed renewal is retried; expiry is the backstop
                holder = self.holder()
                if holder is None or holder.get("token") != self._token:
                    return  # lost (expired and taken over): the writer's commit still checks
                holder["expires"] = self.clock() + self.lease_seconds
                self.collection().update(ids=[LEASE_ID], metadatas=[holder])

    def _release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
            self._renewer = None
        if self._token is not None:
            with suppress(Exception):  # unreachable server: the lease expires by itself
                self.collection().delete(ids=[LEASE_ID], where={"token": self._token})
            self._token = None


def describe(holder: dict[str, Any] | None) -> str:
    """'pid 123 on host-a (`wsoa ingest x.pdf`), writing since ..., lease until ...'."""
    if not holder:
        return "another writer (no details recorded)"
    return (
        f"pid {holder.get('pid', '?')} on {holder.get('host', '?')} "
        f"(`{holder.get('command', '?')}`), writing since "
        f"{_stamp(float(holder.get('since', 0)))}, lease until "
        f"{_stamp(float(holder.get('expires', 0)))}"
    )
