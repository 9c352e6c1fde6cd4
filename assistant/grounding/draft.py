"""Drafting the three per-priority sections of a review-meeting note, every sentence cited.

With a chat model each section is written in the neutral style of a DfE note
from that section's evidence, then checked sentence by sentence; a section
whose wording cannot be verified falls back to the evidence itself. Without a
model (extractive) the section is the evidence, latest document first, with
planned actions set against reported progress. Thin evidence of impact is said
plainly rather than padded.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

from assistant.dates import normalise_date
from assistant.domain.doc_types import PLANNING_TYPES, doc_type_label
from assistant.errors import AssistantError
from assistant.grounding.citations import (
    check_sentences,
    notice,
    resolve_citations,
    split_generated,
    verbatim_sentences,
)
from assistant.grounding.corpus import Corpus
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.priority_evidence import (
    NOTE_SECTIONS,
    SECTION_TITLES,
    NoteSection,
    PriorityEvidence,
    is_measured,
)
from assistant.grounding.prompts import load_prompt
from assistant.grounding.records import Draft, DraftSections, Evidence, Sentence
from assistant.grounding.render_evidence import evidence_block
from assistant.grounding.support import SupportChecker
from assistant.llm.base import ChatModel
from assistant.records import DocumentInfo

GUIDANCE: dict[NoteSection, str] = {
    "progress": "Say what has been done. Set actions planned in the WSoA or plan against the "
    "progress the latest notes report.",
    "impact": "Report only differences made for children, young people and families, with the "
    "figures given. Do not describe activity as impact.",
    "next_steps": "List the next steps and follow-up points the documents name.",
}
NO_IMPACT = "The documents report no evidence of impact for this priority yet."
THIN_IMPACT = (
    "No measurable evidence of impact (figures, surveys or audits) is reported for this "
    "priority at this stage; the points above describe activity."
)
LLM_UNITS_PER_SECTION = 6


class Drafter:
    """Writes note sections for an area's priority from all of the area's documents."""

    def __init__(
        self,
        corpus: Corpus,
        chat: ChatModel | None = None,
        checker: SupportChecker | None = None,
    ) -> None:
        self.corpus = corpus
        self.chat = chat
        self.checker = checker or SupportChecker(corpus.embedder)
        self.evidence = PriorityEvidence(EvidenceFinder(corpus))

    def draft(self, local_area: str, priority: int, as_of: str | None = None) -> Draft:
        result = None
        for event in self.stream(local_area, priority, as_of):
            if isinstance(event, Draft):
                result = event
        assert result is not None
        return result

    def priority_title(self, local_area: str, priority: int) -> str:
        for p in self.corpus.priorities(local_area):
            if p.number == priority:
                return p.title
        known = ", ".join(str(p.number) for p in self.corpus.priorities(local_area))
        raise AssistantError(
            f"{local_area} has no priority {priority} in the indexed documents"
            + (f" (it has {known})." if known else ". Check the area name with `wsoa docs`.")
        )

    def check_as_of(self, area: str, as_of: str | None) -> list[DocumentInfo]:
        """The area's documents dated up to ``as_of``; an error when there are none.

        A date before every document would otherwise give a draft of empty sections.
        """
        every = [d for d in self.corpus.documents() if d.local_area == area]
        if not as_of:
            return every
        try:
            as_of = normalise_date(as_of)
        except ValueError as error:
            raise AssistantError(f"Documents up to: {error}.") from None
        kept = [d for d in every if d.date and d.date[: len(as_of)] <= as_of]
        if every and not kept:
            earliest = min((d for d in every if d.date), key=lambda d: d.date, default=every[0])
            raise AssistantError(
                f"No {area} document is dated on or before {as_of}: the earliest is "
                f"{earliest.title} ({earliest.date or 'undated'}). Choose a later date or "
                "leave 'documents up to' empty."
            )
        return kept

    def stream(
        self, local_area: str, priority: int, as_of: str | None = None
    ) -> Iterator[str | Draft]:
        """Yield progress text while writing, then the checked Draft."""
        area = self.corpus.canonical_area(local_area)
        self.check_as_of(area, as_of)
        title = self.priority_title(area, priority)
        units = self.evidence.units(area, [priority], as_of)
        grouped = self.evidence.by_section(units)
        keyed: dict[str, Evidence] = {}
        sections: dict[NoteSection, list[Sentence]] = {}
        for section in NOTE_SECTIONS:
            chosen = grouped[section]
            if self.chat:
                chosen = chosen[:LLM_UNITS_PER_SECTION]
            chosen = [
                u.model_copy(update={"key": f"E{len(keyed) + i}"}) for i, u in enumerate(chosen, 1)
            ]
            keyed.update({u.key: u for u in chosen})
            yield f"\n## {SECTION_TITLES[section]}\n"
            written = yield from self._write(
                section, chosen, f"{area}, priority {priority}: {title}"
            )
            sections[section] = written + self._impact_notice(section, chosen)
        texts = {u.doc_id: self.corpus.document(u.doc_id).text for u in keyed.values()}
        all_sentences = [s for ss in sections.values() for s in ss]
        yield Draft(
            local_area=area,
            priority=priority,
            priority_title=title,
            as_of=as_of,
            sections=DraftSections(**sections),
            citations=resolve_citations(all_sentences, keyed, texts),
            backend=self.chat.name if self.chat else "extractive",
        )

    # -- steps ----------------------------------------------------------------------

    def _write(
        self, section: NoteSection, units: list[Evidence], scope: str
    ) -> Generator[str, None, list[Sentence]]:
        if not units:
            return []
        if self.chat is None:
            sentences = self._extractive(units)
            for s in sentences:
                yield f"- {s.text}\n"
            return sentences
        prompt = load_prompt("draft", self.corpus.settings.paths.prompts_dir)
        system, user = prompt.render(
            section_title=SECTION_TITLES[section],
            scope=scope,
            evidence=evidence_block(units),
            keys=", ".join(u.key for u in units),
            guidance=GUIDANCE[section],
        )
        pieces = []
        for piece in self.chat.stream(system, user):
            pieces.append(piece)
            yield piece
        checked = check_sentences(
            split_generated("".join(pieces)), {u.key: u for u in units}, self.checker
        )
        if not any(s.supported for s in checked):
            return [
                notice(
                    "The model's wording could not be checked against the sources, so "
                    "the passages themselves are shown.",
                    exportable=False,
                )
            ] + self._extractive(units)
        return checked

    def _extractive(self, units: list[Evidence]) -> list[Sentence]:
        """Verbatim evidence, grouped under 'Planned in …' / 'Reported in …' lines."""
        out: list[Sentence] = []
        current = None
        for unit in units:
            if unit.doc_id != current:
                current = unit.doc_id
                verb = "Planned in" if unit.doc_type in PLANNING_TYPES else "Reported in"
                label = doc_type_label(unit.doc_type)
                out.append(notice(f"{verb} the {label} ({unit.date}):"))
            out.extend(verbatim_sentences([unit], self.checker))
        return out

    @staticmethod
    def _impact_notice(section: NoteSection, units: list[Evidence]) -> list[Sentence]:
        if section != "impact":
            return []
        if not units:
            return [notice(NO_IMPACT)]
        if not any(is_measured(u.text) for u in units):
            return [notice(THIN_IMPACT)]
        return []
