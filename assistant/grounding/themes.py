"""Themes that line up each area's locally numbered priorities.

The mapping is derived from each priority's own title (keywords first, then
meaning), and a corpus file ``themes.json`` can override it per theme and area:
``{"overrides": {"joint_commissioning": {"Torbay": [7]}}}``. An override of
``[]`` says an area has no priority on that theme.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.errors import AssistantError
from assistant.index.embedder import cosine
from assistant.index.glossary import expand_query
from assistant.records import AreaPriority


class Theme(BaseModel):
    key: str
    title: str
    keywords: list[str]  # regexes matched against a priority title, case-insensitive
    description: str


THEMES: list[Theme] = [
    Theme(
        key="leadership_governance",
        title="Strategic leadership, governance and self-evaluation",
        keywords=[r"leadership", r"governance", r"strateg", r"self-evaluation", r"oversight"],
        description="strategic leadership governance self-evaluation oversight of SEND",
    ),
    Theme(
        key="data_performance",
        title="Data and performance information",
        keywords=[r"\bdata\b", r"performance information", r"\bintelligence\b"],
        description="use of data and performance information to plan services",
    ),
    Theme(
        key="joint_commissioning",
        title="Joint commissioning",
        keywords=[r"commission"],
        description="joint commissioning of services",
    ),
    Theme(
        key="health_input",
        title="Health services' input",
        keywords=[r"health services", r"health input", r"\bhealth\b.*\binput\b"],
        description="inclusion of health services input into SEND plans",
    ),
    Theme(
        key="neurodevelopmental",
        title="Neurodevelopmental (ASD/ADHD) pathways and waits",
        keywords=[r"\bASD\b", r"ADHD", r"autis", r"neuro", r"\bND\b"],
        description="autism ADHD neurodevelopmental diagnostic pathway waiting times",
    ),
    Theme(
        key="speech_language",
        title="Speech, language and communication",
        keywords=[r"speech", r"language", r"\bSLCN\b", r"\bSALT\b", r"\bSLT\b"],
        description="speech and language therapy waiting times SLCN",
    ),
    Theme(
        key="ehc_plans",
        title="EHC assessment, plan quality, timeliness and annual reviews",
        keywords=[
            r"\bEHC",
            r"annual review",
            r"assessment and planning",
            r"timeliness",
            r"quality of (?:input|EHC)",
        ],
        description="EHC needs assessment plan quality timeliness annual reviews",
    ),
    Theme(
        key="exclusions_inclusion",
        title="Exclusions, inclusion and alternative provision",
        keywords=[r"exclusion", r"alternative provision", r"inclusion"],
        description="exclusions inclusion alternative provision",
    ),
    Theme(
        key="graduated_response",
        title="Graduated response in schools",
        keywords=[r"graduated", r"identification", r"SEN support"],
        description="graduated response identification of needs in schools",
    ),
    Theme(
        key="coproduction",
        title="Co-production and communication with families",
        keywords=[r"co-?produc", r"communication with", r"engagement with", r"voice"],
        description="co-production and communication with parents carers and families",
    ),
    Theme(
        key="joint_working",
        title="Joint working between services",
        keywords=[r"joint working", r"collaborat", r"partnership working"],
        description="joint working between education health and care services",
    ),
    Theme(
        key="preparation_for_adulthood",
        title="Preparation for adulthood and post-16",
        keywords=[r"adulthood", r"\bPfA\b", r"post-?16", r"transition"],
        description="preparation for adulthood post-16 transition employment",
    ),
    Theme(
        key="local_offer",
        title="Local offer",
        keywords=[r"local offer"],
        description="the local offer website information",
    ),
    Theme(
        key="workforce_capacity",
        title="Capacity and workforce",
        keywords=[r"capacity", r"workforce", r"resilience"],
        description="capacity of area teams workforce resilience",
    ),
]
THEMES_BY_KEY = {t.key: t for t in THEMES}
SEMANTIC_THRESHOLD = 0.5


def _squash(text: str) -> str:
    """'Co-production', 'co_production' and 'coproduction' compare equal."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def get_theme(key: str) -> Theme:
    """The theme a key or a phrase names ("ehc_plans", "EHC plan quality", "SALT waits")."""
    return resolve_theme(key)[0]


