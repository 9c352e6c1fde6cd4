"""Choosing what each note section says, by statement kind and the action register.

- *Progress on key actions*: reported progress (never plans, targets or headers), newest
  document first; an older document's line only where nothing newer speaks to the same
  action. The register's RAG position of the priority's actions leads the section.
- *Evidence of impact*: measured impact only. Where there is none, one plain line says
  so, then what the documents say about how impact will be measured, labelled "Planned:".
- *Key next steps*: agreed actions and follow-up questions, then red, amber and overdue
  actions from the register.

Every unit is made whole first (:mod:`whole_units`), and near-duplicates become one
bullet citing each source. These are pure functions over units and actions, used by
drafts and compare cells alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.domain.doc_types import PLANNING_TYPES, doc_type_label
from assistant.domain.lexicon import MEASURE_RE
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.answer_units import is_follow_up
from assistant.grounding.citations import check_sentences, notice
from assistant.grounding.priority_evidence import NoteSection
from assistant.grounding.records import Evidence, Sentence
from assistant.grounding.register_lines import (
    Bullet,
    behind_schedule,
    field_evidence,
    rag_position,
)
from assistant.grounding.render_evidence import clean
from assistant.grounding.support import SupportChecker, content_tokens
from assistant.grounding.whole_units import group_duplicates, make_whole
from assistant.records import Action, Document, SectionKind

K = StatementKind
PROGRESS_LIMIT = 10
IMPACT_LIMIT = 8
PLANNED_LIMIT = 4
NEXT_STEP_LIMIT = 8
#: Share of an older line's words a newer line must hold to speak to the same action.
SAME_ACTION_OVERLAP = 0.6
PLANNED = "Planned: "

_REFERENCE = re.compile(r"^\W*(\d{1,2}[A-Z]?(?:\.\d{1,2})*(?:\.[a-z])?)\b")
#: Independent of the statement-kind rules: wording that states a target or intention.
#: A line saying so is never shown as measured impact, whatever the rules decided.
PLAN_WORDING = re.compile(
    r"^\W*to \w+|\b(?:will|shall|to be|needs? to|target(?:s|ed)?|aim(?:s)? to|by (?:end of )?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|by (?:spring|summer|autumn) term)\b",
    re.IGNORECASE,
)


def is_plan_wording(text: str) -> bool:
    """A target or intention by its words ("will", "target", "by Sep-23")."""
    return bool(PLAN_WORDING.search(text))


def is_measured_impact(unit: Evidence) -> bool:
    """Measured impact: the kind says so, it is reported (not planned) and has no target wording."""
    return (
        unit.kind is K.measured_impact
        and unit.doc_type not in PLANNING_TYPES
        and not is_plan_wording(unit.text)
    )


def reports_no_impact(unit: Evidence) -> bool:
    """'No measurable evidence of impact at this early stage': an absence, not a measure."""
    return unit.kind_rule == "no impact yet"


def newest_first(units: list[Evidence]) -> list[Evidence]:
    """Reports before plans, newest document first, reading order within a document."""
    return sorted(
        units, key=lambda u: (u.doc_type in PLANNING_TYPES, _neg(u.date), u.doc_id, u.start)
    )


def _neg(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date)


def _reference(unit: Evidence) -> str | None:
    match = _REFERENCE.match(clean(unit.text))
    return match.group(1) if match and "." in match.group(1) else None


def speaks_to_same(older: Evidence, newer: Evidence) -> bool:
    """Does a newer line report on the same action (same reference, or mostly the same words)?"""
    ref = _reference(older)
    if ref and ref == _reference(newer):
        return True
    words = content_tokens(older.text)
    return bool(words) and len(words & content_tokens(newer.text)) / len(words) >= (
        SAME_ACTION_OVERLAP
    )


def latest_per_action(units: list[Evidence]) -> list[Evidence]:
    """Newest document first; an older line only where no newer document speaks to its action."""
    kept: list[Evidence] = []
    for unit in newest_first(units):
        newer = [k for k in kept if k.doc_id != unit.doc_id and k.date > unit.date]
        if not any(speaks_to_same(unit, k) for k in newer):
            kept.append(unit)
    return kept


def _bullets(units: list[Evidence], limit: int, prefix: str = "") -> list[Bullet]:
    groups = group_duplicates(units)[:limit]
    return [Bullet(text=prefix + clean(g[0].text), units=g) for g in groups]


def register_progress(actions: list[Action], document: Callable[[str], Document]) -> list[Evidence]:
    """The register's progress cells as progress units (the register knows their action)."""
    return [
        field_evidence(a, a.progress, document(a.doc_id)).model_copy(
            update={"kind": K.progress, "section": SectionKind.progress}
        )
        for a in actions
        if a.progress and a.progress.text.strip()
    ]


