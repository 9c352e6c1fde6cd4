"""The ONNX runtimes against sentence-transformers (torch), on the real packaged weights."""

from __future__ import annotations

import numpy as np

from assistant.index.embedder import MiniLMEmbedder, make_embedder
from assistant.settings import EmbeddingSettings, Settings

TEXTS = [
    "EHC plans issued within 20 weeks rose to 71% in the last quarter.",
    "Torbay review note · priority 6: The wide variances in the quality of EHC plans",
    "Waiting times for speech and language therapy remain too long for many families.",
    "Co-production with the parent carer forum is embedded in the SEND strategy board.",
    "a",  # one token
    " ".join(["The local area partnership has improved joint commissioning."] * 40),  # > 256
    "Annual reviews: 312 of 540 completed on time (58%); target 90% by March 2024.",
]


def cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    x, y = np.asarray(a), np.asarray(b)
    return (x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))


def test_onnx_runtimes_agree_with_torch() -> None:
    torch_vectors = MiniLMEmbedder(EmbeddingSettings(runtime="torch")).embed_documents(TEXTS)
    settings = Settings()
    settings.embedding.runtime = "onnx"
    fp32 = make_embedder(settings)
    fp32_vectors = fp32.embed_documents(TEXTS)
    settings.embedding.runtime = "onnx-int8"
    int8_vectors = make_embedder(settings).embed_documents(TEXTS)

    assert np.asarray(fp32_vectors).shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(fp32_vectors, axis=1), 1.0, atol=1e-5)  # L2-normalised
    assert cosines(torch_vectors, fp32_vectors).min() > 0.9999  # the same vectors
    assert cosines(torch_vectors, int8_vectors).min() > 0.95  # close, not the same
    assert cosines(torch_vectors, int8_vectors).mean() > 0.98
    # Order and batching do not change a text's vector (batches are sorted by length).
    alone = fp32.embed_query(TEXTS[2])
    assert cosines([alone], [fp32_vectors[2]])[0] > 0.99999
