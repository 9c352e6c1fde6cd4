"""BM25 over the stored chunks, via LangChain's ``BM25Retriever`` (rank_bm25 inside).

The lexical index is rebuilt in memory from the chunk collection whenever the
store's contents change; for a few thousand chunks that takes milliseconds.
Metadata filters are applied to the scores, so a filtered search ranks only the
chunks that pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.records import Chunk

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be been but by do does for from has have how in into is it its
    of on or our so that the their there these they this to was we were what when where
    which who will with within would about any all can than then them those our us""".split()
)


def _stem(token: str) -> str:
    # A tiny suffix stripper: enough to match "plans"/"plan", "waiting"/"waits".
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if len(token) > len(suffix) + 3 and token.endswith(suffix) and not token.endswith("ss"):
            return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return token


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, stopwords removed, lightly stemmed; keeps refs like 5.1.2."""
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


class LexicalIndex:
    """BM25 scores for a fixed list of chunks."""

    def __init__(self, chunks: list[Chunk]) -> None:
        from langchain_community.retrievers import BM25Retriever
        from langchain_core.documents import Document as LCDocument

        self.chunks = chunks
        self._retriever = (
            BM25Retriever.from_documents(
                [LCDocument(page_content=self._indexed_text(c)) for c in chunks],
                preprocess_func=tokenize,
            )
            if chunks
            else None
        )

    @staticmethod
    def _indexed_text(chunk: Chunk) -> str:
        # The priority title is indexed with the chunk so "priority 4 speech and language"
        # finds rows that never repeat their priority's words.
        return f"{chunk.local_area} {chunk.priority_title}\n{chunk.text}"

    def search(
        self, query: str, limit: int, keep: Callable[[Chunk], bool] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Top ``limit`` chunks by BM25 score among those ``keep`` accepts (score > 0)."""
        if self._retriever is None:
            return []
        scores = self._retriever.vectorizer.get_scores(tokenize(query))
        ranked = sorted(range(len(self.chunks)), key=lambda i: scores[i], reverse=True)
        results: list[tuple[Chunk, float]] = []
        for i in ranked:
            if scores[i] <= 0:
                break
            if keep is None or keep(self.chunks[i]):
                results.append((self.chunks[i], float(scores[i])))
                if len(results) == limit:
                    break
        return results
