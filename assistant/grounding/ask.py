"""Grounded question answering: retrieve, cite, check, or abstain.

``Asker.stream`` yields text pieces while the model writes (so a person sees
progress on a slow CPU) and finally the checked :class:`Answer`. With no chat
model (the extractive backend) the answer is the best verbatim evidence,
ordered and cited. A question about "priority N" without an area is answered
per area, because each area numbers its priorities differently.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.grounding.citations import (
    answer_text,
    check_sentences,
    is_cannot_answer,
    notice,
    resolve_citations,
    split_generated,
    verbatim_sentences,
)
from assistant.grounding.evidence import is_heading
from assistant.grounding.finder import EvidenceFinder, query_coverage
from assistant.grounding.priority_evidence import (
    PLANNING_TYPES,
    NoteSection,
    PriorityEvidence,
    is_measured,
)
from assistant.grounding.prompts import load_prompt
from assistant.grounding.query import (
    INTENT_SECTIONS,
    Intent,
    ParsedQuestion,
    parse_question,
    retrieval_query,
)
from assistant.grounding.records import CANNOT_ANSWER, Answer, Evidence, Sentence
from assistant.grounding.render_evidence import evidence_block
from assistant.grounding.support import SupportChecker, content_tokens
from assistant.grounding.themes import THEMES, ThemeMapper, theme_hits
from assistant.index.embedder import cosine
from assistant.llm.base import ChatModel
from assistant.records import SearchFilters

if TYPE_CHECKING:
    from assistant.service import Assistant

# Calibrated on evals/datasets/qa.jsonl (answerable vs unanswerable); see docs/adr.
MIN_RELEVANCE = 0.42
MIN_COVERAGE = 0.4
WEAK_RELEVANCE = 0.35
HIGH_COVERAGE = 0.6
STRONG_RELEVANCE = 0.5
MIN_COVERAGE_STRONG = 0.25
MIN_RELEVANCE_TOPIC = 0.3
LLM_UNITS = 8
# A question is taken to be about one priority when its words sit this close to the title.
RELATIVE_CUTOFF = 0.15
INTENT_NOTE_SECTION: dict[Intent, NoteSection] = {
    Intent.impact: "impact",
    Intent.progress: "progress",
    Intent.next_steps: "next_steps",
}
TOPIC_MATCH = 0.5
TOPIC_MARGIN = 0.01
EXTRACTIVE_UNITS = 4


class Scope(BaseModel):
    """One slice of the corpus an answer is drawn from (an area, maybe a priority)."""

    local_area: str | None = None
    priority: int | None = None
    priority_title: str = ""
    inferred: bool = Field(False, description="priority read from the question's topic")

    def describe(self) -> str:
        if self.local_area and self.priority is not None:
            return f"{self.local_area}, priority {self.priority}: {self.priority_title}"
        return self.local_area or "all local areas"


class Asker:
    """Answers questions from the index with verified citations."""

    def __init__(
        self,
        assistant: Assistant,
        chat: ChatModel | None = None,
        checker: SupportChecker | None = None,
    ) -> None:
        self.assistant = assistant
        self.chat = chat
        self.finder = EvidenceFinder(assistant)
        self.priority_evidence = PriorityEvidence(self.finder)
        self.checker = checker or SupportChecker(assistant.embedder)

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
        parsed = parse_question(question, self.assistant.local_areas())
        if area:
            parsed.areas = [area]
        scopes, notices = self.scopes(parsed)
        sentences: list[Sentence] = list(notices)
        evidence: dict[str, Evidence] = {}
        answered = False
        for scope in scopes:
            if len(scopes) > 1:
                sentences.append(
                    notice(
                        f"{scope.local_area}'s priority {scope.priority} is "
                        f"“{scope.priority_title}”."
                    )
                )
            units = self.select(parsed, scope, filters)
            if not units and scope.inferred:
                scope = Scope(local_area=scope.local_area)  # the topic guess found nothing
                units = self.select(parsed, scope, filters)
            if not units:
                sentences.append(notice(self.cannot_answer(scope, len(scopes) > 1)))
                continue
            offset = len(evidence)
            units = [u.model_copy(update={"key": f"E{offset + i}"}) for i, u in enumerate(units, 1)]
            evidence.update({u.key: u for u in units})
            scoped = yield from self.generate(parsed, scope, units)
            if scoped:
                answered = True
                sentences.extend(scoped)
            else:
                sentences.append(notice(self.cannot_answer(scope, len(scopes) > 1)))
        if not answered:
            # Keep the explanations (e.g. "Shropshire has no priority 8"), once, after the
            # plain statement that the documents do not say.
            explanations = [s for s in notices if CANNOT_ANSWER not in s.text]
            where = Scope(local_area=parsed.areas[0] if len(parsed.areas) == 1 else None)
            sentences = [notice(self.cannot_answer(where, False)), *explanations]
        texts = {u.doc_id: self.assistant.document(u.doc_id).text for u in evidence.values()}
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

    def scopes(self, parsed: ParsedQuestion) -> tuple[list[Scope], list[Sentence]]:
        """Resolve areas and local priority numbers into scopes to answer from."""
        if parsed.priority is None:
            if not parsed.areas:
                return [Scope()], []
            return [self.topic_scope(parsed, area) for area in parsed.areas], []
        table = {(p.local_area, p.number): p.title for p in self.assistant.priorities()}
        areas = parsed.areas or sorted({a for a, n in table if n == parsed.priority})
        scopes, notices = [], []
        if not parsed.areas and len(areas) > 1:
            notices.append(
                notice(
                    f"Priority numbers are local, so priority {parsed.priority} "
                    "is answered for each area separately."
                )
            )
        for area in areas:
            title = table.get((area, parsed.priority))
            if title is None:
                notices.append(
                    notice(f"The indexed documents for {area} have no priority {parsed.priority}.")
                )
                continue
            scopes.append(Scope(local_area=area, priority=parsed.priority, priority_title=title))
        return scopes, notices

    def topic_scope(self, parsed: ParsedQuestion, area: str) -> Scope:
        """Narrow an area's question to the priority it is about, when that is clear.

        Theme words in the question ("EHC plans", "SALT", "exclusions") pick the area's
        priorities on that theme; the title closest in meaning breaks ties. Without theme
        words, only a clear match in meaning narrows the scope.
        """
        priorities = self.assistant.priorities(area)
        topic = retrieval_query(parsed)
        if not priorities or not content_tokens(topic):
            return Scope(local_area=area)
        themes = [t for t in THEMES if theme_hits(t, topic)]
        mapper = ThemeMapper(None, {})
        candidates = {p.number: p for t in themes for p in mapper.map(t, priorities).get(area, [])}
        pool = list(candidates.values()) or priorities
        vectors = self.assistant.embedder.embed_documents([topic, *[p.title for p in pool]])
        scored = sorted(
            (
                (cosine(vectors[0], v) + 0.1 * sum(theme_hits(t, p.title) for t in themes), p)
                for v, p in zip(vectors[1:], pool, strict=True)
            ),
            key=lambda sp: sp[0],
            reverse=True,
        )
        best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else -1.0
        clear = best - runner_up >= TOPIC_MARGIN
        if (candidates and (len(pool) == 1 or clear)) or (best >= TOPIC_MATCH and clear):
            p = scored[0][1]
            return Scope(local_area=area, priority=p.number, priority_title=p.title, inferred=True)
        return Scope(local_area=area)

    def select(
        self, parsed: ParsedQuestion, scope: Scope, filters: SearchFilters | None
    ) -> list[Evidence]:
        """The evidence to answer from, or [] when the corpus does not answer."""
        base = (filters or SearchFilters()).model_copy(
            update={
                "local_area": scope.local_area or (filters.local_area if filters else None),
                "priority": scope.priority,
            }
        )
        query = retrieval_query(parsed, scope.priority_title)
        own = retrieval_query(parsed)
        if scope.local_area and scope.priority is not None:
            # The filter already pins the priority: rank by the question's own words.
            units = self.priority_units(parsed, scope, base, own if content_tokens(own) else query)
            if scope.inferred:
                # A guessed priority may be too narrow: let area-wide hits compete too.
                wider = base.model_copy(update={"priority": None})
                seen = {(u.doc_id, u.start) for u in units}
                extra = [
                    u
                    for u in self.finder.find(own, wider, chunks=6)
                    if (u.doc_id, u.start) not in seen
                ]
                units = self.order_for_intent(parsed, units + extra)
        else:
            units = self.finder.find(query, base, chunks=8, sections=INTENT_SECTIONS[parsed.intent])
        units = [u for u in units if not is_heading(u, scope.priority_title)]
        wanted = INTENT_SECTIONS[parsed.intent]
        if scope.priority is None and wanted and sum(u.section in wanted for u in units) >= 2:
            units = [u for u in units if u.section in wanted]
        units = specifics_first(parsed.text, units)
        if not units or not self.answerable(parsed, scope, units):
            return []
        limit = LLM_UNITS if self.chat else EXTRACTIVE_UNITS
        if scope.priority is not None:
            return units[:limit]  # already this priority's evidence for the asked section
        best = units[0].relevance
        return [u for u in units[:limit] if u.relevance >= best - RELATIVE_CUTOFF]

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

    @staticmethod
    def order_for_intent(parsed: ParsedQuestion, ranked: list[Evidence]) -> list[Evidence]:
        """Order scored units for the question: evidence questions want what happened."""
        if parsed.intent == Intent.impact:
            # Reported results first, then other reports, then plans' targets; open
            # questions from follow-up lists last.
            def tier(u: Evidence) -> int:
                if u.text.rstrip(" *").endswith("?"):
                    return 3
                if u.doc_type in PLANNING_TYPES:
                    return 2
                return 0 if is_measured(u.text) else 1

            return sorted(ranked, key=lambda u: (tier(u), -u.relevance))
        return sorted(ranked, key=lambda u: u.relevance, reverse=True)

    @staticmethod
    def answerable(parsed: ParsedQuestion, scope: Scope, units: list[Evidence]) -> bool:
        """Is the best evidence close enough to the question to answer from?"""
        top = " ".join(u.text for u in units[:3])
        if not specifics_covered(parsed.text, units[:3]):
            return False  # asks for a figure, year or reference this evidence does not give
        if scope.priority is not None:
            # The scope itself (this area's priority N, named or read from the topic) is
            # what was asked about; a topic guess still needs some evidence close to it.
            return not scope.inferred or max(u.relevance for u in units) >= MIN_RELEVANCE_TOPIC
        question = retrieval_query(parsed)
        best = max(u.relevance for u in units[:3])
        coverage = query_coverage(question, top)
        return (
            (best >= MIN_RELEVANCE and coverage >= MIN_COVERAGE)
            or (best >= STRONG_RELEVANCE and coverage >= MIN_COVERAGE_STRONG)
            or (best >= WEAK_RELEVANCE and coverage >= HIGH_COVERAGE)
        )

    def generate(
        self, parsed: ParsedQuestion, scope: Scope, units: list[Evidence]
    ) -> Generator[str, None, list[Sentence]]:
        """Write the scope's sentences; returns them (empty = cannot answer)."""
        by_key = {u.key: u for u in units}
        if self.chat is None:
            # Latest document first; within a document, reading order.
            ordered = sorted(units, key=lambda u: (_date_desc(u.date), u.doc_id, u.start))
            sentences = verbatim_sentences(ordered, self.checker)
            for s in sentences:
                yield s.text + " "
            return sentences
        prompt = load_prompt("ask", self.assistant.settings.paths.prompts_dir)
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
                    "so the passages themselves are shown."
                )
            ] + verbatim_sentences(units[:EXTRACTIVE_UNITS], self.checker)
        return checked

    @staticmethod
    def cannot_answer(scope: Scope, per_area: bool) -> str:
        where = f" for {scope.local_area}" if scope.local_area else ""
        if per_area:
            return f"{CANNOT_ANSWER} Nothing in the documents{where} answers this."
        return f"{CANNOT_ANSWER} None of the indexed documents{where} answers this question."


