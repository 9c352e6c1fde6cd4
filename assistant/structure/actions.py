"""The action register of a document: every action its tables or RAG listings name.

``parse_actions`` is pure: a loaded document and its parsed structure in, Action
records out, each field a span of the canonical text. Three sources, one module each:

* tab-separated tables with a header row (2023 APP, .docx tables): ``action_tables``;
* column-wrapped tables whose cells were extracted one per line (2020 WSoA):
  ``action_wrapped``;
* RAG listings in review notes ("three red rated actions: ... 11F, 12B, 12C"):
  ``action_listings``.
"""

from __future__ import annotations

from assistant.records import Action, Document
from assistant.structure.action_listings import parse_listed_actions
from assistant.structure.action_tables import parse_table_actions
from assistant.structure.action_wrapped import parse_wrapped_actions
from assistant.structure.parser import DocumentStructure
from assistant.structure.text import split_lines


def parse_actions(document: Document, structure: DocumentStructure) -> list[Action]:
    """Every action ``document`` registers, in document order.

    A reference registered twice at the same place (a table row that also falls
    in a listing) is kept once.
    """
    lines = split_lines(document.text)
    found = [
        *parse_table_actions(document, structure, lines),
        *parse_wrapped_actions(document, structure, lines),
        *parse_listed_actions(document, structure, lines),
    ]
    unique = {action.action_id: action for action in found}
    return sorted(unique.values(), key=lambda a: a.reference_span.start)
