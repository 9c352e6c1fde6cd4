"""Deterministic fakes for unit tests (the real model and store are used elsewhere)."""

from __future__ import annotations

import hashlib
import math
import re
from collections import deque
from collections.abc import Iterator

from langchain_core.embeddings import Embeddings

from assistant.llm.base import ChatModel


class HashEmbedder(Embeddings):
    """Bag-of-words hashed into 64 dimensions: texts sharing words are similar."""

    dims = 64

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dims
        for word in text.lower().split():
            slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dims
            vector[slot] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


class ScriptedChat(ChatModel):
    """A chat model that replies from a queue, in order, and records every prompt.

    Each reply streams in word-sized pieces; a queued exception is raised instead
    of replying (to script failures). An empty queue raises ``AssertionError``:
    the test asked the model more often than it expected.
    """

    name = "scripted"

    def __init__(self, *replies: str | Exception) -> None:
        self.replies: deque[str | Exception] = deque(replies)
        self.calls: list[tuple[str, str]] = []

    def queue(self, *replies: str | Exception) -> None:
        """Add replies to the end of the queue."""
        self.replies.extend(replies)

    def stream(
        self,
        system: str,
        user: str,
        max_tokens: int | None = None,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        self.calls.append((system, user))
        if not self.replies:
            raise AssertionError(f"ScriptedChat has no reply queued for: {user[:80]!r}")
        reply = self.replies.popleft()
        if isinstance(reply, Exception):
            raise reply
        for marker in stop or []:  # like a real model: stop before the marker, drop it
            reply = reply.split(marker, 1)[0]
        return iter(re.findall(r"\S+\s*|\s+", reply))
