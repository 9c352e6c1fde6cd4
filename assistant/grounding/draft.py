"""Drafting the three per-priority sections of a review-meeting note, every sentence cited.

What each section says is chosen by statement kind and the action register
(:mod:`assistant.grounding.compose`): reported progress, measured impact (or a
plain line that there is none, then what is planned), next steps and actions
behind schedule. Without a model (extractive) each chosen line is quoted whole
under the document it comes from. With a chat model the same lines are worded
in the style of a DfE note and checked sentence by sentence; a section whose
wording cannot be verified falls back to the lines themselves.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

from assistant.dates import normalise_date
from assistant.errors import AssistantError
from assistant.grounding.citations import (
    check_sentences,
    resolve_citations,
    split_generated,
)
from assistant.grounding.compose import SectionComposer, bullet_sentences, key_bullet
from assistant.grounding.corpus import Corpus
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.priority_evidence import (
    NOTE_SECTIONS,
    SECTION_TITLES,
    NoteSection,
    PriorityEvidence,
)
from assistant.grounding.prompts import load_prompt
from assistant.grounding.records import Draft, DraftSections, Evidence, Sentence
from assistant.grounding.register_lines import Bullet
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
        docs = self.check_as_of(area, as_of)
        title = self.priority_title(area, priority)
        units = self.evidence.units(area, [priority], as_of)
        up_to = as_of or max((d.date for d in docs if d.date), default="")[:7]
        actions = [
            a
            for a in self.corpus.actions(area, priority)
            if not as_of or a.date[: len(as_of)] <= as_of
        ]
        composed = SectionComposer(self.corpus.document).compose(
            units, actions, up_to=up_to, overdue_at=up_to[:7] or None
        )
        keyed: dict[str, Evidence] = {}
        sections: dict[NoteSection, list[Sentence]] = {}
        for section in NOTE_SECTIONS:
            bullets = [key_bullet(b, keyed) for b in composed[section]]
            yield f"\n## {SECTION_TITLES[section]}\n"
            written = yield from self._write(
                section, bullets, f"{area}, priority {priority}: {title}"
            )
            sections[section] = written
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
        self, section: NoteSection, bullets: list[Bullet], scope: str
    ) -> Generator[str, None, list[Sentence]]:
        if not bullets:
            return []
        quoted = [b for b in bullets if b.units and not b.derived]
        if self.chat is None or not quoted:
            sentences = self._extractive(bullets)
            for s in sentences:
                yield f"- {s.text}\n"
            return sentences
        # The model words the quoted lines; register counts and notices stay as composed.
        units = [b.units[0] for b in quoted][:LLM_UNITS_PER_SECTION]
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
        fixed = self._extractive([b for b in bullets if b.derived or not b.units])
        if not any(s.supported for s in checked):
            return self._extractive(bullets)
        return fixed + checked

    def _extractive(self, bullets: list[Bullet]) -> list[Sentence]:
        """Each bullet as a sentence citing its sources, under 'Reported in …' lines."""
        return bullet_sentences(bullets, self.checker)
