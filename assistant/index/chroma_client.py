"""Opening Chroma: a local folder, or a ``chroma run`` server when a URL is set."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from assistant.errors import StoreError
from assistant.settings import Settings


def connect(settings: Settings, location: str) -> Any:
    """A new Chroma client for the configured store; StoreError if it cannot be opened."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    url = settings.store.chroma_url
    try:
        if url:
            parsed = urlparse(url)
            return chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        index_dir = settings.paths.index_dir
        index_dir.mkdir(parents=True, exist_ok=True)
        # Chroma shares one connection per folder within a process, whose vector index
        # may predate other processes' writes; each store opens its own, so what it
        # has seen is exactly what its commit token says (see refresh).
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(index_dir), None)
        return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)
    except Exception as error:  # chromadb raises many types; all mean "cannot open"
        raise StoreError(
            f"Cannot open the Chroma store at {location} ({error}). "
            "Check WSOA_CHROMA_URL points at a running `chroma run` server, "
            "or that WSOA_INDEX_DIR is a writable folder."
        ) from error