class SectionComposer:
    """Bullets for the three note sections of one priority (or one compare cell)."""

    def __init__(self, document: Callable[[str], Document]) -> None:
        self.document = document

    def compose(
        self,
        units: list[Evidence],
        actions: list[Action] | None = None,
        up_to: str = "",
        overdue_at: str | None = None,
    ) -> dict[NoteSection, list[Bullet]]:
        """Per section, the bullets to show. ``up_to`` names the last date drawn on."""
        actions = actions or []
        whole = make_whole(units, self.document)
        return {
            "progress": self.progress(whole, actions),
            "impact": self.impact(whole, up_to),
            "next_steps": self.next_steps(whole, actions, overdue_at),
        }

    def progress(self, units: list[Evidence], actions: list[Action]) -> list[Bullet]:
        # A plan's status cells mix what is done with what is due ("… in place by Spring
        # term 21"): from a plan, only lines without target wording count as progress.
        reported = [
            u
            for u in units
            if u.kind is K.progress
            and not (u.doc_type in PLANNING_TYPES and is_plan_wording(u.text))
        ] + register_progress(actions, self.document)
        bullets = _bullets(latest_per_action(reported), PROGRESS_LIMIT)
        if actions:
            position = rag_position(actions, self.document(max(actions, key=_date).doc_id))
            if position is not None:
                bullets.insert(0, position)
        return bullets

    def impact(self, units: list[Evidence], up_to: str) -> list[Bullet]:
        measured = [u for u in units if is_measured_impact(u)]
        if measured:
            return _bullets(newest_first(measured), IMPACT_LIMIT)
        said = f" up to {up_to}" if up_to else ""
        bullets = [Bullet(text=f"No measured impact reported in documents{said}.")]
        bullets += _bullets([u for u in units if reports_no_impact(u)], 2)
        planned = [
            u
            for u in units
            if u.kind is K.plan
            and (
                u.section in (SectionKind.measures, SectionKind.impact) or MEASURE_RE.search(u.text)
            )
        ]
        return bullets + _bullets(newest_first(planned), PLANNED_LIMIT, PLANNED)

    def next_steps(
        self, units: list[Evidence], actions: list[Action], overdue_at: str | None
    ) -> list[Bullet]:
        steps = [u for u in units if u.kind is K.next_step]
        # Agreed steps first; the advisers' open questions after, under their own heading.
        bullets = _bullets(sorted(newest_first(steps), key=is_follow_up), NEXT_STEP_LIMIT)
        if actions:
            latest = self.document(max(actions, key=_date).doc_id)
            bullets += behind_schedule(actions, latest, overdue_at)
        return bullets


def _date(action: Action) -> str:
    return action.date


def _open_question(unit: Evidence) -> bool:
    """An adviser's follow-up question among the next steps: headed apart from agreed ones."""
    return unit.kind is K.next_step and is_follow_up(unit)


def source_heading(unit: Evidence) -> str:
    """'Reported in the review note (2022-05):' or 'Planned in the WSoA (2020-11):'.

    A WSoA's status cells report progress as at its date, so the kind decides the verb.
    """
    verb = {K.plan: "Planned in", K.next_step: "Raised in"}.get(unit.kind, "Reported in")
    if _open_question(unit):
        verb = "Follow-up questions raised in"  # not an agreed step
    return f"{verb} the {doc_type_label(unit.doc_type)} ({unit.date}):"


def key_bullet(bullet: Bullet, keyed: dict[str, Evidence]) -> Bullet:
    """The bullet with a key on each unit: one key per distinct span across ``keyed``."""
    by_span = {(u.doc_id, u.start, u.end): k for k, u in keyed.items()}
    units = []
    for unit in bullet.units:
        key = by_span.get((unit.doc_id, unit.start, unit.end))
        if key is None:
            key = f"E{len(keyed) + 1}"
            keyed[key] = unit.model_copy(update={"key": key})
            by_span[(unit.doc_id, unit.start, unit.end)] = key
        units.append(keyed[key])
    return bullet.model_copy(update={"units": units})


def bullet_sentences(
    bullets: list[Bullet], checker: SupportChecker, headings: bool = True
) -> list[Sentence]:
    """Keyed bullets as cited sentences, under a 'Reported in …' line per document."""
    out: list[Sentence] = []
    current = None
    for bullet in bullets:
        if not bullet.units:
            out.append(notice(bullet.text))
            continue
        lead = bullet.units[0]
        planned = bullet.text.startswith(PLANNED)  # says itself where it stands
        group = (lead.doc_id, _open_question(lead))
        if headings and not bullet.derived and not planned and group != current:
            current = group
            out.append(notice(source_heading(lead)))
        keys = [u.key for u in bullet.units]
        if bullet.derived:
            # A count over the cited register rows: supported by how it was made, unless
            # every row comes from a document addressed to an AI assistant.
            trusted = not all(u.suspect for u in bullet.units)
            out.append(
                Sentence(text=bullet.text, citations=keys, supported=trusted, support_score=1.0)
            )
        else:
            evidence = {u.key: u for u in bullet.units}
            out.extend(check_sentences([(bullet.text, keys)], evidence, checker))
    return out
