"""Grounded question answering: retrieve, cite, check, or abstain.

``Asker.stream`` yields text pieces while the model writes (so a person sees
progress on a slow CPU) and finally the checked :class:`Answer`. With no chat
model (the extractive backend) the answer is the best verbatim evidence,
ordered and cited. A question about "priority N" without an area is answered
per area, because each area numbers its priorities differently.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass

from assistant.domain.doc_types import PLANNING_TYPES
from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.actions_answer import answer_from_register
from assistant.grounding.answer_type import (
    MEETING_HEADER,
    answers_type,
    asked_sections,
    asks_for_priorities,
    header_rules,
    required_missing,
    typed_first,
    typed_query,
)
from assistant.grounding.answer_units import (
    arrange,
    display_text,
    extend_dangling,
    figure_first,
    is_follow_up,
)
from assistant.grounding.answerability import answerable, specifics_first, states_specifics
from assistant.grounding.citations import (
    answer_text,
    check_sentences,
    is_cannot_answer,
    name_list,
    notice,
    resolve_citations,
    split_generated,
    verbatim_sentences,
)
from assistant.grounding.continuation import whole_answers
from assistant.grounding.corpus import Corpus
from assistant.grounding.evidence import is_heading
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.inspection_answer import InspectionAnswers
from assistant.grounding.intent_examples import QuestionIntent
from assistant.grounding.priority_evidence import (
    NoteSection,
    PriorityEvidence,
    is_measured,
)
from assistant.grounding.prompts import load_prompt
from assistant.grounding.query import (
    INTENT_SECTIONS,
    Intent,
    ParsedQuestion,
    Shape,
    named_places,
    parse_question,
    result_query,
    result_subject,
    retrieval_query,
)
from assistant.grounding.reader import (
    Fact,
    FactQuestion,
    Tense,
    choose,
    lead_in,
    lines_of,
    read_question,
    read_units,
    without_tail,
)
from assistant.grounding.records import CANNOT_ANSWER, Answer, Evidence, Sentence
from assistant.grounding.render_evidence import evidence_block
from assistant.grounding.scoping import Scope, ScopeResolver
from assistant.grounding.support import SupportChecker, content_tokens
from assistant.grounding.understanding import IntentClassifier
from assistant.index.glossary import expand_query
from assistant.llm.base import ChatModel
from assistant.records import SearchFilters

LLM_UNITS = 8
# A question is taken to be about one priority when its words sit this close to the title.
RELATIVE_CUTOFF = 0.15
INTENT_NOTE_SECTION: dict[Intent, NoteSection] = {
    Intent.impact: "impact",
    Intent.progress: "progress",
    Intent.next_steps: "next_steps",
}
EXTRACTIVE_UNITS = 4
# How sure the reading must be before an area's own priority list is the whole answer.
PRIORITY_LIST_CONFIDENCE = 0.75
# Units shown per area when a question without an area is answered area by area.
PER_AREA_UNITS = 2
# Chunks searched for an area-wide question (their units are then ranked).
CHUNKS = 10
# Kinds of fact that headers, attendee lists and sign-off blocks hold.
LISTED_KINDS = frozenset({Fact.person, Fact.organisation, Fact.date, Fact.place})
# Chunks searched for the term a definition question names ("what does EAS stand for").
TERM_CHUNKS = 4


# Questions about what was done or achieved: a plan's promise does not answer them.
ACHIEVED_ASKS = frozenset({QuestionIntent.progress, QuestionIntent.impact})

TARGET_LABEL = "They give only the target or plan for it, not what was achieved:"


@dataclass(frozen=True)
class Selection:
    """The units an answer is written from; ``only_planned``: they are the target or plan
    for a result that was asked about and is not in the documents."""

    units: list[Evidence]
    only_planned: bool = False


def factoid(parsed: ParsedQuestion) -> FactQuestion | None:
    """The question read as a factoid (a figure, count, date, name, what a term means), or
    None for questions answered by passages (progress, evidence, the meeting itself)."""
    fact = read_question(
        parsed.text, retrieval_query(parsed), figure=parsed.ask is QuestionIntent.figure
    )
    if Fact.definition in fact.kinds:
        return fact  # "what does an amber (A) rating mean" is about the key, not the actions
    if (
        fact.kinds & {Fact.person, Fact.organisation, Fact.place}
        and parsed.shape is not Shape.actions
    ):
        # "Who attended the review as …", "who are the advisers for the plan", "where was
        # the review held": a name, place or date is asked for, whatever the question is
        # about (the meeting, next steps).
        return fact
    if parsed.shape in (Shape.actions, Shape.evidence) or parsed.ask in (
        QuestionIntent.meeting,
        QuestionIntent.impact,
        QuestionIntent.next_steps,
    ):
        return None
    if parsed.ask in (QuestionIntent.figure, QuestionIntent.detail) or fact.kinds:
        return fact
    if parsed.ask is QuestionIntent.progress and fact.tense is Tense.achieved:
        # "How far had the provider got with the team", "which of them has been finished":
        # the sentence saying what was done, about that, not a plan sharing its words.
        return fact
    return None


class Asker:
    """Answers questions from the index with verified citations."""

    def __init__(
        self,
        corpus: Corpus,
        chat: ChatModel | None = None,
        checker: SupportChecker | None = None,
        classifier: IntentClassifier | None = None,
    ) -> None:
        self.corpus = corpus
        self.chat = chat
        self.finder = EvidenceFinder(corpus)
        self.priority_evidence = PriorityEvidence(self.finder)
        self.resolver = ScopeResolver(corpus)
        self.checker = checker or SupportChecker(corpus.embedder)
        self.classifier = classifier or IntentClassifier(corpus.embedder)
        self.inspections = InspectionAnswers(corpus, self.checker)

    @property
    def backend(self) -> str:
        return self.chat.name if self.chat else "extractive"

    def ask(
        self, question: str, area: str | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        """The whole answer at once (see :meth:`stream`)."""
        answer = None
        for event in self.stream(question, area, filters):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self, question: str, area: str | None = None, filters: SearchFilters | None = None
    ) -> Iterator[str | Answer]:
        """Yield text pieces as they are written, then the checked Answer."""
        parsed = parse_question(question, self.corpus.local_areas(), self.classifier)
        if area:
            parsed.areas = [self.corpus.canonical_area(area)]  # an unknown area is an error
        if parsed.ask is QuestionIntent.out_of_scope:
            yield self.out_of_scope(parsed)
            return
        if not parsed.areas and not area:
            missing = self.unindexed_place(parsed)
            if missing:
                yield self.no_documents(parsed, missing)
                return
        structured = self.structured_answer(parsed)
        if structured is not None:
            yield from (s.text + " " for s in structured.sentences)
            yield structured
            return
        fact = factoid(parsed)  # read once; None for an actions question unless it asks
        # what a term means ("what does an amber (A) rating mean")
        if parsed.shape is Shape.actions and fact is None:
            register = self.register_answer(parsed)
            if register is not None:
                yield from (s.text + " " for s in register.sentences)
                yield register
                return
        scopes, notices = self.resolver.scopes(parsed)
        sentences: list[Sentence] = list(notices)
        evidence: dict[str, Evidence] = {}
        answered = False
        several = len(scopes) > 1
        unanswered: list[str] = []  # areas whose documents do not answer: one line at the end
        targets: list[Sentence] = []  # the plan's target, when the asked result is not there
        for scope in scopes:
            selection = self.select(parsed, scope, filters, fact)
            if not selection.units and scope.inferred:
                scope = Scope(local_area=scope.local_area)  # the topic guess found nothing
                selection = self.select(parsed, scope, filters, fact)
            units = selection.units
            if selection.only_planned and not several:
                # The asked result is not there; its target is, and is shown as one.
                offset = len(evidence)
                units = [
                    u.model_copy(update={"key": f"E{offset + i}"}) for i, u in enumerate(units, 1)
                ]
                evidence.update({u.key: u for u in units})
                shown = [(display_text(u), [u.key]) for u in units]
                targets = check_sentences(shown, evidence, self.checker)
                continue
            if selection.only_planned:
                units = []
            if not units:
                if several:
                    unanswered.append(scope.local_area or "all areas")
                else:
                    sentences.append(notice(self.cannot_answer(scope, False)))
                continue
            heading: list[Sentence] = []
            if several:
                # One area of many: its own priority named, then its best evidence only.
                heading = [
                    notice(
                        f"{scope.local_area}'s priority {scope.priority} is "
                        f"“{scope.priority_title}”."
                        if scope.priority
                        else f"{scope.local_area}:"
                    )
                ]
                units = units[:PER_AREA_UNITS]
            offset = len(evidence)
            units = [u.model_copy(update={"key": f"E{offset + i}"}) for i, u in enumerate(units, 1)]
            evidence.update({u.key: u for u in units})
            scoped = yield from self.generate(parsed, scope, units)
            if scoped:
                answered = True
                sentences.extend([*heading, *scoped])
            elif several:
                unanswered.append(scope.local_area or "all areas")
            else:
                sentences.append(notice(self.cannot_answer(scope, False)))
        if answered and unanswered:
            sentences.append(
                notice(f"The documents for {name_list(unanswered)} do not answer this.")
            )
        if not answered:
            # Keep the explanations (e.g. "Shropshire has no priority 8"), once, after the
            # plain statement that the documents do not say.
            explanations = [s for s in notices if CANNOT_ANSWER not in s.text]
            where = Scope(local_area=parsed.areas[0] if len(parsed.areas) == 1 else None)
            plain = (
                f"{CANNOT_ANSWER} {TARGET_LABEL}" if targets else self.cannot_answer(where, False)
            )
            sentences = [notice(plain), *explanations, *targets]
        texts = {u.doc_id: self.corpus.document(u.doc_id).text for u in evidence.values()}
        yield Answer(
            question=question,
            answer=answer_text(sentences),
            abstained=not answered,
            sentences=sentences,
            citations=resolve_citations(sentences, evidence, texts),
            backend=self.backend,
            local_area=parsed.areas[0] if len(parsed.areas) == 1 else None,
            priority=parsed.priority,
        )

    # -- steps ----------------------------------------------------------------------

    def structured_answer(self, parsed: ParsedQuestion) -> Answer | None:
        """An answer read from document structure (an inspection's lists), if it applies."""
        if parsed.priority is not None:
            return None  # about one priority ("is priority 5 complete?"), not the list
        if parsed.ask is QuestionIntent.improve and len(parsed.areas) == 1:
            area = parsed.areas[0]
            listed = self.inspections.must_improve(parsed.text, area, self.backend)
            if listed is None and parsed.confidence >= PRIORITY_LIST_CONFIDENCE:
                # An area's own priority list replaces search, so only on a sure reading:
                # "how many areas of weakness … and what did advisers say" reads as
                # "improve" at 0.66 and wants more than the list.
                listed = self.inspections.priorities(parsed.text, area, self.backend)
            return listed
        across = parsed.ask is QuestionIntent.across_areas or (
            parsed.ask is QuestionIntent.improve and not parsed.areas
        )
        if across and not parsed.areas:
            topic = improvement_topic(parsed.text)
            if topic:
                return self.inspections.told_to_improve(parsed.text, topic, self.backend)
        return None

    def out_of_scope(self, parsed: ParsedQuestion) -> Answer:
        """Say plainly that the question is not one the documents could answer."""
        return self.abstention(
            parsed,
            f"{CANNOT_ANSWER} This assistant answers from the indexed SEND documents (written "
            "statements of action, review notes, inspection reports); this question is not "
            "about them.",
        )

    def unindexed_place(self, parsed: ParsedQuestion) -> str | None:
        """A place the question names that no indexed document mentions at all."""
        for place in named_places(parsed.text):
            if not any(
                place in self.corpus.document(d.doc_id).text for d in self.corpus.documents()
            ):
                return place
        return None

    def no_documents(self, parsed: ParsedQuestion, place: str) -> Answer:
        """Say plainly there is nothing on that area, rather than answer from others."""
        known = ", ".join(self.corpus.local_areas())
        return self.abstention(
            parsed,
            f"{CANNOT_ANSWER} There are no documents for {place} in the index "
            f"(indexed areas: {known}); add its WSoA or review notes to answer this.",
        )

    def abstention(self, parsed: ParsedQuestion, text: str) -> Answer:
        """An answer that is only the plain statement why the documents cannot answer."""
        return Answer(
            question=parsed.text,
            answer=text,
            abstained=True,
            sentences=[notice(text)],
            citations=[],
            backend=self.backend,
        )

    def register_answer(self, parsed: ParsedQuestion) -> Answer | None:
        """ "Which actions are red / overdue" from the action register (None: it has none)."""
        sentences: list[Sentence] = []
        evidence: dict[str, Evidence] = {}
        for area in parsed.areas or self.corpus.local_areas():
            found, units = answer_from_register(self.corpus, parsed, area, len(evidence) + 1)
            sentences.extend(found)
            evidence.update({u.key: u for u in units})
        if not evidence:
            return None
        texts = {u.doc_id: self.corpus.document(u.doc_id).text for u in evidence.values()}
        return Answer(
            question=parsed.text,
            answer=answer_text(sentences),
            abstained=False,
            sentences=sentences,
            citations=resolve_citations(sentences, evidence, texts),
            backend="action register",
            local_area=parsed.areas[0] if len(parsed.areas) == 1 else None,
            priority=parsed.priority,
        )

    def select(
        self,
        parsed: ParsedQuestion,
        scope: Scope,
        filters: SearchFilters | None,
        fact: FactQuestion | None = None,
    ) -> Selection:
        """The evidence to answer from; no units when the corpus does not answer.
        ``fact``: the question read as a factoid (:func:`factoid`), or None."""
        base = (filters or SearchFilters()).model_copy(
            update={
                "local_area": scope.local_area or (filters.local_area if filters else None),
                "priority": scope.priority,
            }
        )
        query = typed_query(parsed.text, retrieval_query(parsed, scope.priority_title))
        own = typed_query(parsed.text, retrieval_query(parsed))
        keep = header_rules(parsed.text)  # "when / where / who": meeting headers answer
        listed = fact is not None and bool(fact.kinds & LISTED_KINDS)
        if listed:
            # Names, bodies and dates are listed in headers, attendee lists and sign-offs.
            keep |= {MEETING_HEADER}
        if scope.local_area and scope.priority is not None:
            # The filter already pins the priority: rank by the question's own words.
            units = self.priority_units(parsed, scope, base, own if content_tokens(own) else query)
            if scope.inferred or listed:
                # A guessed priority may be too narrow: let area-wide hits compete too. So
                # may a named one for a name: "who leads workstream 5" is answered by the
                # membership list at the top of the document, outside every priority.
                wider = base.model_copy(update={"priority": None})
                seen = {(u.doc_id, u.start) for u in units}
                # Extractive answers search the area for the asked measure; the local model
                # keeps the narrower search: shown area-wide units beside the priority's
                # own, the 1.5B model answered "cannot answer" to "What evidence of impact
                # is there for EHC plans?" (tests/test_grounded_real.py).
                achieved = parsed.ask in ACHIEVED_ASKS and self.chat is None and not listed
                subject = content_tokens(expand_query(result_subject(parsed)))

                def about(unit: Evidence) -> bool:
                    # Beyond the priority, a unit must name what the question is about.
                    return bool(subject & content_tokens(expand_query(unit.text)))

                # A name is listed beside the priority's own label ("Workstream 5 Lead
                # Richard Crockford"): for a name, the priority's words stay in the query.
                search = parsed.text if listed else own
                extra = [
                    u
                    for u in self.finder.find(
                        result_query(parsed) if achieved else search,
                        wider,
                        chunks=2 * CHUNKS if achieved else 6,
                        keep_rules=keep,
                    )
                    if (u.doc_id, u.start) not in seen and (not achieved or about(u))
                ]
                units = self.order_for_intent(parsed, units + extra, extra)
        else:
            units = self.finder.find(
                query,
                base,
                chunks=CHUNKS,
                sections=INTENT_SECTIONS[parsed.intent] | asked_sections(parsed.text),
                keep_rules=keep,
            )
        texts = {d: self.corpus.document(d).text for d in {u.doc_id for u in units}}
        units = whole_answers(parsed.text, units, texts)
        if fact is not None:
            return self.read_fact(parsed, fact, units, base)
        if not (asks_for_priorities(parsed.text) or parsed.ask is QuestionIntent.improve):
            units = [u for u in units if not is_heading(u, scope.priority_title)]
        units = specifics_first(parsed.text, units)
        if parsed.shape is Shape.figure:
            units = figure_first(parsed, units)
        units = typed_first(parsed.text, units)
        if not parsed.wants_follow_up:
            units = [u for u in units if not is_follow_up(u)]  # questions are not findings
        units = self.readable(units)
        if not units or required_missing(parsed.text, units[:3]):
            return Selection([])
        if not answerable(parsed, scope, units):
            return Selection([])
        limit = LLM_UNITS if self.chat else EXTRACTIVE_UNITS
        if promises := self.only_promised(parsed, units[:limit]):
            # "Has X achieved the rise it promised?": the best evidence is the promise.
            return Selection(promises, only_planned=True)
        if scope.priority is not None:
            # Already this priority's evidence for the asked section.
            return Selection(units[:limit])
        best = units[0].relevance
        return Selection(
            [
                u
                for u in units[:limit]
                if u.relevance >= best - RELATIVE_CUTOFF or answers_type(parsed.text, u)
            ]
        )

    @staticmethod
    def only_promised(parsed: ParsedQuestion, units: list[Evidence]) -> list[Evidence]:
        """The plans answering a question about what was done or achieved, when they are
        all the documents hold on it; else none.

        The lead unit is a plan or target, and no reported result shares the words it has
        in common with the question (what the question is about: "personal budgets"): the
        documents hold the promise, not the outcome, and saying so is the answer (a target
        is never shown as progress or evidence of impact).
        """
        if parsed.ask not in ACHIEVED_ASKS or not units or units[0].kind is not StatementKind.plan:
            return []
        topic = content_tokens(parsed.text) & content_tokens(units[0].text)

        def on_topic(unit: Evidence) -> bool:
            return 2 * len(topic & content_tokens(unit.text)) >= max(1, len(topic))

        if any(u.kind is not StatementKind.plan and on_topic(u) for u in units[1:]):
            return []
        return [u for u in units if u.kind is StatementKind.plan and on_topic(u)]

    def read_fact(
        self,
        parsed: ParsedQuestion,
        fact: FactQuestion,
        units: list[Evidence],
        filters: SearchFilters,
    ) -> Selection:
        """The units stating the asked fact (see ``reader``), or none."""
        if fact.terms:
            # "What does EAS stand for": the term itself finds the line that expands it.
            seen = {(u.doc_id, u.start) for u in units}
            units += [
                u
                for term in fact.terms
                for found in self.finder.find(
                    term, filters, chunks=TERM_CHUNKS, keep_rules=frozenset({MEETING_HEADER})
                )
                for u in [found]
                if (u.doc_id, u.start) not in seen
            ]
        listed: set[tuple[str, int]] = set()  # lines split from a list: one fact a line
        split = []
        for unit in units:
            lines = lines_of(unit)
            if len(lines) > 1:
                listed |= {(line.doc_id, line.start) for line in lines}
            split += lines
        units = [without_tail(u) for u in split]
        units = [u for u in units if not is_follow_up(u) and states_specifics(parsed.text, u)]
        units = self.readable(units)  # follow-up questions are not findings
        # A list's line states its own fact: the lines above it are not its lead-in.
        before = [
            "" if (u.doc_id, u.start) in listed else lead_in(u, self.corpus.document(u.doc_id).text)
            for u in units
        ]
        choice = choose(fact, read_units(fact, units, before))
        if choice.only_planned:
            return Selection(choice.only_planned, only_planned=True)
        return Selection(choice.units)

    def priority_units(
        self, parsed: ParsedQuestion, scope: Scope, filters: SearchFilters, query: str
    ) -> list[Evidence]:
        """All of the area's evidence on the priority, ranked for the question.

        Reported progress and measured results rank above plans and targets: a question
        about evidence wants what happened, not what a plan hoped would happen.
        """
        assert scope.local_area is not None and scope.priority is not None
        every = self.priority_evidence.units(scope.local_area, [scope.priority], filters.date_to)
        every = [
            u
            for u in every
            if (not filters.doc_type or u.doc_type == filters.doc_type)
            and (not filters.date_from or u.date >= filters.date_from)
        ]
        section = INTENT_NOTE_SECTION.get(parsed.intent)
        pool = (
            self.priority_evidence.by_section(every, per_document=6, limit=20)[section]
            if (section)
            else every
        )
        return self.order_for_intent(parsed, self.finder.rank(query, pool or every))

    def readable(self, units: list[Evidence]) -> list[Evidence]:
        """Units that read on their own: "This …" carries its antecedent, else is skipped."""
        kept = []
        for unit in units:
            extended = extend_dangling(unit, self.corpus.document(unit.doc_id).text)
            if extended is not None:
                kept.append(extended)
        return kept

    @staticmethod
    def order_for_intent(
        parsed: ParsedQuestion, ranked: list[Evidence], wider: Sequence[Evidence] = ()
    ) -> list[Evidence]:
        """Order scored units for the question: evidence questions want what happened."""
        if parsed.intent == Intent.impact:
            # Reported results first, then other reports, then plans' targets; open
            # questions from follow-up lists last. A plan's table cells read as intentions
            # ("Revised pathway published" is a success criterion), except a measured
            # result: its "progress so far" column reports what happened ("had been
            # reduced to 210").
            def tier(u: Evidence) -> int:
                if u.text.rstrip(" *").endswith("?"):
                    return 3
                if u.doc_type in PLANNING_TYPES:
                    return 0 if u.kind is StatementKind.measured_impact else 2
                return 0 if is_measured(u.text) else 1

            # A unit found beyond the guessed priority (``wider``) leads among the results
            # only when it is at least as relevant as the priority's best measured one:
            # the priority's own notes file their results under it even when their words
            # do not repeat the question's ("20 week performance remains at 71%"). A plan's
            # targets and open questions come after every result, however relevant.
            outside = {(u.doc_id, u.start) for u in wider}
            best = max(
                (
                    u.relevance
                    for u in ranked
                    if tier(u) == 0 and (u.doc_id, u.start) not in outside
                ),
                default=0.0,
            )

            def behind(u: Evidence) -> bool:
                return (u.doc_id, u.start) in outside and u.relevance < best

            return sorted(ranked, key=lambda u: (tier(u) >= 2, behind(u), tier(u), -u.relevance))
        return sorted(ranked, key=lambda u: u.relevance, reverse=True)

    def generate(
        self, parsed: ParsedQuestion, scope: Scope, units: list[Evidence]
    ) -> Generator[str, None, list[Sentence]]:
        """Write the scope's sentences; returns them (empty = cannot answer)."""
        by_key = {u.key: u for u in units}
        if self.chat is None:
            sentences = []
            for label, group in arrange(parsed, units):
                if label is not None:
                    sentences.append(label)
                shown = [(display_text(u), [u.key]) for u in group]
                sentences.extend(check_sentences(shown, by_key, self.checker))
            for s in sentences:
                yield s.text + " "
            return sentences
        prompt = load_prompt("ask", self.corpus.settings.paths.prompts_dir)
        system, user = prompt.render(
            question=parsed.text,
            evidence=evidence_block(units),
            keys=", ".join(by_key),
            scope=scope.describe(),
            cannot_answer=CANNOT_ANSWER,
        )
        pieces = []
        for piece in self.chat.stream(system, user):
            pieces.append(piece)
            yield piece
        raw = "".join(pieces).strip()
        if is_cannot_answer(raw):
            return []
        checked = check_sentences(split_generated(raw), by_key, self.checker)
        if not any(s.supported for s in checked):
            # Nothing the model wrote could be verified: show the evidence itself instead.
            yield "\n"
            return [
                notice(
                    "The model's wording could not be checked against the sources, "
                    "so the passages themselves are shown.",
                    exportable=False,
                )
            ] + verbatim_sentences(units[:EXTRACTIVE_UNITS], self.checker)
        return checked

    @staticmethod
    def cannot_answer(scope: Scope, per_area: bool) -> str:
        where = f" for {scope.local_area}" if scope.local_area else ""
        if per_area:
            return f"{CANNOT_ANSWER} Nothing in the documents{where} answers this."
        return f"{CANNOT_ANSWER} None of the indexed documents{where} answers this question."


#: Words that frame a cross-area question rather than name its topic.
_FRAMING = frozenset(
    {
        "which",
        "what",
        "who",
        "how",
        "many",
        "areas",
        "area",
        "were",
        "was",
        "told",
        "asked",
        "to",
        "improve",
        "improving",
        "improvement",
        "improvements",
        "other",
        "others",
        "inspection",
        "inspections",
        "inspectors",
        "report",
        "reports",
        "have",
        "has",
        "had",
        "need",
        "needs",
        "needed",
        "the",
        "their",
        "its",
        "a",
        "an",
        "of",
        "on",
        "in",
        "with",
        "been",
        "did",
        "do",
        "does",
        "say",
        "said",
        "weakness",
        "weaknesses",
        "priority",
        "priorities",
        "for",
        "about",
        "set",
        "identified",
        "councils",
        "partnerships",
        "there",
        "is",
        "are",
        "all",
        "across",
        "share",
        "same",
        "similar",
        "compare",
        "problems",
        "mention",
        "mentions",
        *("found", "find", "finding", "findings", "they", "them", "any", "issues", "concerns"),
        *("where", "weak", "poor", "should", "must", "list", "name", "show", "me", "tell"),
        *("inspected", "ofsted", "cqc", "whose", "got", "gaps", "gap", "struggling", "better"),
    }
)


def improvement_topic(question: str) -> str:
    """The topic of "which areas were told to improve Y": the words from the first to the
    last that are not framing ("preparation for adulthood", "their local offer" -> "local
    offer")."""
    words = re.findall(r"[\w'’-]+", question)
    content = [i for i, w in enumerate(words) if w.lower() not in _FRAMING]
    return " ".join(words[content[0] : content[-1] + 1]) if content else ""
