"""The structured draft editor's record: one line per bullet, each with its citation pins.

An :class:`EditedDraft` holds the draft as it was written and the adviser's lines per
section, in their order. Every change (a line's text, a move, a delete, an added line)
returns a new record; the downloads are always :meth:`EditedDraft.result`.

A line's text is plain words: no Markdown, and its citations are pins beside it, not
text. Typing ``[n]`` at the end of a line pins source ``n`` (the numbers of the sources
list). A line whose text is back to what was drafted is the drafted sentence again. An
edited line is checked against the passages it cites; a line citing nothing, or opening
with "Observation:", is the adviser's own observation and is exported as one, never as
a finding of the sources.
"""

from __future__ import annotations

import re
import uuid

from pydantic import BaseModel, Field

from assistant.grounding.priority_evidence import NOTE_SECTIONS, NoteSection
from assistant.grounding.records import Draft, DraftSections, Sentence, SentenceKind
from assistant.grounding.support import SupportChecker
from assistant.render.markdown import OBSERVATION_MARK, UNSUPPORTED_MARK
from ui.drafts import draft_numbers

_TRAILING_REFS = re.compile(r"((?:\s*\[\d+\])+)\s*$")
_REF = re.compile(r"\[(\d+)\]")
_OBSERVATION = re.compile(r"^\s*(?:adviser'?s )?observation:\s*", re.I)


def _key() -> str:
    return uuid.uuid4().hex[:12]


class EditorLine(BaseModel):
    """One bullet of a section as the adviser sees it."""

    key: str = Field(default_factory=_key)
    sentence: Sentence
    drafted: Sentence | None = Field(
        None, description="the sentence as drafted; None for a line the adviser added"
    )

    @property
    def changed(self) -> bool:
        return self.drafted is None or self.sentence != self.drafted


