"""MiniLM through ONNX Runtime and `tokenizers`: the same vectors without importing torch.

sentence-transformers' MiniLM is a BERT encoder, then mean pooling over the real
tokens, then L2 normalisation. Here the encoder runs in ONNX Runtime, exported once,
locally, from the packaged weights (nothing is downloaded): ``make setup`` runs
:func:`export_onnx`, and a process that finds no export makes one on first use.
Tokenising uses the model's own ``tokenizer.json`` with sentence-transformers'
settings (truncation at 256 tokens, padding to the longest text of a batch).

Query-time processes load ONNX Runtime and a 90 MB (fp32) or 23 MB (int8) file
in well under a second, against several seconds to import torch and
sentence-transformers; ingest is faster too (see docs/benchmarks.md).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelMissingError

logger = logging.getLogger(__name__)

MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length
FP32_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
_SOURCE_FILE = "source.json"
# Bump when the export or quantisation changes, so old exports are made again.
EXPORT_FORMAT = "opset17/int8-per-channel-matmul"
_EXPORT_LOCK = threading.Lock()


def _source_stamp(model_path: Path) -> dict[str, object]:
    """What the export was made from: a changed weights file means export again."""
    weights = model_path / "model.safetensors"
    stat = weights.stat()
    return {
        "weights": str(weights),
        "size": stat.st_size,
        "mtime": int(stat.st_mtime),
        "format": EXPORT_FORMAT,
    }


def export_current(model_path: Path, out_dir: Path, quantised: bool) -> bool:
    """True when ``out_dir`` holds an export of these weights (and the int8 file if asked)."""
    stamp = out_dir / _SOURCE_FILE
    wanted = out_dir / (INT8_FILE if quantised else FP32_FILE)
    if not (stamp.is_file() and wanted.is_file()):
        return False
    try:
        return bool(json.loads(stamp.read_text(encoding="utf-8")) == _source_stamp(model_path))
    except (OSError, ValueError):
        return False


def export_onnx(model_path: Path, out_dir: Path, *, quantised: bool = True) -> Path:
    """Export the packaged MiniLM to ONNX (and an int8 copy); returns ``out_dir``.

    Needs torch, transformers and onnx (installed by ``make setup``); reads only the
    local weights. Files are written under temporary names and renamed into place,
    so a reader never sees half a model.
    """
    import torch
    from transformers import AutoModel

    out_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = torch.ones(2, 16, dtype=torch.long)
    partial = out_dir / f"{FP32_FILE}.{os.getpid()}.partial"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on indexing ops: not for users
        torch.onnx.export(
            _Encoder(model),
            (sample, torch.ones_like(sample), torch.zeros_like(sample)),
            str(partial),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
    os.replace(partial, out_dir / FP32_FILE)
    if quantised:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = out_dir / f"{INT8_FILE}.{os.getpid()}.partial"
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice on pre-processing is not for users
        # Per-channel int8 weights of the MatMuls only: per-tensor quantising of every op
        # moved vectors to cosine 0.90 of fp32's at worst; this keeps 0.97 (mean 0.99).
        quantize_dynamic(
            str(out_dir / FP32_FILE),
            str(partial),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )
        root.setLevel(level)
        os.replace(partial, out_dir / INT8_FILE)
    (out_dir / _SOURCE_FILE).write_text(json.dumps(_source_stamp(model_path)), encoding="utf-8")
    return out_dir


def ensure_export(model_path: Path, out_dir: Path, quantised: bool) -> Path:
    """The ONNX file to load, exporting it first (once, with a message) when missing."""
    with _EXPORT_LOCK:
        if not export_current(model_path, out_dir, quantised):
            print(
                f"Exporting the embedding model to ONNX in {out_dir} (once; about a minute). "
                "`make setup` does this ahead of time.",
                file=sys.stderr,
                flush=True,
            )
            try:
                export_onnx(model_path, out_dir, quantised=True)
            except ImportError as error:
                raise ModelMissingError(
                    f"Cannot export the embedding model to ONNX ({error}). Run `make setup`, "
                    "or set WSOA_EMBEDDING_RUNTIME=torch."
                ) from error
    return out_dir / (INT8_FILE if quantised else FP32_FILE)


@lru_cache(maxsize=4)
def _session(onnx_file: str, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(onnx_file, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=4)
def _tokenizer(model_path: str) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of a batch
    return tokenizer


class OnnxMiniLM(Embeddings):
    """LangChain ``Embeddings``: MiniLM in ONNX Runtime, mean-pooled and L2-normalised."""

    def __init__(
        self, model_path: Path, onnx_dir: Path, *, quantised: bool, batch_size: int = 32
    ) -> None:
        self.model_path = model_path
        self.onnx_dir = onnx_dir
        self.quantised = quantised
        self.batch_size = batch_size
        self.identity: str | None = None  # set by make_embedder (see embedder_identity)
        self._lock = threading.Lock()

    @property
    def session(self) -> Any:
        if not (self.model_path / "tokenizer.json").is_file():
            raise ModelMissingError(
                f"No embedding model at {self.model_path}. "
                "Unset WSOA_EMBEDDING_MODEL_PATH or run `make setup`."
            )
        onnx_file = ensure_export(self.model_path, self.onnx_dir, self.quantised)
        return _session(str(onnx_file), os.cpu_count() or 1)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        session = self.session
        tokenizer = _tokenizer(str(self.model_path))
        # Longest first, as sentence-transformers does: batches of similar length pad less.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for begin in range(0, len(order), self.batch_size):
            picked = order[begin : begin + self.batch_size]
            with self._lock:  # the tokenizer's padding settings are shared state
                encoded = tokenizer.encode_batch([texts[i] for i in picked])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            types = np.array([e.type_ids for e in encoded], dtype=np.int64)
            hidden = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            if out.shape[1] == 0:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[picked] = pooled
        return out.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def main() -> None:  # pragma: no cover - `make setup` entry point
    """Export into the configured folder unless an export of these weights is there."""
    from assistant.index.embedder import bundled_model_path, onnx_dir
    from assistant.settings import get_settings

    settings = get_settings()
    model_path = Path(settings.embedding.model_path or bundled_model_path())
    out_dir = onnx_dir(settings)
    if export_current(model_path, out_dir, quantised=True):
        print(f"ONNX embedding model up to date in {out_dir}")
        return
    export_onnx(model_path, out_dir, quantised=True)
    print(f"Exported the embedding model to ONNX in {out_dir}")


if __name__ == "__main__":  # pragma: no cover
    main()