def _date_desc(date: str) -> tuple[int, ...]:
    """Sort key putting later dates first ('' last)."""
    return tuple(-int(part) for part in date.split("-") if part.isdigit()) or (1,)


_YEAR = re.compile(r"\b(20\d\d)(?:\s*/\s*(\d\d))?\b")
_IDENTIFIER = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{2,6}\b")  # MR6, 2A, 11F
_QUANTITY = re.compile(
    r"\b(?:how many|how much|how long|what (?:percentage|proportion|rate|number)|average|"
    r"waiting times?|figures?)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"\b(?:percentage|proportion|rate)\b", re.IGNORECASE)
_MONEY = re.compile(r"\b(?:cost|budget|spend|spent|funding)\b", re.IGNORECASE)
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per ?cent|weeks?|months?|days?|years?)|£\s?\d|"
    r"\b\d+\s+(?:\w+\s+){0,2}(?:children|young people|CYP|plans|EHCPs?|families|referrals|"
    r"staff|schools|responses|practitioners|posts|places|pupils|members|areas|actions|"
    r"priorities|weaknesses|bases|teams|settings|meetings)\b",
    re.IGNORECASE,
)


def specifics_first(question: str, units: list[Evidence]) -> list[Evidence]:
    """Put passages holding what the question asks for (a year, a sum, a figure) in front."""
    years = {m.group(1) for m in _YEAR.finditer(question)}
    quantity = bool(_QUANTITY.search(question))
    money = bool(_MONEY.search(question))

    def lacks(u: Evidence) -> tuple[bool, bool, bool]:
        has_year = any(y in u.text or u.date.startswith(y) for y in years)
        return (
            bool(years) and not has_year,
            money and "£" not in u.text,
            quantity and not _FIGURE.search(u.text),
        )

    return sorted(units, key=lacks)  # stable: relevance order within each group


def specifics_covered(question: str, units: list[Evidence]) -> bool:
    """Figures, years and references a question asks for must be in the evidence.

    Retrieval finds passages *about* the topic even when none holds the answer
    ("How many EHC plans did Torbay issue in 2023?"); these checks catch the
    common case where the specific thing asked for is simply not there.
    """
    text = " ".join(u.text for u in units)
    dated = " ".join(u.text + " " + u.date for u in units)
    if any(year not in dated for year in {m.group(1) for m in _YEAR.finditer(question)}):
        return False
    lowered = text.lower()
    for identifier in _IDENTIFIER.findall(question):
        if not _YEAR.fullmatch(identifier) and identifier.lower() not in lowered:
            return False
    if _QUANTITY.search(question):
        figures = [u for u in units if _FIGURE.search(u.text)]
        if not figures:
            return False
        if _SHARE.search(question) and not re.search(r"%|per ?cent", text):
            return False
        if _MONEY.search(question) and "£" not in text:
            return False
        asked = {m.group(1) for m in _YEAR.finditer(question)}
        if asked and not any(y in u.text or u.date.startswith(y) for u in figures for y in asked):
            return False
    return True
