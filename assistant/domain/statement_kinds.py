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
_NOTE_NARRATIVE = frozenset({S.progress, S.impact, S.general_update})
_PLAN_BODY = frozenset({S.actions, S.measures})

# Ordered: the first rule that fires decides. Boilerplate first (it is never evidence),
# then the document's own shape (sections, doc type), then what the words say.
RULES: tuple[Rule, ...] = (
    # --- document furniture: never evidence -------------------------------------
    Rule(
        "table header row",
        K.boilerplate,
        "a row of column labels names the fields below it; it says nothing itself",
        lambda f: f.header_row,
    ),
    Rule(
        "column-label line",
        K.boilerplate,
        "a table header split over lines by extraction ('Progress against actions/impact &')",
        lambda f: f.label_line or f.mostly_labels,
    ),
    Rule(
        "page footer or running header",
        K.boilerplate,
        "'Page | 26', 'Revised Final version Nov 2020', report running headers",
        lambda f: f.furniture,
    ),
    Rule(
        "section heading",
        K.boilerplate,
        "'Evidence of impact', 'What does the area partnership need to do better?' name a section",
        lambda f: f.heading,
    ),
    Rule(
        "priority or outcome heading",
        K.boilerplate,
        "'Area 4<tab>Significant waiting times ...' titles a priority; the title is not evidence",
        lambda f: f.priority_heading and not f.question,
    ),
    Rule(
        "report furniture",
        K.boilerplate,
        "every inspection report ends with its team, licence and complaints wording",
        lambda f: f.standard_text or (f.in_inspection and f.section is S.other),
    ),
    Rule(
        "meeting or document header",
        K.boilerplate,
        "title, date, venue, attendees: who and when, not what happened",
        # A full sentence is never dropped on its section alone: a misread document type
        # can put a whole report body in "header".
        lambda f: (
            (f.section is S.header and not f.in_inspection and not f.sentence)
            or f.meta_line
            or f.role_list
        ),
    ),
    Rule(
        "lead, date and resource cells",
        K.boilerplate,
        "'Mar 21 DoP CC. managers from SCHT': the who and when of an action, without the action",
        lambda f: f.date_cell or f.wrapped_fragment,
    ),
    Rule(
        "too few words",
        K.boilerplate,
        "a stray cell or fragment with under four words is not a statement",
        lambda f: f.words < 4 and not f.figure and not (f.action_refs and f.words > 0),
    ),
    # --- plans: targets, numbered outcomes and action rows -----------------------------------
    Rule(
        "numbered outcome or action of a plan",
        K.plan,
        "'3.1 Efficient pathways are coproduced', '3.1.4<tab>Publish ...': what a plan will do",
        lambda f: f.in_plan and (f.numbered_outcome or f.action_row),
    ),
    Rule(
        "target figure in a plan",
        K.plan,
        "a figure in a WSoA or progress plan is a target ('92% seen in 18 weeks'), not a result, "
        "unless the plan reports the past ('at the time of the inspection there were ...')",
        lambda f: f.in_plan and f.figure and not f.historical,
    ),
    # --- what the section says ---------------------------------------------------
    Rule(
        "no impact yet",
        K.context,
        "'no measurable evidence of impact at this early stage' reports an absence",
        lambda f: f.no_impact_yet and not f.figure,
    ),
    Rule(
        "question",
        K.next_step,
        "advisers' follow-up questions are what the area must answer next",
        lambda f: f.question,
    ),
    Rule(
        "item under next steps or agreed actions",
        K.next_step,
        "what is listed under 'Key next steps', 'Follow-up' or 'Agreed actions'",
        lambda f: (
            f.section is S.agreed_actions or (f.section in _NEXT_STEP_SECTIONS and not f.done_first)
        ),
    ),
    Rule(
        "inspectors' recommendation",
        K.next_step,
        "'Leaders should ...' and the items under a report's areas for improvement",
        lambda f: (
            f.in_inspection
            and (f.section is S.areas_for_improvement or "ask that" in f.flat.lower())
        ),
    ),
    Rule(
        "advisers' recommendation",
        K.next_step,
        "'Consideration needs to be given to ...' in a note asks the area to act",
        lambda f: f.in_note and f.recommendation and not f.done_first,
    ),
    # --- measured outcomes -------------------------------------------------------
    Rule(
        "future tense + figure",
        K.plan,
        "'we will have received 75% of ...' states a target",
        lambda f: f.future_first and f.figure and not f.in_inspection,
    ),
    Rule(
        "figure + measure",
        K.measured_impact,
        "a reported figure with a trend, survey result or comparison",
        lambda f: f.figure and f.measure_words,
    ),
    Rule(
        "count of things put in place",
        K.progress,
        "'74 new places commissioned' counts activity; impact is what changed for children",
        lambda f: f.figure and f.activity_output and not f.future_first,
    ),
    Rule(
        "figure under evidence of impact",
        K.measured_impact,
        "a figure reported as evidence of impact",
        lambda f: f.figure and f.section is S.impact,
    ),
    Rule(
        "trend or comparison",
        K.measured_impact,
        "'on a downward trajectory', 'analysis shows an increasing number': a measured change",
        lambda f: f.measure_words and not f.future_first,
    ),
    # --- tense ----------------------------------------------------------------------
    Rule(
        "inspectors report leaders' action",
        K.progress,
        "'Leaders have co-produced training ...': something the area has done",
        lambda f: f.in_inspection and f.leaders_did,
    ),
    Rule(
        "inspection finding",
        K.context,
        "inspectors' findings without a measure describe the area; they are not its plans",
        lambda f: f.in_inspection,
    ),
    Rule(
        "assigned action",
        K.next_step,
        "'DfE to share ...', 'Provide data on ...': an action given to someone",
        lambda f: f.assigned and not f.done_first and not f.in_plan,
    ),
    Rule(
        "future tense",
        K.plan,
        "'will', 'by Sep-23', 'is expected to': an intention",
        lambda f: f.future_first,
    ),
    Rule(
        "plan introduction",
        K.context,
        "a plan's introduction sets out background and vision",
        lambda f: f.in_plan and f.section in (S.introduction, S.other),
    ),
    Rule(
        "done or under way",
        K.progress,
        "'has been launched', 'now in place', 'ongoing': progress",
        lambda f: f.done_first,
    ),
    Rule(
        "plan document default",
        K.plan,
        "what a WSoA or progress plan's tables say, they say as intentions",
        lambda f: f.in_plan and f.section in _PLAN_BODY,
    ),
    Rule(
        "reported in a note's progress or impact section",
        K.progress,
        "a note's progress and impact sections report activity unless a measure is given",
        lambda f: f.in_note and f.section in _NOTE_NARRATIVE,
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
