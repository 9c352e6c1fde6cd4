"""Comparing areas on a theme, and finding where evidence of impact is missing.

Both are extractive: every cell is verbatim evidence with its citation, chosen
and ordered, so they are fast enough to run across all areas on a laptop and
cannot misstate a source. (A chat model would multiply minutes by areas and
sections on two CPU cores for little gain in a side-by-side table.)
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.grounding.citations import notice, resolve_citations, verbatim_sentences
from assistant.grounding.corpus import Corpus
from assistant.grounding.evidence import is_heading
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.priority_evidence import (
    SOURCES,
    NoteSection,
    PriorityEvidence,
    is_measured,
    reports_impact,
)
from assistant.grounding.records import (
    Comparison,
    ComparisonRow,
    Evidence,
    GapReport,
    PriorityGaps,
    PriorityRef,
)
from assistant.grounding.support import SupportChecker
from assistant.grounding.themes import ThemeMapper, load_overrides, resolve_theme
from assistant.records import SearchFilters, SectionKind

THEMES_FILE = "themes.json"
# Where a theme's passages sit when no priority holds them (inspection reports, intros).
SEARCH_SOURCES: dict[NoteSection, set[SectionKind]] = {
    "progress": SOURCES["progress"] | {SectionKind.findings, SectionKind.general_update},
    "impact": SOURCES["impact"] | {SectionKind.findings},
    "next_steps": SOURCES["next_steps"] | {SectionKind.areas_for_improvement},
}
CELL_UNITS = 3


class Comparer:
    """Side-by-side, cited views across areas, and per-area evidence gaps."""

    def __init__(self, corpus: Corpus, checker: SupportChecker | None = None) -> None:
        self.corpus = corpus
        self.finder = EvidenceFinder(corpus)
        self.evidence = PriorityEvidence(self.finder)
        self.checker = checker or SupportChecker(corpus.embedder)

    def mapper(self) -> ThemeMapper:
        overrides = load_overrides(self.corpus.settings.paths.corpus_dir / THEMES_FILE)
        return ThemeMapper(self.corpus.embedder, overrides)

    def theme_map(self) -> dict[str, dict[str, list[PriorityRef]]]:
        """Theme -> area -> priorities, for `wsoa themes` and the UI."""
        from assistant.grounding.themes import THEMES

        priorities = self.corpus.priorities()
        mapper = self.mapper()
        return {
            t.key: {
                area: [PriorityRef(number=p.number, title=p.title) for p in ps]
                for area, ps in mapper.map(t, priorities).items()
            }
            for t in THEMES
        }

    def compare(self, theme_key: str, areas: list[str] | None = None) -> Comparison:
        theme, theme_note = resolve_theme(theme_key)
        mapping = self.mapper().map(theme, self.corpus.priorities())
        wanted = self._areas(areas, mapping)
        keyed: dict[str, Evidence] = {}
        rows = []
        for area in wanted:
            mapped = mapping.get(area, [])
            searched = self._by_search(theme.description, area)
            if mapped:
                units = self.evidence.units(area, [p.number for p in mapped])
                grouped = self.evidence.by_section(units, per_document=2, limit=CELL_UNITS)
                # An inspection report's findings sit outside its numbered areas: fill
                # empty cells from the area's passages on the theme.
                grouped = {s: grouped[s] or searched[s] for s in grouped}
            else:
                grouped = searched
            cells = {}
            for section, chosen in grouped.items():
                chosen = [
                    u.model_copy(update={"key": f"E{len(keyed) + i}"})
                    for i, u in enumerate(chosen, 1)
                ]
                keyed.update({u.key: u for u in chosen})
                cells[section] = verbatim_sentences(chosen, self.checker) or [
                    notice("The documents say nothing on this for this area.")
                ]
            if not mapped:
                cells["progress"].insert(
                    0, notice(f"{area} has no priority on this theme; closest passages shown.")
                )
            rows.append(
                ComparisonRow(
                    local_area=area,
                    priorities=[PriorityRef(number=p.number, title=p.title) for p in mapped],
                    actions=cells["progress"],
                    evidence=cells["impact"],
                    next_steps=cells["next_steps"],
                )
            )
        return Comparison(
            theme=theme.key,
            theme_title=theme.title,
            theme_note=theme_note,
            rows=rows,
            citations=self._citations(rows, keyed),
        )

    def gaps(self, local_area: str) -> GapReport:
        area = self.corpus.canonical_area(local_area)
        keyed: dict[str, Evidence] = {}
        report = []
        for p in self.corpus.priorities(area):
            units = self.evidence.units(area, [p.number])
            impact = self.evidence.by_section(units, per_document=4, limit=10)["impact"]
            impact = [
                u.model_copy(update={"key": f"E{len(keyed) + i}"}) for i, u in enumerate(impact, 1)
            ]
            keyed.update({u.key: u for u in impact})
            measured = verbatim_sentences([u for u in impact if is_measured(u.text)], self.checker)
            activity = verbatim_sentences(
                [u for u in impact if not is_measured(u.text)], self.checker
            )
            report.append(
                PriorityGaps(
                    number=p.number,
                    title=p.title,
                    measured=measured,
                    activity_only=activity,
                    verdict=_verdict(len(measured), len(activity)),
                )
            )
        sentences = [s for g in report for s in g.measured + g.activity_only]
        return GapReport(
            local_area=area,
            priorities=report,
            citations=resolve_citations(sentences, keyed, self._texts(keyed)),
        )

    # -- helpers --------------------------------------------------------------------

    def _areas(self, areas: list[str] | None, mapped: Iterable[str]) -> list[str]:
        """The asked areas in their indexed spelling; by default every area in the mapping."""
        if not areas:
            known = set(self.corpus.local_areas())
            return sorted(a for a in mapped if a in known)
        return [self.corpus.canonical_area(a) for a in areas]

    def _by_search(self, query: str, area: str) -> dict[NoteSection, list[Evidence]]:
        found = self.finder.find(query, SearchFilters(local_area=area), chunks=8)
        found = [u for u in found if not is_heading(u)]

        def impact_like(u: Evidence) -> bool:
            return is_measured(u.text) or reports_impact(u.text)

        cells: dict[NoteSection, list[Evidence]] = {}
        for section, kinds in SEARCH_SOURCES.items():
            pool = [u for u in found if u.section in kinds]
            if section == "impact":
                pool = [u for u in pool if u.section != SectionKind.findings or impact_like(u)]
            elif section == "progress":
                pool = [u for u in pool if u.section != SectionKind.findings or not impact_like(u)]
            cells[section] = pool[:CELL_UNITS]
        return cells

    def _texts(self, keyed: dict[str, Evidence]) -> dict[str, str]:
        return {u.doc_id: self.corpus.document(u.doc_id).text for u in keyed.values()}

    def _citations(self, rows: list[ComparisonRow], keyed: dict[str, Evidence]):  # type: ignore[no-untyped-def]
        sentences = [s for r in rows for s in r.actions + r.evidence + r.next_steps]
        return resolve_citations(sentences, keyed, self._texts(keyed))


def _verdict(measured: int, activity: int) -> str:
    if measured and activity:
        return "Some measured evidence of impact; other points report activity only."
    if measured:
        return "Measured evidence of impact reported."
    if activity:
        return "Activity reported, but no measured evidence of impact."
    return "No evidence of impact reported."
