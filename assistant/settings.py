"""One settings tree, read from ``WSOA_``-prefixed environment variables.

Code never reads ``os.environ`` itself: it takes a ``Settings`` (or builds the
default with :func:`get_settings`). Each group has its own prefix so the
variables people set stay short and flat, e.g. ``WSOA_INDEX_DIR``,
``WSOA_CHROMA_URL``, ``WSOA_LLM_BACKEND``, ``WSOA_LLM_BASE_URL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class PathSettings(BaseSettings):
    """Where things live on disk."""

    model_config = SettingsConfigDict(env_prefix="WSOA_", extra="ignore")

    index_dir: Path = Field(REPO_ROOT / "index", description="persistent Chroma store")
    corpus_dir: Path = Field(REPO_ROOT / "corpus", description="bundled documents + manifest")
    library_dirs: list[Path] = Field(
        [REPO_ROOT / "corpus" / "national"],
        description="more bundled folders indexed on first start with corpus_dir (the national "
        "library of inspection reports); JSON list, '[]' = none",
    )
    models_dir: Path = Field(REPO_ROOT / "models", description="local GGUF model files")
    prompts_dir: Path = Field(REPO_ROOT / "prompts", description="prompt templates")
    evals_dir: Path = Field(REPO_ROOT / "evals", description="eval datasets and reports")


class StoreSettings(BaseSettings):
    """The Chroma store: a local folder (default) or a server."""

    model_config = SettingsConfigDict(env_prefix="WSOA_", extra="ignore")

    chroma_url: str = Field("", description="http://host:port of a `chroma run` server; '' = local")
    collection: str = Field("wsoa_chunks", description="collection holding chunk embeddings")
    documents_collection: str = Field("wsoa_documents", description="canonical document texts")
    actions_collection: str = Field("wsoa_actions", description="action registers, one per action")
    write_wait_seconds: float = Field(
        60.0, description="how long a writer waits for another writer's lock before failing"
    )
    lease_seconds: float = Field(
        60.0,
        description="server mode: a writer's lease lasts this long unless renewed (a writer "
        "that died frees the server after it)",
    )


class IngestSettings(BaseSettings):
    """Bounds on what one file may bring into the index."""

    model_config = SettingsConfigDict(env_prefix="WSOA_", extra="ignore")

    max_file_mb: float = Field(50.0, description="larger files are refused before loading")
    max_pages: int = Field(2000, description="documents with more pages are refused")
    max_unpacked_mb: float = Field(
        40.0,
        description="a .docx whose XML parts unpack to more than this is refused before "
        "parsing (a small zip can hold gigabytes of XML)",
    )
    max_text_chars: int = Field(
        5_000_000, description="documents whose extracted text is longer are refused"
    )
    ingest_batch: int = Field(
        1000, description="chunks embedded and written per batch (bounds memory on big files)"
    )


class RetrievalSettings(BaseSettings):
    """Hybrid retrieval knobs."""

    model_config = SettingsConfigDict(env_prefix="WSOA_RETRIEVAL_", extra="ignore")

    k: int = 5
    candidates: int = Field(30, description="results taken from each retriever before fusion")
    rrf_k: int = Field(5, description="reciprocal rank fusion constant (small: trust top ranks)")
    dense_weight: float = Field(0.7, description="BM25 is the stronger ranker on this corpus")
    lexical_weight: float = 1.0
    max_chunk_chars: int = Field(
        700, description="soft upper bound on chunk length (MiniLM reads ~256 tokens)"
    )
    max_question_chars: int = Field(
        2000, description="longer questions (and search queries) are refused with a message"
    )


class EmbeddingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WSOA_EMBEDDING_", extra="ignore")

    model_path: str = Field("", description="sentence-transformers folder; '' = the PyPI package")
    batch_size: int = 32
    runtime: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx",
        description="torch = sentence-transformers; onnx = the same model in ONNX Runtime "
        "(no torch import, quicker); onnx-int8 = quantised (changes vectors: rebuild the index)",
    )
    onnx_dir: str = Field(
        "", description="where the ONNX export lives; '' = <models_dir>/minilm-onnx"
    )


class LLMSettings(BaseSettings):
    """The chat model behind answers and drafts."""

    model_config = SettingsConfigDict(env_prefix="WSOA_LLM_", extra="ignore")

    backend: Literal["local", "endpoint", "extractive", "auto"] = Field(
        "auto",
        description="auto = extractive, unless `make bench-backends` measured the local model "
        "better and quick enough on this machine",
    )
    model_file: str = Field(
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", description="GGUF in models_dir, or a path"
    )
    base_url: str = Field(
        "", description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1"
    )
    model: str = Field("", description="model name at the endpoint")
    api_key_env: str = Field("OPENAI_API_KEY", description="env var holding the endpoint key")
    temperature: float = 0.0
    max_tokens: int = 384
    context_tokens: int = 4096
    threads: int = 2
    batch_tokens: int = Field(512, description="llama.cpp prompt batch size (n_batch)")
    timeout_seconds: float = Field(120.0, description="endpoint request timeout")
    max_retries: int = Field(2, description="endpoint retries on connection errors")


class UISettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WSOA_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = Field("", description="user:password to require a login; '' = no login")
    max_upload_mb: float = Field(
        50.0, description="uploads over this size are refused while they arrive, never stored"
    )
    login_free_attempts: int = Field(
        5, description="failed sign-ins from one address before each retry must wait"
    )
    login_max_wait_seconds: float = Field(
        300.0, description="the longest wait imposed after repeated failed sign-ins"
    )


class Settings(BaseSettings):
    """The whole tree. Build with :func:`get_settings`; pass to constructors."""

    model_config = SettingsConfigDict(env_prefix="WSOA_", extra="ignore")

    paths: PathSettings = Field(default_factory=PathSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ui: UISettings = Field(default_factory=UISettings)


def get_settings() -> Settings:
    """Read the settings tree from the environment (fresh each call)."""
    return Settings()
