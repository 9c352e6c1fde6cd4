"""Paged reads, batched deletes and one-line errors for Chroma collections.

Chroma turns a ``get`` into one SQL query with a variable per record, so an unpaged
``get`` over ~33,000 records fails ("too many SQL variables"). Every read of a
collection whose size is not bounded goes through :func:`paged_get`, every large
delete through :func:`delete_ids`.

Each version of a document's chunks and actions is written under record ids of its
own (:func:`versioned_id`), so a new version can sit beside the committed one until
the document record is switched to it (see :class:`~assistant.index.store.ChunkStore`).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from assistant.errors import AssistantError, StoreError

PAGE = 5000
VERSION_SEP = "@"

F = TypeVar("F", bound=Callable[..., Any])


def new_version() -> str:
    """A short random id for one ingest of one document."""
    return uuid.uuid4().hex[:12]


def versioned_id(record_id: str, version: str) -> str:
    """The Chroma id of a chunk or action of one version: ``doc:0-120@3f2a9c1b0d4e``."""
    return f"{record_id}{VERSION_SEP}{version}"


def plain_id(stored_id: str, meta: dict[str, Any]) -> str:
    """The chunk id a stored record stands for (the version suffix removed)."""
    version = str(meta.get("version", ""))
    suffix = VERSION_SEP + version
    if version and stored_id.endswith(suffix):
        return stored_id[: -len(suffix)]
    return stored_id


def paged_get(
    collection: Any,
    *,
    where: dict[str, Any] | None = None,
    include: list[str] | None = None,
    page: int = PAGE,
) -> dict[str, list[Any]]:
    """``collection.get`` in pages of ``page`` records; the lists of every page joined."""
    include = include or []
    found: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = collection.get(where=where, include=include, limit=page, offset=offset)
        found["ids"].extend(got["ids"])
        for key in include:
            found[key].extend(got[key] if got[key] is not None else [])
        if len(got["ids"]) < page:
            return found
        offset += page


def delete_ids(collection: Any, ids: list[str], page: int = PAGE) -> None:
    """Delete records by id, a page at a time."""
    for begin in range(0, len(ids), page):
        collection.delete(ids=ids[begin : begin + page])


def store_errors(method: F) -> F:
    """Turn any Chroma failure inside ``method`` into a one-line :class:`StoreError`."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except AssistantError:
            raise
        except Exception as error:  # chromadb raises many types; all mean "store failed"
            raise StoreError(describe_failure(self.location, error)) from error

    return cast(F, wrapper)


def describe_failure(location: str, error: BaseException) -> str:
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    return (
        f"The Chroma store at {location} failed ({type(error).__name__}: {first_line}). "
        "Run `wsoa repair`; if that fails too, move the index folder away and ingest again."
    )
