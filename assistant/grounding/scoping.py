"""Which slice of the corpus a question is about: an area, and maybe one of its priorities.

Priority numbers are local, so "priority 5" without an area is answered per
area; a question about a topic ("EHC plans", "SALT waits") is narrowed to the
area's priority on that topic when the match is clear. A question across areas
("Which areas were told to improve EHC plan timeliness?") is answered area by area, for
the areas whose own priority (an inspection's area for improvement) is on its topic.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.grounding.citations import name_list, notice
from assistant.grounding.corpus import Corpus
from assistant.grounding.query import ParsedQuestion, retrieval_query
from assistant.grounding.records import Sentence
from assistant.grounding.support import content_tokens
from assistant.grounding.themes import THEMES, ThemeMapper, theme_hits
from assistant.index.embedder import cosine

TOPIC_MATCH = 0.5
TOPIC_MARGIN = 0.01
# "Which areas ...", "what other areas ...", "across all areas": not "areas for improvement".
CROSS_AREA = re.compile(
    r"\b(?:which|what|other)\s+(?:other\s+)?(?:local\s+)?areas\b(?!\s+(?:of|for)\b)|"
    r"\bacross\s+(?:the\s+|all\s+)?(?:local\s+)?areas\b",
    re.IGNORECASE,
)
MAX_AREAS = 6


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


class ScopeResolver:
    """Resolves a parsed question's areas and local priority numbers into scopes."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def scopes(self, parsed: ParsedQuestion) -> tuple[list[Scope], list[Sentence]]:
        """Resolve areas and local priority numbers into scopes to answer from."""
        if parsed.priority is None:
            if not parsed.areas and CROSS_AREA.search(parsed.text):
                across = self.across_areas(parsed)
                if len(across) > 1:
                    return across, [
                        notice(
                            f"Answered area by area for the {len(across)} areas whose own "
                            "priority is closest to the question, best match first."
                        )
                    ]
            if not parsed.areas:
                return [Scope()], []
            return [self.topic_scope(parsed, area) for area in parsed.areas], []
        table = {(p.local_area, p.number): p.title for p in self.corpus.priorities()}
        areas = parsed.areas or sorted({a for a, n in table if n == parsed.priority})
        scopes, notices = [], []
        if not parsed.areas and len(areas) > 1:
            notices.append(
                notice(
                    f"Priority numbers are local, so priority {parsed.priority} "
                    "is answered for each area separately."
                )
            )
        missing = []
        for area in areas:
            title = table.get((area, parsed.priority))
            if title is None:
                missing.append(area)
                continue
            scopes.append(Scope(local_area=area, priority=parsed.priority, priority_title=title))
        if missing:
            names = name_list(missing)
            notices.append(
                notice(f"The indexed documents for {names} have no priority {parsed.priority}.")
            )
        return scopes, notices

    def across_areas(self, parsed: ParsedQuestion) -> list[Scope]:
        """The areas a search for the question's topic finds inside one of their priorities,
        in rank order, each narrowed to its priority on the topic (areas without one are left
        out), at most :data:`MAX_AREAS`."""
        topic = re.sub(r"\s+", " ", CROSS_AREA.sub(" ", retrieval_query(parsed))).strip()
        scopes: list[Scope] = []
        seen: set[str] = set()
        for result in self.corpus.search(topic, k=40):
            area = result.chunk.local_area
            if result.chunk.priority is None or area in seen:
                continue
            seen.add(area)
            scope = self.topic_scope(parsed.model_copy(update={"text": topic}), area)
            if scope.priority is not None:
                scopes.append(scope)
            if len(scopes) == MAX_AREAS:
                break
        return scopes

    def topic_scope(self, parsed: ParsedQuestion, area: str) -> Scope:
        """Narrow an area's question to the priority it is about, when that is clear.

        Theme words in the question ("EHC plans", "SALT", "exclusions") pick the area's
        priorities on that theme; the title closest in meaning breaks ties. Without theme
        words, only a clear match in meaning narrows the scope.
        """
        priorities = self.corpus.priorities(area)
        topic = retrieval_query(parsed)
        if not priorities or not content_tokens(topic):
            return Scope(local_area=area)
        themes = [t for t in THEMES if theme_hits(t, topic)]
        mapper = ThemeMapper(None, {})
        candidates = {p.number: p for t in themes for p in mapper.map(t, priorities).get(area, [])}
        pool = list(candidates.values()) or priorities
        vectors = self.corpus.embedder.embed_documents([topic, *[p.title for p in pool]])
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
