"""The eval corpus and its dedicated index.

The eval index holds the bundled corpus plus the two inspection-report PDFs in
``tests/data`` (the datasets cite both). It lives in ``<index_dir>/eval``, always
as a local Chroma folder, so evaluating never touches the index people search.
Ingest is idempotent, so :func:`ensure_eval_index` is cheap after the first run.
"""

from __future__ import annotations

from pathlib import Path

from assistant.index.ingest import Progress
from assistant.records import IngestOutcome, IngestStatus
from assistant.service import Assistant
from assistant.settings import REPO_ROOT, Settings, get_settings

EVAL_PDFS = (REPO_ROOT / "tests" / "data" / "bedford.pdf", REPO_ROOT / "tests" / "data" / "wiltshire.pdf")


def eval_sources(settings: Settings) -> list[Path]:
    """Everything the eval index must contain: the corpus folder and both PDFs."""
    return [settings.paths.corpus_dir, *EVAL_PDFS]


def eval_settings(base: Settings | None = None) -> Settings:
    """A copy of ``base`` pointing at the dedicated local eval index ``<index_dir>/eval``."""
    settings = (base or get_settings()).model_copy(deep=True)
    settings.paths.index_dir = settings.paths.index_dir / "eval"
    settings.store.chroma_url = ""  # always a local folder, never a shared server
    return settings


def ensure_eval_index(assistant: Assistant, progress: Progress | None = None) -> list[IngestOutcome]:
    """Ingest the eval sources into ``assistant``'s store (unchanged files are skipped).

    Raises ``RuntimeError`` naming the files that failed to ingest.
    """
    outcomes = assistant.ingest(eval_sources(assistant.settings), progress=progress)
    failed = [o for o in outcomes if o.status == IngestStatus.failed]
    if failed:
        names = ", ".join(f"{o.path} ({o.reason})" for o in failed)
        raise RuntimeError(f"Could not build the eval index: {names}")
    return outcomes


def eval_assistant(backend: str, base: Settings | None = None) -> Assistant:
    """An :class:`Assistant` over the eval index with the given backend, index ensured."""
    assistant = Assistant(settings=eval_settings(base), backend=backend)
    ensure_eval_index(assistant)
    return assistant
