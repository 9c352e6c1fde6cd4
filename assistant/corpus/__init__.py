"""Reading documents: files -> ``Document`` records with canonical text, pages and metadata."""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use (PEP 562): importing assistant.corpus.manifest or .pages must
# not pull in the PDF and Word readers, so commands that only read the store start quickly.
_HOME = {
    "DetectedMetadata": "detect",
    "detect_metadata": "detect",
    "load_document": "loaders",
    "SUPPORTED_SUFFIXES": "manifest",
    "Manifest": "manifest",
    "ManifestEntry": "manifest",
    "MetadataOverrides": "manifest",
    "iter_corpus_files": "manifest",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'assistant.corpus' has no attribute {name!r}")
    return getattr(importlib.import_module(f"assistant.corpus.{_HOME[name]}"), name)


__all__ = [
    "SUPPORTED_SUFFIXES",
    "DetectedMetadata",
    "Manifest",
    "ManifestEntry",
    "MetadataOverrides",
    "detect_metadata",
    "iter_corpus_files",
    "load_document",
]
