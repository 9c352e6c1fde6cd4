"""How chunks and documents are written to and read back from Chroma records.

Chroma metadata holds scalars only (no None, no lists), so chunks and document
records are flattened here and rebuilt on the way back; ``visible`` says whether a
record belongs to the version its document commits (see :mod:`assistant.index.store`).
"""

from __future__ import annotations

import json
from typing import Any

from assistant.domain.injection import injection_metadata
from assistant.index.store_io import plain_id
from assistant.records import Chunk, DocType, Document, Priority, SectionKind

# The documents collection needs *some* vector; canonical texts are never searched by vector.
PLACEHOLDER_VECTOR = [1.0]
_NO_PRIORITY = -1
_NO_PAGE = 0  # pages are 1-based, so 0 can mean "not known exactly"


def date_number(date: str, *, upper: bool = False) -> int:
    """'2024-02-05' -> 20240205; missing parts become 00 (or 99 for an upper bound)."""
    parts = [p for p in date.split("-") if p][:3]
    if not parts:
        return 99999999 if upper else 0
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (99 if upper else 0)
    day = int(parts[2]) if len(parts) > 2 else (99 if upper else 0)
    return year * 10000 + month * 100 + day


def chunk_metadata(chunk: Chunk, version: str = "") -> dict[str, Any]:
    """Flatten a chunk's metadata into Chroma's scalar-only form."""
    return {
        "chunk_id": chunk.chunk_id,
        "version": version,
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "local_area": chunk.local_area,
        "doc_type": chunk.doc_type.value,
        "date": chunk.date,
        "date_num": date_number(chunk.date),
        "priority": chunk.priority if chunk.priority is not None else _NO_PRIORITY,
        "priority_title": chunk.priority_title,
        "section": chunk.section.value,
        "action_refs": ",".join(chunk.action_refs),
        "rag": chunk.rag,
        # Chroma metadata holds no None: 0 stands for "not known exactly".
        "page": chunk.page if chunk.page is not None else _NO_PAGE,
        "page_label": chunk.page_label,
        "start": chunk.start,
        "end": chunk.end,
        "suspect": chunk.suspect,
    }


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    """Rebuild a :class:`Chunk` from what Chroma returns."""
    priority = int(meta.get("priority", _NO_PRIORITY))
    refs = str(meta.get("action_refs", ""))
    return Chunk(
        chunk_id=str(meta.get("chunk_id") or plain_id(chunk_id, meta)),
        doc_id=str(meta["doc_id"]),
        title=str(meta.get("title", "")),
        local_area=str(meta.get("local_area", "")),
        doc_type=DocType(meta.get("doc_type", "other")),
        date=str(meta.get("date", "")),
        priority=None if priority == _NO_PRIORITY else priority,
        priority_title=str(meta.get("priority_title", "")),
        section=SectionKind(meta.get("section", "other")),
        action_refs=[r for r in refs.split(",") if r],
        rag=str(meta.get("rag", "")),
        page=int(meta.get("page", _NO_PAGE)) or None,
        page_label=str(meta.get("page_label", "")),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        suspect=bool(meta.get("suspect", False)),
    )


def document_metadata(
    document: Document, chunk_count: int, priorities: list[Priority], action_count: int
) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "local_area": document.local_area,
        "doc_type": document.doc_type.value,
        "date": document.date,
        "source": document.source,
        "content_hash": document.content_hash,
        "chunks": chunk_count,
        "pages": json.dumps([p.model_dump() for p in document.pages]),
        # Pages known exactly; 0 when the text gives no page numbers at all.
        "page_count": sum(page.page is not None for page in document.pages),
        "chars": len(document.text),
        "priorities": json.dumps([p.model_dump() for p in priorities]),
        "actions": action_count,
        **injection_metadata(document),  # text addressed to an AI assistant, if any
    }


def visible(meta: dict[str, Any], committed: dict[str, str]) -> bool:
    """Whether a chunk or action record belongs to the version its document commits."""
    version = committed.get(str(meta.get("doc_id", "")))
    return version is not None and str(meta.get("version", "")) == version
