"""What kind of statement an evidence unit is, decided by an ordered table of rules.

Advisers read a note or plan as statements of different kinds: reported progress,
measured impact, plans and targets, next steps, context, and the furniture of the
document (headers, column labels, footers) that is never evidence. The rules below
are data: each has a name, the kind it gives and a one-line reason, and the first
rule that fires decides. ``classify`` returns the rule too, so every verdict can be
explained ("plan: future tense + target figure").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.domain.statement_features import UnitFeatures
from assistant.records import DocType, SectionKind


class StatementKind(StrEnum):
    """The kinds of statement an evidence unit can be."""

    progress = "progress"  # something done or under way
    measured_impact = "measured_impact"  # an outcome with a figure, survey, audit or comparison
    plan = "plan"  # targets, intentions, desired impacts, "will", "by Sep-23"
    next_step = "next_step"  # agreed actions, follow-up questions, key next steps
    context = "context"  # background, descriptions, judgements without a measure
    boilerplate = "boilerplate"  # headers, column labels, footers: never evidence


@dataclass(frozen=True)
class Rule:
    """A named, explainable rule: when ``when`` holds, the unit is ``kind``."""

    name: str
    kind: StatementKind
    why: str
    when: Callable[[UnitFeatures], bool]


class Classification(BaseModel):
    """A unit's kind and the rule that decided it."""

    kind: StatementKind
    rule: str = Field(description="name of the deciding rule")
    why: str = ""

    def explain(self) -> str:
        """E.g. "plan: future tense + target figure"."""
        return f"{self.kind.value}: {self.rule}"


K, S = StatementKind, SectionKind
_NEXT_STEP_SECTIONS = frozenset({S.next_steps, S.follow_up, S.agreed_actions})
_MEASURE_SECTIONS = frozenset({S.measures})

# Ordered: the first rule that fires decides. Boilerplate first (it is never evidence),
# then the section a unit sits in where the document's shape says what it is, then tense.
RULES: tuple[Rule, ...] = (
    # --- document furniture ---------------------------------------------------
    Rule(
        "table header row",
        K.boilerplate,
        "a row of column labels names the fields below it; it says nothing itself",
        lambda f: f.header_row,
    ),
    Rule(
        "column-label line",
        K.boilerplate,
        "a table header split over lines by extraction",
        lambda f: f.label_line,
    ),
    Rule(
        "page footer or running header",
        K.boilerplate,
        "'Page | 26', 'Revised Final version Nov 2020', report running headers",
        lambda f: f.furniture,
    ),
    Rule(
        "meeting or report metadata",
        K.boilerplate,
        "date, venue, attendees: who and when, not what happened",
        lambda f: f.meta_line and f.section in (S.header, S.other),
    ),
    Rule(
        "too few words",
        K.boilerplate,
        "a stray cell or fragment with under four words is not a statement",
        lambda f: f.words < 4 and not f.figure,
    ),
    # --- what the section says ------------------------------------------------
    Rule(
        "no impact yet",
        K.context,
        "'no measurable evidence of impact at this early stage' reports an absence",
        lambda f: f.no_impact_yet and not f.figure,
    ),
    Rule(
        "question under follow-up",
        K.next_step,
        "advisers' follow-up questions are what the area must answer next",
        lambda f: f.question and f.section in _NEXT_STEP_SECTIONS | {S.impact, S.progress},
    ),
    Rule(
        "item under next steps or agreed actions",
        K.next_step,
        "everything listed under 'Key next steps', 'Follow-up' or 'Agreed actions'",
        lambda f: f.section in _NEXT_STEP_SECTIONS,
    ),
    Rule(
        "inspectors' recommendation",
        K.next_step,
        "'Leaders should ...' in a report's areas for improvement is what the area must do",
        lambda f: f.in_inspection
        and f.section is S.areas_for_improvement
        and f.recommendation,
    ),
    Rule(
        "action-plan target",
        K.plan,
        "a figure in a plan's measures or desired impacts is a target, not a result",
        lambda f: f.in_plan and f.section in _MEASURE_SECTIONS | {S.actions},
    ),
    # --- measured outcomes ----------------------------------------------------
    Rule(
        "future tense + figure",
        K.plan,
        "'we will have 75% of ...' states a target",
        lambda f: f.future and f.figure and not f.done,
    ),
    Rule(
        "figure + measure",
        K.measured_impact,
        "a reported figure with a survey, audit, trend or comparison",
        lambda f: f.figure and f.measure_words,
    ),
    Rule(
        "figure under evidence of impact",
        K.measured_impact,
        "a figure reported as evidence of impact",
        lambda f: f.figure and f.section is S.impact,
    ),
    Rule(
        "survey, audit or comparison",
        K.measured_impact,
        "an outcome measured without a number: a survey, an audit, a comparison",
        lambda f: f.measure_words and f.done and not f.future,
    ),
    # --- tense ------------------------------------------------------------------
    Rule(
        "question",
        K.next_step,
        "an open question asks for a next step",
        lambda f: f.question,
    ),
    Rule(
        "assigned action",
        K.next_step,
        "'DfE to share ...', 'Provide data on ...': an action given to someone",
        lambda f: f.assigned and not f.in_inspection,
    ),
    Rule(
        "future tense",
        K.plan,
        "'will', 'by Sep-23', 'aim to': an intention",
        lambda f: f.future and not f.done,
    ),
    Rule(
        "done or under way",
        K.progress,
        "'has been launched', 'now in place', 'ongoing': progress",
        lambda f: f.done and not f.in_inspection,
    ),
    Rule(
        "plan document default",
        K.plan,
        "what a WSoA or accelerated progress plan says, it says as an intention",
        lambda f: f.in_plan and f.section not in (S.introduction, S.other, S.header),
    ),
    Rule(
        "anything else",
        K.context,
        "background, description or judgement without a measure",
        lambda f: True,
    ),
)


def classify(
    text: str, section: SectionKind = SectionKind.other, doc_type: DocType = DocType.other
) -> Classification:
    """The kind of statement ``text`` is, in its ``section`` of a ``doc_type`` document."""
    features = UnitFeatures(text, section, doc_type)
    for rule in RULES:
        if rule.when(features):
            return Classification(kind=rule.kind, rule=rule.name, why=rule.why)
    raise AssertionError("the last rule always fires")  # pragma: no cover
