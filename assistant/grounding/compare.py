"""Comparing areas on a theme, and finding where evidence of impact is missing.

Both are extractive: every cell is verbatim evidence with its citation, chosen
and ordered, so they are fast enough to run across all areas on a laptop and
cannot misstate a source. (A chat model would multiply minutes by areas and
sections on two CPU cores for little gain in a side-by-side table.)
"""

from __future__ import annotations

from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.citations import notice, resolve_citations
from assistant.grounding.compose import (
    SectionComposer,
    bullet_sentences,
    is_measured_impact,
    key_bullet,
    latest_per_action,
    newest_first,
)
from assistant.grounding.corpus import Corpus
from assistant.grounding.evidence import is_heading
from assistant.grounding.finder import EvidenceFinder
from assistant.grounding.priority_evidence import NoteSection, PriorityEvidence
from assistant.grounding.records import (
    Comparison,
    ComparisonRow,
    Evidence,
    GapReport,
    GapStatus,
    PriorityGaps,
    PriorityRef,
    Sentence,
)
from assistant.grounding.register_lines import Bullet
from assistant.grounding.render_evidence import clean
from assistant.grounding.support import SupportChecker
from assistant.grounding.themes import ThemeMapper, load_overrides, resolve_theme
from assistant.grounding.whole_units import group_duplicates, make_whole
from assistant.records import AreaPriority, SearchFilters

THEMES_FILE = "themes.json"
CELL_UNITS = 3
GAP_UNITS = 5
# Up to this many areas, a comparison shows each one, with or without a priority on the theme.
FEW_AREAS = 5


class Comparer:
    """Side-by-side, cited views across areas, and per-area evidence gaps."""

    def __init__(self, corpus: Corpus, checker: SupportChecker | None = None) -> None:
        self.corpus = corpus
        self.finder = EvidenceFinder(corpus)
        self.evidence = PriorityEvidence(self.finder)
        self.checker = checker or SupportChecker(corpus.embedder)
        self.composer = SectionComposer(corpus.document)

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

    def areas_on_theme(self, theme_text: str) -> list[str]:
        """The indexed areas with a priority on the theme (a key or words), by name."""
        theme, _ = resolve_theme(theme_text)
        mapping = self.mapper().map(theme, self.corpus.priorities())
        known = set(self.corpus.local_areas())
        return sorted(area for area, mapped in mapping.items() if mapped and area in known)

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
                composed = self.composer.compose(units)
                # An inspection report's findings sit outside its numbered areas: fill
                # cells with nothing quoted from the area's passages on the theme.
                composed = {
                    s: composed[s] if _quotes(composed[s]) else searched[s] for s in composed
                }
            else:
                composed = searched
            cells = {}
            for section, bullets in composed.items():
                chosen = [key_bullet(b, keyed) for b in _cell(bullets)]
                cells[section] = bullet_sentences(chosen, self.checker, headings=False) or [
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
        """Per priority, a verdict from statement kinds: measured, progress only, plans, nothing.

        Only measured impact reported by the area counts as measured: targets, future
        surveys and "no measurable evidence of impact yet" never do.
        """
        area = self.corpus.canonical_area(local_area)
        keyed: dict[str, Evidence] = {}
        report = []
        for p in self.corpus.priorities(area):
            units = make_whole(self.evidence.units(area, [p.number]), self.corpus.document)
            measured = [u for u in units if is_measured_impact(u)]
            progress = latest_per_action([u for u in units if u.kind is StatementKind.progress])
            plans = [u for u in units if u.kind is StatementKind.plan]
            status: GapStatus = (
                "measured"
                if measured
                else "progress_only"
                if progress
                else "plans_only"
                if plans
                else "nothing"
            )
            shown = {"measured": [], "progress_only": progress, "plans_only": plans}.get(status, [])
            report.append(
                PriorityGaps(
                    number=p.number,
                    title=p.title,
                    measured=self._sentences(newest_first(measured)[:GAP_UNITS], keyed),
                    activity_only=self._sentences(newest_first(shown)[:GAP_UNITS], keyed),
                    status=status,
                    verdict=VERDICTS[status],
                )
            )
        sentences = [s for g in report for s in g.measured + g.activity_only]
        return GapReport(
            local_area=area,
            priorities=report,
            citations=resolve_citations(sentences, keyed, self._texts(keyed)),
        )

    def _sentences(self, units: list[Evidence], keyed: dict[str, Evidence]) -> list[Sentence]:
        bullets = [key_bullet(b, keyed) for b in _bullets_of(units)]
        return bullet_sentences(bullets, self.checker, headings=False)

    # -- helpers --------------------------------------------------------------------

    def _areas(self, areas: list[str] | None, mapped: dict[str, list[AreaPriority]]) -> list[str]:
        """The asked areas in their indexed spelling. By default every area; with more than
        :data:`FEW_AREAS` indexed (the national library), the areas with a priority on it."""
        if not areas:
            known = set(self.corpus.local_areas())
            every = sorted(a for a in mapped if a in known)
            on_theme = [a for a in every if mapped[a]]
            return on_theme if len(every) > FEW_AREAS and on_theme else every
        return [self.corpus.canonical_area(a) for a in areas]

    def _by_search(self, query: str, area: str) -> dict[NoteSection, list[Bullet]]:
        found = self.finder.find(query, SearchFilters(local_area=area), chunks=8)
        return self.composer.compose([u for u in found if not is_heading(u)])

    def _texts(self, keyed: dict[str, Evidence]) -> dict[str, str]:
        return {u.doc_id: self.corpus.document(u.doc_id).text for u in keyed.values()}

    def _citations(self, rows: list[ComparisonRow], keyed: dict[str, Evidence]):  # type: ignore[no-untyped-def]
        sentences = [s for r in rows for s in r.actions + r.evidence + r.next_steps]
        return resolve_citations(sentences, keyed, self._texts(keyed))


VERDICTS: dict[GapStatus, str] = {
    "measured": "Measured impact reported.",
    "progress_only": "Progress reported, no measured impact.",
    "plans_only": "Plans only: no progress or measured impact reported.",
    "nothing": "Nothing in the documents on this priority.",
}


def _quotes(bullets: list[Bullet]) -> bool:
    return any(b.units for b in bullets)


def _cell(bullets: list[Bullet]) -> list[Bullet]:
    """A cell's first few quoted lines, keeping the notices that frame them."""
    out, quoted = [], 0
    for bullet in bullets:
        if bullet.units and not bullet.derived:
            if quoted == CELL_UNITS:
                continue
            quoted += 1
        out.append(bullet)
    return out


def _bullets_of(units: list[Evidence]) -> list[Bullet]:
    return [Bullet(text=clean(g[0].text), units=g) for g in group_duplicates(units)]
