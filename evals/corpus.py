"""The eval corpus and its dedicated index.

The eval index holds the bundled corpus plus the two inspection-report PDFs in
``tests/data`` (the datasets cite both). It lives in ``<index_dir>/eval``, always
as a local Chroma folder, so evaluating never touches the index people search.
Ingest is idempotent, so :func:`ensure_eval_index` is cheap after the first run.
Ingest skips files whose bytes are unchanged, so a change to how documents are
parsed, chunked or embedded would leave stale chunks behind: the index records a
fingerprint of that code and those settings, and is rebuilt when it changes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from assistant.index.ingest import Progress
from assistant.records import IngestOutcome, IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings, get_settings

EVAL_PDFS = (
    REPO_ROOT / "tests" / "data" / "bedford.pdf",
    REPO_ROOT / "tests" / "data" / "wiltshire.pdf",
)


def eval_sources(settings: Settings) -> list[Path]:
    """Everything the eval index must contain: the corpus folder and both PDFs."""
    return [settings.paths.corpus_dir, *EVAL_PDFS]


def eval_settings(base: Settings | None = None) -> Settings:
    """A copy of ``base`` pointing at the dedicated local eval index ``<index_dir>/eval``."""
    settings = (base or get_settings()).model_copy(deep=True)
    settings.paths.index_dir = settings.paths.index_dir / "eval"
    settings.store.chroma_url = ""  # always a local folder, never a shared server
    return settings


# Code that decides what ends up in the index (text, structure, chunks, vectors).
_INDEXING_CODE = ("assistant/corpus", "assistant/structure", "assistant/index")
FINGERPRINT_FILE = "eval-fingerprint.json"


def index_fingerprint(settings: Settings) -> str:
    """A hash of the indexing code and settings; it changes when chunks would."""
    digest = hashlib.sha256()
    for folder in _INDEXING_CODE:
        for path in sorted((REPO_ROOT / folder).glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(settings.retrieval.model_dump_json().encode())
    digest.update(settings.embedding.model_dump_json().encode())
    return digest.hexdigest()


def ensure_eval_index(
    assistant: Assistant, progress: Progress | None = None
) -> list[IngestOutcome]:
    """Ingest the eval sources into ``assistant``'s store (unchanged files are skipped).

    When the indexing code or settings changed since the index was built (its
    fingerprint differs), every document is deleted and ingested again. Raises
    ``RuntimeError`` naming the files that failed to ingest.
    """
    marker = assistant.settings.paths.index_dir / FINGERPRINT_FILE
    fingerprint = index_fingerprint(assistant.settings)
    recorded = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
    if recorded.get("fingerprint") != fingerprint:
        for record in assistant.store.list_documents():
            assistant.delete(str(record["doc_id"]))
    outcomes = assistant.ingest(eval_sources(assistant.settings), progress=progress)
    failed = [o for o in outcomes if o.status == IngestStatus.failed]
    if failed:
        names = ", ".join(f"{o.path} ({o.reason})" for o in failed)
        raise RuntimeError(f"Could not build the eval index: {names}")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")
    return outcomes


def eval_assistant(backend: str, base: Settings | None = None) -> Assistant:
    """An :class:`Assistant` over the eval index with the given backend, index ensured."""
    assistant = Assistant(settings=eval_settings(base), backend=backend)
    ensure_eval_index(assistant)
    return assistant
