"""The "WSoA actions/timescale check" of a review note, computed from action registers.

Pure functions over :class:`Action` records: which actions carry which RAG rating,
and which were due before a given month without being complete. An action with no
parsed due month ("TBC", "In place", "Ongoing") is never overdue: there is no date
to be behind.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from assistant.domain.ratings import RAG_COLOURS, parse_year_month
from assistant.records import Action


class PriorityTimescale(BaseModel):
    """One priority of one area: its actions by rating and those overdue."""

    local_area: str
    priority: int | None
    by_rag: dict[str, list[Action]] = Field(
        default_factory=dict, description="red/amber/green/complete/'' (unrated) -> actions"
    )
    overdue: list[Action] = Field(default_factory=list)


def is_overdue(action: Action, at: str) -> bool:
    """Due in a month before ``at`` (YYYY-MM) and not rated complete."""
    return action.due_month is not None and action.due_month < at and action.rag != "complete"


def filter_actions(
    actions: list[Action], rag: str | None = None, overdue_at: str | None = None
) -> list[Action]:
    """Actions with the given rating and/or overdue at ``overdue_at`` (YYYY-MM)."""
    if rag is not None and rag not in RAG_COLOURS:
        raise ValueError(f"Unknown RAG rating '{rag}': use one of {', '.join(RAG_COLOURS)}.")
    at = parse_year_month(overdue_at) if overdue_at is not None else None
    return [
        a for a in actions if (rag is None or a.rag == rag) and (at is None or is_overdue(a, at))
    ]


def timescale_check(actions: list[Action], at: str | None = None) -> list[PriorityTimescale]:
    """Per area and priority: actions grouped by rating, and (given ``at``) overdue ones."""
    checked_at = parse_year_month(at) if at is not None else None
    groups: dict[tuple[str, int | None], PriorityTimescale] = {}
    ratings: dict[tuple[str, int | None], dict[str, list[Action]]] = defaultdict(dict)
    for action in actions:
        key = (action.local_area, action.priority)
        group = groups.setdefault(
            key, PriorityTimescale(local_area=action.local_area, priority=action.priority)
        )
        ratings[key].setdefault(action.rag, []).append(action)
        if checked_at is not None and is_overdue(action, checked_at):
            group.overdue.append(action)
    for key, group in groups.items():
        group.by_rag = ratings[key]
    return sorted(
        groups.values(),
        key=lambda g: (g.local_area, g.priority is None, g.priority or 0),
    )
