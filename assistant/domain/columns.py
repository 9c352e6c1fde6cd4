"""Column labels of action-plan tables, and the fields of an action they name.

A WSoA or accelerated progress plan table opens with a header row such as
"Actions | Reference | Actions Designed to Lead to Improvement | Strategic Lead |
Responsible Officer | By When | Desired Impact | Progress Update | Evidence | RAG".
The header names the fields of the rows below it; it is never itself evidence.
"""

from __future__ import annotations

import re
from enum import StrEnum


class ActionField(StrEnum):
    """The fields of one action in a register."""

    theme = "theme"
    reference = "reference"
    action = "action"
    strategic_lead = "strategic_lead"
    responsible_officer = "responsible_officer"
    due = "due"
    desired_impact = "desired_impact"
    progress = "progress"
    evidence = "evidence"
    rag = "rag"
    baseline = "baseline"
    milestone = "milestone"


F = ActionField
# (pattern over a whole, normalised header cell, the field it names). First match wins.
COLUMN_LABELS: tuple[tuple[re.Pattern[str], ActionField], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), field)
    for pattern, field in (
        (r"^(outcome )?ref(erence)?\.?$|^ref no\.?$|^action (no|number|ref)\.?$", F.reference),
        (r"^rag( rating| status)?$|^status$|^rag$", F.rag),
        (r"^(relevant theme of actions|theme|workstream|outcome|area|pillar)$", F.theme),
        (
            r"^(actions?( designed to lead to improvement)?|what we will do|key actions?|"
            r"actions? required|action description|impact measure and milestones to be achieved)$",
            F.action,
        ),
        (r"^(strategic|senior|executive) (lead|responsible owner)$|^sro$|^lead$", F.strategic_lead),
        (
            r"^(responsible (officer|person|lead)|lead (delivery )?officer|lead delivery partners?|"
            r"owner|who|delivery lead|accountable officer)$",
            F.responsible_officer,
        ),
        (
            r"^(by when|when|completion date|due( date)?|deadline|timescales?|target date|date)$",
            F.due,
        ),
        (
            r"^(desired|expected|intended) (impact|outcome)s?$|^impact$|^how will we know\??$",
            F.desired_impact,
        ),
        (r"^progress( update| to date| against)?$|^update$|^commentary$", F.progress),
        (r"^evidence( of impact)?$|^evidence (source|base)$", F.evidence),
        (r"^baseline$", F.baseline),
        (r"^\d{1,2} months?$|^milestones?$|^target$", F.milestone),
    )
)
# Words that only ever appear in header cells (used to spot a header split over lines).
HEADER_WORDS = frozenset(
    (
        "outcome",
        "outco",
        "me",
        "ref",
        "reference",
        "actions",
        "action",
        "lead",
        "delivery",
        "completion",
        "date",
        "rag",
        "responsible",
        "officer",
        "strategic",
        "by",
        "when",
        "desired",
        "impact",
        "progress",
        "update",
        "evidence",
        "baseline",
        "month",
        "months",
        "milestones",
        "partners",
        "resources",
        "existing",
        "how",
        "will",
        "we",
        "know",
        "relevant",
        "theme",
        "of",
        "designed",
        "to",
        "improvement",
        "measure",
        "and",
        "be",
        "achieved",
        "score",
        "card",
        "kpi",
        "impacts",
        "status",
        "owner",
        "timescale",
        "timescales",
    )
)


def normalise_label(cell: str) -> str:
    """A header cell as compared with :data:`COLUMN_LABELS` (space and punctuation folded)."""
    return re.sub(r"\s+", " ", cell.replace("\u2013", "-")).strip(" :*-").lower()


def column_field(cell: str) -> ActionField | None:
    """The action field a header cell names, or None when it is not a column label."""
    label = normalise_label(cell)
    if not label:
        return None
    for pattern, field in COLUMN_LABELS:
        if pattern.match(label):
            return field
    return None


def is_header_row(cells: list[str]) -> bool:
    """A table row that names columns: most non-empty cells are column labels.

    "Priority Area 3 Impacts | Reference | Impact Measure ... | RAG" counts (a
    leading caption cell is allowed), a data row such as "3.1.1 | Review the
    pathway | Apr-23 | G" does not.
    """
    cells = [c for c in (c.strip() for c in cells) if c]
    if len(cells) < 2:
        return False
    labelled = sum(1 for c in cells if column_field(c) is not None)
    return labelled >= 2 and labelled >= 0.6 * len(cells) - 1


def is_label_line(text: str) -> bool:
    """A short line made only of header words: a column header split over lines."""
    words = re.findall(r"[a-z’']+", text.lower())
    return bool(words) and len(words) <= 8 and all(w in HEADER_WORDS for w in words)
