"""Reading documents: files -> ``Document`` records with canonical text, pages and metadata."""

from assistant.corpus.detect import DetectedMetadata, detect_metadata
from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import (
    SUPPORTED_SUFFIXES,
    Manifest,
    ManifestEntry,
    MetadataOverrides,
    iter_corpus_files,
)

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