class EditedDraft(BaseModel):
    """A draft and the adviser's lines for its three sections."""

    draft: Draft
    lines: dict[NoteSection, list[EditorLine]]
    #: Changes whenever the lines are added, moved or deleted (the editor redraws then);
    #: a typed edit leaves it alone, so the box being typed in keeps its focus.
    layout: str = Field(default_factory=_key)

    @classmethod
    def of(cls, draft: Draft) -> EditedDraft:
        return cls(
            draft=draft,
            lines={
                section: [
                    EditorLine(sentence=s, drafted=s) for s in getattr(draft.sections, section)
                ]
                for section in NOTE_SECTIONS
            },
        )

    # -- reading ------------------------------------------------------------------------

    def numbers(self) -> dict[str, int]:
        """Citation numbers over every drafted sentence: they stay put as lines move."""
        return draft_numbers(self.draft)

    def result(self) -> Draft:
        """The draft as the adviser left it: what the downloads are written from."""
        sections = {
            section: [line.sentence for line in self.lines[section] if line.sentence.text.strip()]
            for section in NOTE_SECTIONS
        }
        return self.draft.model_copy(update={"sections": DraftSections(**sections)})

    def has_edits(self) -> bool:
        """Do the lines differ from the draft as written? An empty added line holds nothing."""
        now = self.result().sections
        return any(
            getattr(now, section) != getattr(self.draft.sections, section)
            for section in NOTE_SECTIONS
        )

    def changed_sentences(self) -> list[Sentence]:
        """The adviser's written or changed lines (empty ones aside)."""
        return [
            line.sentence
            for section in NOTE_SECTIONS
            for line in self.lines[section]
            if line.changed and line.sentence.text.strip()
        ]

    def failed_edits(self) -> int:
        """Changed lines that cite sources which do not support them."""
        return sum(
            s.kind == SentenceKind.claim and not s.supported for s in self.changed_sentences()
        )

    def line(self, section: NoteSection, key: str) -> EditorLine | None:
        return next((line for line in self.lines[section] if line.key == key), None)

    # -- changing -------------------------------------------------------------------------

    def moved(self, section: NoteSection, key: str, step: int) -> EditedDraft:
        """The line one place up (``step=-1``) or down (``+1``), within its section."""
        lines = list(self.lines[section])
        index = self._index(section, key)
        target = index + step
        if index < 0 or not 0 <= target < len(lines):
            return self
        lines[index], lines[target] = lines[target], lines[index]
        return self._with(section, lines, relayout=True)

    def deleted(self, section: NoteSection, key: str) -> EditedDraft:
        lines = [line for line in self.lines[section] if line.key != key]
        return self._with(section, lines, relayout=True)

    def added(self, section: NoteSection) -> EditedDraft:
        """A new empty line at the end of the section, for the adviser's own words."""
        new = EditorLine(sentence=Sentence(text="", kind=SentenceKind.observation, edited=True))
        return self._with(section, [*self.lines[section], new], relayout=True)

    def retexted(
        self, section: NoteSection, key: str, text: str, checker: SupportChecker | None = None
    ) -> EditedDraft:
        """The line with the adviser's ``text``, checked against the passages it cites."""
        index = self._index(section, key)
        if index < 0:
            return self
        line = self.lines[section][index]
        sentence = self._sentence(line, text, checker)
        lines = list(self.lines[section])
        lines[index] = line.model_copy(update={"sentence": sentence})
        return self._with(section, lines, relayout=False)

    def _sentence(self, line: EditorLine, text: str, checker: SupportChecker | None) -> Sentence:
        words = " ".join(text.split())
        if line.drafted is not None and words == " ".join(line.drafted.text.split()):
            return line.drafted
        keys_by_number = {n: k for k, n in self.numbers().items()}
        pinned = list(
            dict.fromkeys(
                [*(line.drafted.citations if line.drafted else []), *line.sentence.citations]
            )
        )
        refs = _TRAILING_REFS.search(words)
        if refs:
            for number in _REF.findall(refs.group(1)):
                key = keys_by_number.get(int(number))
                if key and key not in pinned:
                    pinned.append(key)
            words = words[: refs.start()].strip()
        if _OBSERVATION.search(words) or not pinned:
            own = _OBSERVATION.sub("", words).strip()
            # The adviser's own words carry no pins: they are not the sources' findings.
            return Sentence(
                text=own[:1].upper() + own[1:], kind=SentenceKind.observation, edited=True
            )
        quotes = {c.key: c.quote for c in self.draft.citations}
        cited = [quotes[k] for k in pinned if k in quotes]
        verdict = checker.check(words, cited) if checker and cited else None
        return Sentence(
            text=words,
            citations=pinned,
            edited=True,
            supported=bool(verdict and verdict.supported),
            support_score=verdict.score if verdict else 0.0,
        )

    def _index(self, section: NoteSection, key: str) -> int:
        return next((i for i, line in enumerate(self.lines[section]) if line.key == key), -1)

    def _with(self, section: NoteSection, lines: list[EditorLine], relayout: bool) -> EditedDraft:
        update: dict[str, object] = {"lines": {**self.lines, section: lines}}
        if relayout:
            update["layout"] = _key()
        return self.model_copy(update=update)


def edit_summary(edited: EditedDraft) -> str:
    """One line on the adviser's edits: how many were checked, how many failed."""
    changed = edited.changed_sentences()
    observations = sum(s.kind == SentenceKind.observation for s in changed)
    own = (
        f" {observations} line(s) cite nothing: they go out as your observations "
        f"(“{OBSERVATION_MARK}”)."
        if observations
        else ""
    )
    checked = [s for s in changed if s.kind != SentenceKind.observation]
    if not checked:
        return own.strip()
    failed = edited.failed_edits()
    if not failed:
        return (
            f"{len(checked)} edited line(s) checked: each is supported by the passages it "
            "cites." + own
        )
    return (
        f"{len(checked)} edited line(s) checked: {failed} not supported by the passages it "
        f"cites (marked {UNSUPPORTED_MARK} in the downloads; pin a source by typing its "
        "number, e.g. [2], at the end of the line, or reword)." + own
    )
