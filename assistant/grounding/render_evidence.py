"""How evidence is shown to the model, and turned into verbatim sentences without one."""

from __future__ import annotations

import re

from assistant.grounding.records import Evidence
from assistant.records import DocType, cite_page

DOC_TYPE_LABELS = {
    DocType.wsoa: "WSoA",
    DocType.review_note: "review note",
    DocType.preparation_template: "preparation template",
    DocType.accelerated_progress_plan: "accelerated progress plan",
    DocType.inspection_report: "inspection report",
    DocType.other: "document",
}
_BULLET = re.compile(r"^\s*(?:[-•▪●◦*]|\d{1,2}[.)])\s+")
MAX_PROMPT_CHARS = 420


def clean(text: str) -> str:
    """One line of readable text: bullets dropped, table cells joined, spaces collapsed."""
    text = _BULLET.sub("", text.replace("*", ""))
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    text = " – ".join(cells)
    return re.sub(r"\s+", " ", text).strip()


def source_label(unit: Evidence) -> str:
    kind = DOC_TYPE_LABELS.get(unit.doc_type, "document")
    where = f"{unit.local_area} {kind} {unit.date}".strip()
    section = unit.section.value.replace("_", " ")
    priority = f", priority {unit.priority}" if unit.priority is not None else ""
    return f"{where}, {cite_page(unit.page_label, unit.page)}{priority}, {section}"


def evidence_block(units: list[Evidence]) -> str:
    """Numbered evidence lines for a prompt, each trimmed to keep the context small."""
    lines = []
    for unit in units:
        text = clean(unit.text)
        if len(text) > MAX_PROMPT_CHARS:
            text = text[:MAX_PROMPT_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"[{unit.key}] ({source_label(unit)}) {text}")
    return "\n".join(lines)