def resolve_theme(text: str) -> tuple[Theme, str]:
    """The theme ``text`` names, and a note saying how a phrase was read ("" for a key).

    A key or title matches exactly (ignoring case, spaces and hyphens); otherwise
    the theme whose keywords and description share most with the phrase wins.
    """
    squashed = _squash(text)
    for theme in THEMES:
        if squashed in (_squash(theme.key), _squash(theme.title)):
            return theme, ""
    words = set(re.findall(r"[a-z0-9]+", expand_query(text).lower())) - _STOP
    best: tuple[float, Theme] | None = None
    for theme in THEMES:
        described = set(re.findall(r"[a-z0-9]+", f"{theme.title} {theme.description}".lower()))
        score = theme_hits(theme, text) + len(words & described) / max(len(words), 1)
        if score > 0 and (best is None or score > best[0]):
            best = (score, theme)
    if best is None:
        raise AssistantError(
            f"No theme matches '{text}'. Run `wsoa themes` to list them: "
            + ", ".join(THEMES_BY_KEY)
        )
    theme = best[1]
    return theme, f"“{text.strip()}” read as the theme “{theme.title}” ({theme.key})."


_STOP = frozenset(
    ("the", "and", "of", "a", "an", "in", "on", "for", "to", "with", "our", "how", "what", "is")
)


def load_overrides(path: Path) -> dict[str, dict[str, list[int]]]:
    """Per theme, per area: the priority numbers a person has set by hand."""
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        overrides = raw.get("overrides", {})
        return {
            t: {a: [int(n) for n in ns] for a, ns in areas.items()}
            for t, areas in overrides.items()
        }
    except (ValueError, AttributeError, TypeError) as error:
        raise AssistantError(
            f"{path}: not a valid themes file ({error}). Expected "
            '{"overrides": {"theme_key": {"Area": [numbers]}}}.'
        ) from error


def theme_hits(theme: Theme, title: str) -> int:
    """How many of the theme's keywords a title matches."""
    return sum(bool(re.search(k, title, re.IGNORECASE)) for k in theme.keywords)


class ThemeMapper:
    """Maps each theme to each area's priorities."""

    def __init__(self, embedder: Embeddings | None, overrides: dict[str, dict[str, list[int]]]):
        self.embedder = embedder
        self.overrides = overrides

    def map(self, theme: Theme, priorities: list[AreaPriority]) -> dict[str, list[AreaPriority]]:
        """Area -> the priorities on ``theme`` (override, else keywords, else meaning)."""
        by_area: dict[str, list[AreaPriority]] = {}
        for p in priorities:
            by_area.setdefault(p.local_area, [])
        for area in by_area:
            own = [p for p in priorities if p.local_area == area]
            manual = self.overrides.get(theme.key, {}).get(area)
            if manual is not None:
                by_area[area] = [p for p in own if p.number in manual]
                continue
            by_area[area] = self._automatic(theme, own)
        return by_area

    def _automatic(self, theme: Theme, own: list[AreaPriority]) -> list[AreaPriority]:
        counts = {p.number: theme_hits(theme, p.title) for p in own}
        best = max(counts.values(), default=0)
        if best:
            # Keep the priorities that are mainly about the theme, not those that touch it.
            return [p for p in own if counts[p.number] * 2 >= best and counts[p.number]]
        if self.embedder is None or not own:
            return []
        vectors = self.embedder.embed_documents([theme.description, *[p.title for p in own]])
        scored = [(cosine(vectors[0], v), p) for v, p in zip(vectors[1:], own, strict=True)]
        return [p for s, p in scored if s >= SEMANTIC_THRESHOLD]
