"""Actions named in a note's RAG listing (its "WSoA actions/timescale check").

Torbay's note writes:

    The following are amber rated actions:
    Pillar 1 (JC) : 2A.3, 2A.4, 2A.5, 2B, 2C
    ...
    There are three red rated actions:
     Pillar 5 (Graduated Response): 11F, 12B, 12C

Each listed reference becomes an Action rated by the sentence above it. Its
reference span is the reference as written ("12 A.1"), its outcome the group
label ("Pillar 5 (Graduated Response)"), its priority the group's number and its
context the listing sentence, so every part of it is citable.
"""

from __future__ import annotations

import re

from assistant.domain.ratings import normalise_rag
from assistant.records import Action, ActionSource, Document, FieldSpan
from assistant.structure.action_fields import REFERENCE, field_span, make_action
from assistant.structure.parser import DocumentStructure
from assistant.structure.text import Line

# "The following are amber rated actions:", "There are three red rated actions:".
_RATED = re.compile(
    r"\b(red|amber|green|completed?|blue)[\s-]+rated\s+actions?\b[^:\n]*:?", re.IGNORECASE
)
# "Pillar 5 (Graduated Response):", "Priority 2:", "ASW 3 -". The words are the
# priority-numbering words of the corpus.
_GROUP_WORDS = r"(?:pillar|priority|area|asw|workstream|strand)"
_GROUP = re.compile(
    rf"^[ \t]*(?:[-•*][ \t]*)?({_GROUP_WORDS}[ \t]*(\d{{1,2}})\b[^:\n]*?)[ \t]*:",
    re.IGNORECASE,
)


def parse_listed_actions(
    document: Document, structure: DocumentStructure, lines: list[Line]
) -> list[Action]:
    """Actions listed under "<colour> rated actions" sentences, one per reference."""
    actions: list[Action] = []
    rag = ""
    context: FieldSpan | None = None
    for line in lines:
        rated = _RATED.search(line.text)
        if rated:
            rag = normalise_rag(rated.group(1))
            context = field_span(document, line.start, line.end)
            actions.extend(
                _listed(document, structure, line.start + rated.end(), line.end, rag, context)
            )
            continue
        if not rag or line.blank:
            continue
        group = _GROUP.match(line.text)
        if group is None:
            rag, context = "", None  # the listing has ended
            continue
        label = field_span(document, line.start + group.start(1), line.start + group.end(1))
        actions.extend(
            _listed(
                document,
                structure,
                line.start + group.end(),
                line.end,
                rag,
                context,
                label=label,
                priority=int(group.group(2)),
            )
        )
    return actions


def _listed(
    document: Document,
    structure: DocumentStructure,
    start: int,
    end: int,
    rag: str,
    context: FieldSpan | None,
    *,
    label: FieldSpan | None = None,
    priority: int | None = None,
) -> list[Action]:
    actions = []
    for match in REFERENCE.finditer(document.text, start, end):
        reference = field_span(document, match.start(), match.end())
        assert reference is not None
        actions.append(
            make_action(
                document,
                structure,
                reference,
                ActionSource.rag_listing,
                {"outcome": label, "context": context},
                priority=priority,
                rag=rag,
            )
        )
    return actions
