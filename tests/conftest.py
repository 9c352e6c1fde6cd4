"""Shared fixtures. Every test runs with its paths pointed at tmp folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"
DATA = Path(__file__).parent / "data"
PDFS = [DATA / "bedford.pdf", DATA / "wiltshire.pdf"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# The ONNX export of the packaged model (made once from local weights, never downloaded)
# goes to a per-user temp folder shared by test runs, not to the repository's models/.
# One folder per virtualenv: two checkouts testing at once must not re-export each other's.
_VENV = hashlib.sha1(sys.prefix.encode()).hexdigest()[:10]
os.environ.setdefault(
    "WSOA_EMBEDDING_ONNX_DIR",
    str(Path(tempfile.gettempdir()) / f"wsoa-test-onnx-{os.getuid()}-{_VENV}"),
)


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real index/ or models/: point them at tmp_path.

    A first use indexes the bundled corpus only, not the national library (43 PDFs,
    minutes with the real model); tests of the library set ``library_dirs`` themselves.
    """
    monkeypatch.setenv("WSOA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("WSOA_LIBRARY_DIRS", "[]")
    monkeypatch.setenv("WSOA_CHROMA_URL", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus plus the two real PDFs, indexed once with the real model."""
    root = tmp_path_factory.mktemp("real-index")
    settings = Settings()
    settings.paths.index_dir = root / "index"
    assistant = Assistant(settings=settings)
    outcomes = assistant.ingest([CORPUS, *PDFS])
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return root / "index"


@pytest.fixture()
def real_assistant(real_index_dir: Path, tmp_path: Path) -> Assistant:
    """An Assistant over a private copy of the real index (tests may write to it)."""
    copy = tmp_path / "index-copy"
    shutil.copytree(real_index_dir, copy)
    settings = Settings()
    settings.paths.index_dir = copy
    return Assistant(settings=settings)


@pytest.fixture(scope="session")
def shared_real_assistant(real_index_dir: Path) -> Assistant:
    """Read-only Assistant over the session index (do not write through it)."""
    settings = Settings()
    settings.paths.index_dir = real_index_dir
    return Assistant(settings=settings)


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed with the deterministic fake embedder (fast)."""
    from tests.fakes import HashEmbedder

    root = tmp_path_factory.mktemp("fake-index")
    settings = Settings()
    settings.paths.index_dir = root / "index"
    Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive").ingest([CORPUS])
    return root / "index"


def fake_assistant_over(index_dir: Path, chat: object = None) -> Assistant:
    """An Assistant on the fake index; ``chat`` None = extractive."""
    from tests.fakes import HashEmbedder

    settings = Settings()
    settings.paths.index_dir = index_dir
    if chat is None:
        return Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")
    return Assistant(embedder=HashEmbedder(), settings=settings, chat=chat)  # type: ignore[arg-type]
