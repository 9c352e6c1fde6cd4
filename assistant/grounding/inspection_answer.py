"""Answers read from an inspection report's structure, not from ranked passages.

"What must Bolton improve?", "What did inspectors ask Bolton to do?", "Bolton's areas
for improvement": the answer is the report's own lists, every item, the areas for
priority action and the areas for improvement kept apart and labelled, each item its
opening sentence cited to its exact span. "Which areas were told to improve EHC plan
timeliness?" reads every report's items and lists each area with an item on the topic,
counted, not the first few a search returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding.citations import (
    answer_text,
    check_sentences,
    notice,
    resolve_citations,
)
from assistant.grounding.corpus import Corpus
from assistant.grounding.records import Answer, Evidence, Sentence
from assistant.grounding.support import SupportChecker, content_tokens
from assistant.index.embedder import cosine
from assistant.records import DocType, Document, DocumentInfo, PriorityMention
from assistant.structure.inspection_areas import (
    AREA_BULLETS,
    RUNNING_HEADER,
    AreaKind,
    find_inspection_areas,
)
from assistant.structure.text import split_lines

KIND_LABELS: dict[AreaKind, tuple[str, str]] = {
    "priority_action": ("area for priority action", "areas for priority action"),
    "improvement": ("area for improvement", "areas for improvement"),
}
#: An item's opening is its first sentences up to at least this many characters.
OPENING_CHARS = 40
#: An item's opening this close in meaning to the asked topic is on it.
TOPIC_SIMILARITY = 0.6
_SENTENCE_END = re.compile(r"[.!?](?=[’”')]?(?:\s+[A-Z(‘“]|\s*$))")
_GLYPH = f"[{re.escape(AREA_BULLETS)}]"
_LINE_BULLET = re.compile(rf"^\s*{_GLYPH}\s*", re.MULTILINE)
_FIRST_SUB_POINT = re.compile(rf"(?<=:)\s*\n\s*{_GLYPH}\s*")
# Later sub-points: a semicolon unless the point before already ends with one or a
# joining word ("…locally; and" + "ensuring …").
_LATER_SUB_POINT = re.compile(rf"(?<![;:.,])(?<!\band)(?<!\bor)\s*\n\s*{_GLYPH}\s*")


@dataclass(frozen=True)
class InspectionItem:
    """One area for priority action or improvement, as a citable opening."""

    kind: AreaKind
    number: int  # the area's place in the report's reading order
    start: int  # the opening's span in the canonical text
    end: int
    text: str  # the opening as a reader sees it: whitespace tidied, bullets dropped
    whole: str  # the area's whole text, tidied (for matching a topic)
    area_end: int  # where the whole area ends in the canonical text


def inspection_items(document: Document) -> list[InspectionItem]:
    """Every area of an inspection report, in reading order."""
    text = document.text
    items = []
    for area in find_inspection_areas(split_lines(text), DocType.inspection_report):
        end = _opening_end(text, area.start, area.end)
        items.append(
            InspectionItem(
                kind=area.kind,
                number=area.number,
                start=area.start,
                end=end,
                text=readable(text[area.start : end]),
                whole=readable(text[area.start : area.end]),
                area_end=area.end,
            )
        )
    return items


def _opening_end(text: str, start: int, end: int) -> int:
    """End of the first whole sentences of ``text[start:end]`` reaching OPENING_CHARS."""
    for match in _SENTENCE_END.finditer(text, start, end):
        if len(readable(text[start : match.end()])) >= OPENING_CHARS:
            return match.end()
    return end


def readable(raw: str) -> str:
    """A span as one line: page headers dropped, sub-points after a lead-in separated by
    semicolons (their glyphs dropped), whitespace collapsed."""
    lines = [ln for ln in raw.replace("\f", "\n").split("\n") if not RUNNING_HEADER.match(ln)]
    text = _FIRST_SUB_POINT.sub(" ", "\n".join(lines))
    text = _LATER_SUB_POINT.sub("; ", text)
    return re.sub(r"\s+", " ", _LINE_BULLET.sub("", text)).strip()


_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def month_year(date: str) -> str:
    """ "2024-07-12" -> "July 2024"; a bare year stays; "" -> "date unknown"."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0] or "date unknown"


#: Parsed areas per (document, content hash): a report is parsed once per process.
_PARSED: dict[tuple[str, str], list[InspectionItem]] = {}


def _stems(text: str) -> str:
    """Words cut to their first five letters, space-joined: "preparing for adulthood" and
    "preparation for adulthood" read alike (a crude stem, enough to find a phrase)."""
    return " " + " ".join(w[:5] for w in re.findall(r"[a-z0-9]+", text.lower())) + " "


