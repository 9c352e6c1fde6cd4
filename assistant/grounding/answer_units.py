"""Shaping evidence units into an answer an adviser can read.

The direct answer comes first; follow-up questions are not findings; a unit that
opens "This/These/It …" carries the sentence it refers to; a table row is shown
as its cleaned cells, never as raw tab-separated text. Every unit keeps an exact
span: extending a unit moves its start back within the same document text.
"""

from __future__ import annotations

import re

from assistant.domain.lexicon import FIGURE_RE
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.citations import notice
from assistant.grounding.query import ParsedQuestion, Shape
from assistant.grounding.records import Evidence, Sentence
from assistant.grounding.render_evidence import clean
from assistant.grounding.support import content_tokens

# "It is clear that …" opens a statement; it refers back to nothing.
_EXPLETIVE_IT = (
    r"it(?!\s+(?:is|was|has been|will be|would be|remains)\s+(?:\w+\s+)?"
    r"(?:clear|important|evident|apparent|worth|agreed|noted|recognised|recognized|"
    r"acknowledged|essential|vital|likely|necessary|hoped|expected)\s+(?:that|to)\b)"
)
_DANGLING = re.compile(rf"^\W*(?:this|these|{_EXPLETIVE_IT}|they|those|that)\b", re.IGNORECASE)
# How far back a referring unit may reach for the sentence it refers to.
MAX_EXTENSION = 400

# Evidence questions: groups in the order shown, each introduced by its label.
EVIDENCE_GROUPS: tuple[tuple[str, frozenset[StatementKind]], ...] = (
    ("Measured impact:", frozenset({StatementKind.measured_impact})),
    ("Reported progress:", frozenset({StatementKind.progress, StatementKind.context})),
)
PLANNED_LABEL = "Planned:"
_TARGETS = re.compile(r"\b(?:targets?|trajector(?:y|ies)|aim(?:ed|s)?|timescales?)\b", re.I)
# A question about what is planned or intended: a plan may answer it first.
_ASKS_PLANS = re.compile(
    r"\b(?:will|plan(?:s|ned)?|targets?|aim(?:s|ed)?|intend\w*|going to|propos\w*|"
    r"trajector(?:y|ies)|expected to|due to|by when|milestones?)\b",
    re.I,
)
FOLLOW_UP_LABEL = "Follow-up questions raised:"


def is_follow_up(unit: Evidence) -> bool:
    """An adviser's open question (a next step ending in "?"): never a finding."""
    return unit.text.rstrip(" *_").endswith("?")


def figure_first(parsed: ParsedQuestion, units: list[Evidence]) -> list[Evidence]:
    """For "how many / what % / what was X": units holding a figure first, plans' target
    figures after reported ones; otherwise the incoming (read) order is kept."""
    # "What targets did X set": a plan's target figure is the answer, not second best.
    targets = bool(_TARGETS.search(parsed.text))

    def key(u: Evidence) -> tuple[bool, bool]:
        planned = u.kind is StatementKind.plan and not targets
        return (not FIGURE_RE.search(u.text), planned)

    return sorted(units, key=key)


def extend_dangling(unit: Evidence, document_text: str) -> Evidence | None:
    """A unit opening "This/These/It …" joined to the sentence before it (exact span),
    or None when that sentence is not plainly its antecedent (a heading, a list break)."""
    if not _DANGLING.match(unit.text):
        return unit
    before = document_text[max(0, unit.start - MAX_EXTENSION) : unit.start]
    if not before.rstrip().endswith((".", ";")) or "\n\n" in before.rstrip()[-200:]:
        return None
    body = before.rstrip()[:-1]
    cut = max(body.rfind(". "), body.rfind("\n"))
    if cut < 0:
        return None
    start = unit.start - len(before) + cut + 1
    while document_text[start].isspace() or document_text[start] in "-•▪*":
        start += 1
    if len(content_tokens(document_text[start : unit.start])) < 3:
        return None
    return unit.model_copy(update={"start": start, "text": document_text[start : unit.end]})


def display_text(unit: Evidence) -> str:
    """What a reader sees for a unit: a table row as its non-empty cells, tidied."""
    if "\t" not in unit.text:
        return clean(unit.text)
    cells = [clean(c) for c in unit.text.split("\t")]
    return " — ".join(c for c in cells if c and c not in {"-", "–"})


def arrange(
    parsed: ParsedQuestion, units: list[Evidence]
) -> list[tuple[Sentence | None, list[Evidence]]]:
    """Units in answer order, in groups each optionally introduced by a label notice.

    ``units`` arrive best first. Follow-up questions are dropped unless the question asks
    about next steps, then shown last under their own label. Evidence questions lead with
    measured impact, then progress; plans only when there is nothing else.
    """
    findings = [u for u in units if not is_follow_up(u)]
    follow_ups = [u for u in units if is_follow_up(u)] if parsed.wants_follow_up else []
    groups: list[tuple[Sentence | None, list[Evidence]]] = []
    if parsed.shape is Shape.evidence:
        for label, kinds in EVIDENCE_GROUPS:
            members = [u for u in findings if u.kind in kinds]
            if members:
                groups.append((notice(label), members))
        if not groups:
            plans = [u for u in findings if u.kind is StatementKind.plan]
            if plans:
                groups.append((notice(PLANNED_LABEL), plans))
    elif findings:
        # The direct answer first, then the support in date and reading order; a plan's
        # target is support only under its own label, never beside reported results.
        # A reported result answers before a next step or a plan's promise, unless plans
        # are asked for ("Have exclusions come down?" is not answered by "There will be a
        # reduction"); the sort is stable, so the read order holds within each.
        if not _ASKS_PLANS.search(parsed.text):
            later = {StatementKind.next_step: 1, StatementKind.plan: 2}
            findings.sort(key=lambda u: later.get(u.kind, 0))
        first, rest = findings[0], findings[1:]
        rest.sort(key=lambda u: (_date_desc(u.date), u.doc_id, u.start))
        planned = first.kind is not StatementKind.plan
        reported = [u for u in rest if not (planned and u.kind is StatementKind.plan)]
        groups.append((None, [first, *reported]))
        plans = [u for u in rest if planned and u.kind is StatementKind.plan]
        if plans:
            groups.append((notice(PLANNED_LABEL), plans))
    if follow_ups:
        groups.append((notice(FOLLOW_UP_LABEL), follow_ups))
    return groups


def _date_desc(date: str) -> tuple[int, ...]:
    """Sort key putting later dates first ('' last)."""
    return tuple(-int(part) for part in date.split("-") if part.isdigit()) or (1,)
