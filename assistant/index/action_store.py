"""Actions as Chroma records: one per action, the whole Action as JSON metadata.

Chroma metadata holds scalars only, so the filterable fields (document, area,
priority, reference, rating, due month) sit beside a JSON copy of the record;
the record's text is the action text (or the reference), for reading in Chroma's
own tools. No vector is searched: a placeholder keeps Chroma content. Like chunks,
each ingest writes its actions under a version of its own (see ``store.py``).
"""

from __future__ import annotations

from typing import Any

from assistant.index.store_io import versioned_id
from assistant.records import Action

PLACEHOLDER_VECTOR = [1.0]
NO_PRIORITY = -1


def action_metadata(action: Action) -> dict[str, Any]:
    """The scalar metadata of an action record."""
    return {
        "doc_id": action.doc_id,
        "local_area": action.local_area,
        "priority": action.priority if action.priority is not None else NO_PRIORITY,
        "reference": action.reference,
        "rag": action.rag,
        "due_month": action.due_month or "",
        "start": action.reference_span.start,
        "record": action.model_dump_json(),
    }


def action_text(action: Action) -> str:
    return action.action.text if action.action else action.reference


def action_from_record(meta: dict[str, Any]) -> Action:
    return Action.model_validate_json(str(meta["record"]))


def actions_where(local_area: str | None, priority: int | None) -> dict[str, Any] | None:
    """A Chroma ``where`` clause for an area and/or priority (None: everything)."""
    clauses: list[dict[str, Any]] = []
    if local_area is not None:
        clauses.append({"local_area": local_area})
    if priority is not None:
        clauses.append({"priority": priority})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def add_actions(collection: Any, actions: list[Action], version: str) -> None:
    """Add a document version's action records (ids ``<action_id>@<version>``)."""
    for begin in range(0, len(actions), 500):
        batch = actions[begin : begin + 500]
        collection.add(
            ids=[versioned_id(a.action_id, version) for a in batch],
            documents=[action_text(a) for a in batch],
            metadatas=[{**action_metadata(a), "version": version} for a in batch],
            embeddings=[PLACEHOLDER_VECTOR for _ in batch],
        )