class InspectionAnswers:
    """Builds answers from the areas of the indexed inspection reports."""

    def __init__(self, corpus: Corpus, checker: SupportChecker) -> None:
        self.corpus = corpus
        self.checker = checker

    def reports(self, local_area: str | None = None) -> list[DocumentInfo]:
        """Inspection reports, newest first (one area's when given)."""
        found = [
            d
            for d in self.corpus.documents()
            if d.doc_type is DocType.inspection_report
            and (local_area is None or d.local_area == local_area)
        ]
        return sorted(found, key=lambda d: d.date, reverse=True)

    def items(self, info: DocumentInfo) -> list[InspectionItem]:
        key = (info.doc_id, info.content_hash)
        if key not in _PARSED:
            if len(_PARSED) > 500:
                _PARSED.clear()
            _PARSED[key] = inspection_items(self.corpus.document(info.doc_id))
        return _PARSED[key]

    # -- "What must X improve?" --------------------------------------------------------

    def must_improve(self, question: str, local_area: str, backend: str) -> Answer | None:
        """The area's latest inspection's areas, every one, labelled; None without one."""
        reports = [r for r in self.reports(local_area) if self.items(r)]
        if not reports:
            return None
        report = reports[0]
        items = self.items(report)
        evidence = {
            f"E{i}": self._unit(f"E{i}", report, item.start, item.end, item.number, item.text)
            for i, item in enumerate(items, 1)
        }
        counts: dict[AreaKind, int] = {
            kind: sum(1 for item in items if item.kind == kind) for kind in KIND_LABELS
        }
        named = " and ".join(
            f"{n} {KIND_LABELS[kind][0] if n == 1 else KIND_LABELS[kind][1]}"
            for kind, n in counts.items()
            if n
        )
        when = month_year(report.date)
        sentences: list[Sentence] = [
            notice(f"{local_area}'s area SEND inspection ({when}) sets {named}.")
        ]
        for kind in KIND_LABELS:
            keyed = [
                (k, e)
                for (k, e), item in zip(evidence.items(), items, strict=True)
                if item.kind == kind
            ]
            if not keyed:
                continue
            sentences.append(notice(f"{KIND_LABELS[kind][1].capitalize()}:"))
            sentences.extend(self._claim(e) for _, e in keyed)
        return self._answer(question, sentences, evidence, backend, local_area)

    # -- an area with a written statement of action ------------------------------------

    def priorities(self, question: str, local_area: str, backend: str) -> Answer | None:
        """An area's own priorities (its WSoA's areas of weakness), each title cited where
        its document writes it; None when no title can be found in the text."""
        evidence: dict[str, Evidence] = {}
        sentences: list[Sentence] = []
        sources: set[str] = set()
        listed = self.corpus.priorities(local_area)
        infos = {d.doc_id: d for d in self.corpus.documents()}
        for priority in listed:
            span = self._title_span(priority.mentions, priority.title, infos)
            if span is None:
                sentences.append(
                    notice(
                        f"Priority {priority.number}: its title is not written word for word "
                        "in the documents, so it is not quoted.",
                        exportable=False,
                    )
                )
                continue
            info, start, end = span
            key = f"E{len(evidence) + 1}"
            evidence[key] = self._unit(key, info, start, end, priority.number, priority.title)
            sources.add(info.title)
            sentences.append(notice(f"Priority {priority.number}:"))
            # The title as parsed keeps the separator between weakness statements ("; ").
            sentences.append(self._claim(evidence[key], shown=priority.title))
        if not evidence:
            return None
        named = f"{len(listed)} priorities (areas of weakness) to improve"
        if len(sources) == 1:
            lead = notice(f"The {next(iter(sources))} names {named}.")
        else:
            lead = notice(f"{local_area}'s documents ({'; '.join(sorted(sources))}) name {named}.")
        return self._answer(question, [lead, *sentences], evidence, backend, local_area)

    def _title_span(
        self, mentions: list[PriorityMention], title: str, infos: dict[str, DocumentInfo]
    ) -> tuple[DocumentInfo, int, int] | None:
        """Where the title is written: the earliest document that names it that way."""
        words = re.findall(r"\w+", title)
        if not words:
            return None
        # Word for word, whatever stands between the words (line breaks, cells, "&", ";").
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words))
        for mention in sorted(mentions, key=lambda m: m.date):
            info = infos.get(mention.doc_id)
            if info is None:
                continue
            match = pattern.search(self.corpus.document(info.doc_id).text)
            if match:
                return info, match.start(), match.end()
        return None

    # -- "Which areas were told to improve Y?" ------------------------------------------

    def told_to_improve(self, question: str, topic: str, backend: str) -> Answer | None:
        """Every area whose latest inspection has an item on the topic, counted.

        An item is on the topic when one of its sentences names it (the phrase in any word
        form, or every content word of a topic of several words), or its opening is close
        in meaning (:data:`TOPIC_SIMILARITY`); the lines shown are its opening and, when
        another one, the sentence naming the topic.
        """
        latest: dict[str, DocumentInfo] = {}
        for report in self.reports():
            latest.setdefault(report.local_area, report)
        reports = sorted(latest.values(), key=lambda r: r.local_area)
        words = content_tokens(topic)
        if not reports or not words:
            return None
        phrase = _stems(topic)
        pairs = [(r, item) for r in reports for item in self.items(r)]
        vectors = self.corpus.embedder.embed_documents([topic, *[i.text for _, i in pairs]])
        best: dict[str, tuple[float, DocumentInfo, InspectionItem, tuple[int, int] | None]] = {}
        for (report, item), vector in zip(pairs, vectors[1:], strict=True):
            similarity = cosine(vectors[0], vector)
            span = self._naming_sentence(report, item, phrase, words)
            if span is None and similarity < TOPIC_SIMILARITY:
                continue
            score = similarity + (1.0 if span else 0.0)
            current = best.get(report.local_area)
            if current is None or score > current[0]:
                best[report.local_area] = (score, report, item, span)
        if not best:
            return None
        evidence: dict[str, Evidence] = {}
        areas = ", ".join(sorted(best))
        sentences: list[Sentence] = [
            notice(
                f"{len(best)} of the {len(reports)} areas with an inspection report have an "
                f"area for improvement or priority action on “{topic}”: {areas}."
            )
        ]
        for area in sorted(best):
            _, report, item, span = best[area]
            sentences.append(notice(f"{area} ({KIND_LABELS[item.kind][0]}):"))
            # The area's opening, then the sentence naming the topic when that is another
            # one (it may begin "They should ...", which needs the opening to read).
            spans = [(item.start, item.end)]
            if span is not None and span[0] >= item.end:
                spans.append(span)
            elif span is not None:
                spans = [(item.start, max(item.end, span[1]))]
            for start, end in spans:
                key = f"E{len(evidence) + 1}"
                evidence[key] = self._unit(key, report, start, end, item.number, item.text)
                sentences.append(self._claim(evidence[key]))
        return self._answer(question, sentences, evidence, backend, None)

    def _naming_sentence(
        self, report: DocumentInfo, item: InspectionItem, phrase: str, words: set[str]
    ) -> tuple[int, int] | None:
        """The span of the item's first sentence naming the topic: its ``phrase`` (as
        :func:`_stems`), or (for a topic of several words) every one of its content words."""
        text = self.corpus.document(report.doc_id).text
        begin = item.start
        for match in _SENTENCE_END.finditer(text, item.start, item.area_end):
            sentence = text[begin : match.end()]
            if phrase in _stems(sentence) or (len(words) > 1 and words <= content_tokens(sentence)):
                while begin < match.end() and (
                    text[begin].isspace() or text[begin] in AREA_BULLETS
                ):
                    begin += 1
                return begin, match.end()
            begin = match.end()
        return None

    # -- shared -------------------------------------------------------------------------

    def _unit(
        self, key: str, info: DocumentInfo, start: int, end: int, number: int, title: str
    ) -> Evidence:
        """The citable unit ``[start, end)`` of a document, under priority ``number``."""
        document = self.corpus.document(info.doc_id)
        span = document.page_span_at(start)
        return Evidence(
            key=key,
            doc_id=info.doc_id,
            title=info.title,
            local_area=info.local_area,
            doc_type=info.doc_type,
            date=info.date,
            page=span.page if span else None,
            page_label=span.label if span else "",
            start=start,
            end=end,
            text=document.text[start:end],
            priority=number,
            priority_title=title,
            suspect=bool(info.injections),
        )

    def _claim(self, unit: Evidence, shown: str | None = None) -> Sentence:
        """The unit as a claim citing it (as a reader sees it), put through the check."""
        (sentence,) = check_sentences(
            [(shown or readable(unit.text), [unit.key])], {unit.key: unit}, self.checker
        )
        return sentence

    def _answer(
        self,
        question: str,
        sentences: list[Sentence],
        evidence: dict[str, Evidence],
        backend: str,
        local_area: str | None,
    ) -> Answer:
        texts = {u.doc_id: self.corpus.document(u.doc_id).text for u in evidence.values()}
        return Answer(
            question=question,
            answer=answer_text(sentences),
            abstained=False,
            sentences=sentences,
            citations=resolve_citations(sentences, evidence, texts),
            backend=backend,
            local_area=local_area,
            layout="list",
        )
