"""What each kind of document is, as data: labels, plans vs reports, default sections.

One table (:data:`DOC_TYPES`) answers every question the code asks about a
document type, so the parser, the grounding core and the renderers agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.records import DocType, DocumentMeta, SectionKind


@dataclass(frozen=True)
class DocTypeInfo:
    """Facts about one document type."""

    label: str  # short, inside a sentence: "Reported in the Torbay review note (2024-02)"
    title: str  # long, in a document title: "Torbay WSoA review meeting note"
    is_plan: bool  # plans set targets and intentions; notes and reports say what happened
    start_section: SectionKind  # section of the text before the first heading
    priority_section: SectionKind  # section a priority opens in when no heading follows


S = SectionKind
DOC_TYPES: dict[DocType, DocTypeInfo] = {
    DocType.wsoa: DocTypeInfo(
        "WSoA", "Written Statement of Action", True, S.introduction, S.introduction
    ),
    DocType.accelerated_progress_plan: DocTypeInfo(
        "accelerated progress plan", "Accelerated Progress Plan", True, S.header, S.actions
    ),
    DocType.review_note: DocTypeInfo(
        "review note", "WSoA review meeting note", False, S.header, S.progress
    ),
    DocType.preparation_template: DocTypeInfo(
        "preparation template", "WSoA review preparation template", False, S.header, S.progress
    ),
    DocType.inspection_report: DocTypeInfo(
        "inspection report",
        "Area SEND inspection report",
        False,
        S.header,
        S.areas_for_improvement,
    ),
    DocType.other: DocTypeInfo("document", "document", False, S.header, S.progress),
}

#: Document types that set targets and intentions rather than report what happened.
PLANNING_TYPES = frozenset(t for t, info in DOC_TYPES.items() if info.is_plan)


def doc_type_label(doc_type: DocType) -> str:
    """Short label of a document type ("review note")."""
    return DOC_TYPES[doc_type].label


def is_plan(doc_type: DocType) -> bool:
    """Whether documents of this type are plans (targets, intentions), not reports."""
    return DOC_TYPES[doc_type].is_plan


def working_areas(documents: Iterable[DocumentMeta]) -> list[str]:
    """Areas with a document beyond an inspection report (a WSoA, a review note, a plan):
    the ones an adviser works on, first in every area choice; sorted."""
    return sorted({d.local_area for d in documents if d.doc_type is not DocType.inspection_report})
