"""Editable draft sections: records -> text boxes, edited text boxes -> records -> files.

Each section is shown as one line per sentence (``- sentence [1][2]``) so an
adviser can edit it. Unchanged lines keep their checked sentence. Edited or new
lines are the adviser's own wording: each is checked against the passages its
``[n]`` references cite, like generated sentences, and kept in the downloads
with the "⚠ unsupported" mark when the check fails. A new line citing nothing is
the adviser's own observation and is exported as one ("(adviser's observation)"),
never as a finding of the sources; "Observation:" at its start says so too. An
unchanged generated line that carries the mark stays out of the downloads, as in
``wsoa draft``. Deleted lines are gone from both files.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from assistant.grounding.note import Note
from assistant.grounding.priority_evidence import NOTE_SECTIONS, NoteSection
from assistant.grounding.records import Comparison, Draft, DraftSections, Sentence, SentenceKind
from assistant.grounding.support import SupportChecker
from assistant.render.docx import comparison_docx, draft_docx
from assistant.render.markdown import (
    OBSERVATION_MARK,
    UNSUPPORTED_MARK,
    comparison_markdown,
    draft_markdown,
    numbering,
    sentence_markdown,
)
from assistant.render.note import note_docx, note_markdown

_TRAILING_REFS = re.compile(r"((?:\s*\[\d+\])+)\s*$")
_REF = re.compile(r"\[(\d+)\]")
# The mark as exported, or the adviser's own "Observation:" lead-in.
_OBSERVATION = re.compile(
    rf"\s*\*\({re.escape(OBSERVATION_MARK)}\)\*\s*$|^\s*(?:adviser'?s )?observation:\s*", re.I
)


def all_sentences(draft: Draft) -> list[Sentence]:
    return [s for key in NOTE_SECTIONS for s in getattr(draft.sections, key)]


def draft_numbers(draft: Draft) -> dict[str, int]:
    """Citation numbers over every sentence shown in the editor (flagged ones too)."""
    return numbering(all_sentences(draft))


def line_for(sentence: Sentence, numbers: dict[str, int]) -> str:
    text = sentence_markdown(sentence, numbers)
    return text if sentence.kind == SentenceKind.notice else f"- {text}"


def section_text(draft: Draft, section: NoteSection) -> str:
    """One section as editable lines."""
    numbers = draft_numbers(draft)
    return "\n".join(line_for(s, numbers) for s in getattr(draft.sections, section))


def has_edits(draft: Draft, texts: dict[NoteSection, str]) -> bool:
    """Do the section boxes hold edits, differing from the draft as it was written? Empty
    boxes hold nothing to lose."""
    if not any(_lines(text) for text in texts.values()):
        return False
    return any(
        _lines(section_text(draft, section)) != _lines(texts.get(section, ""))
        for section in NOTE_SECTIONS
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_line(line: str, keys_by_number: dict[int, str]) -> Sentence:
    """An edited line as a sentence: trailing ``[n]`` refs become citation keys again."""
    text = line.strip()
    if text.startswith("*") and text.endswith("*") and len(text) > 1:
        return Sentence(text=text.strip("*").strip(), kind=SentenceKind.notice, supported=True)
    text = text.removeprefix("- ").removeprefix("• ").strip()
    keys: list[str] = []
    refs = _TRAILING_REFS.search(text)
    if refs:
        keys = [
            keys_by_number[int(n)] for n in _REF.findall(refs.group(1)) if int(n) in keys_by_number
        ]
        text = text[: refs.start()].strip()
    flagged = f"**({UNSUPPORTED_MARK})**"
    supported = flagged not in text
    text = text.replace(flagged, "").strip()
    observed = _OBSERVATION.search(text)
    if observed or not keys:
        text = _OBSERVATION.sub("", text).strip()
        return Sentence(text=text, kind=SentenceKind.observation, supported=False, edited=True)
    return Sentence(text=text, citations=keys, supported=supported)


def apply_edits(
    draft: Draft, edited: dict[NoteSection, str], checker: SupportChecker | None = None
) -> Draft:
    """The draft as the adviser left it in the text boxes.

    With a ``checker``, every edited or added line is checked against the quotes of
    the citations it keeps; without one, such lines are marked unsupported.
    """
    numbers = draft_numbers(draft)
    keys_by_number = {n: k for k, n in numbers.items()}
    quotes = {c.key: c.quote for c in draft.citations}
    sections: dict[str, list[Sentence]] = {}
    for section in NOTE_SECTIONS:
        original = {line_for(s, numbers): s for s in getattr(draft.sections, section)}
        lines = [ln for ln in edited.get(section, "").splitlines() if ln.strip()]
        sections[section] = [
            original.get(ln.strip()) or _checked(parse_line(ln, keys_by_number), quotes, checker)
            for ln in lines
        ]
    return draft.model_copy(update={"sections": DraftSections(**sections)})


def _checked(
    sentence: Sentence, quotes: dict[str, str], checker: SupportChecker | None
) -> Sentence:
    if sentence.kind in (SentenceKind.notice, SentenceKind.observation):
        return sentence
    cited = [quotes[k] for k in sentence.citations if k in quotes]
    verdict = checker.check(sentence.text, cited) if checker and cited else None
    return sentence.model_copy(
        update={
            "edited": True,
            "supported": bool(verdict and verdict.supported),
            "support_score": verdict.score if verdict else 0.0,
        }
    )


def edit_summary(draft: Draft) -> str:
    """One line on the adviser's edits: how many were checked and how many failed."""
    every = [s for s in all_sentences(draft) if s.edited]
    observations = sum(s.kind == SentenceKind.observation for s in every)
    own = (
        f" {observations} line(s) cite nothing: they go out as your observations "
        f"(“{OBSERVATION_MARK}”)."
        if observations
        else ""
    )
    edits = [s for s in every if s.kind != SentenceKind.observation]
    if not edits:
        return own.strip()
    failed = sum(not s.supported for s in edits)
    if not failed:
        return (
            f"{len(edits)} edited line(s) checked: each is supported by the passages it cites."
            + own
        )
    return (
        f"{len(edits)} edited line(s) checked: {failed} not supported by the passages it "
        f"cites (marked {UNSUPPORTED_MARK} in the downloads; cite a source with [n] or reword)."
        + own
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "area"


def _write(name: str, data: bytes | str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="wsoa-"))
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def draft_files(draft: Draft) -> tuple[str, str]:
    """The draft as a .docx and a Markdown file; returns their paths."""
    stem = f"draft-{_slug(draft.local_area)}-priority-{draft.priority}"
    return _write(f"{stem}.docx", draft_docx(draft)), _write(f"{stem}.md", draft_markdown(draft))


def comparison_files(comparison: Comparison) -> tuple[str, str]:
    """A comparison as a .docx and a Markdown file; returns their paths."""
    stem = f"compare-{_slug(comparison.theme)}"
    return (
        _write(f"{stem}.docx", comparison_docx(comparison)),
        _write(f"{stem}.md", comparison_markdown(comparison)),
    )


def note_files(note: Note) -> tuple[str, str]:
    """The whole note as a .docx and a Markdown file; returns their paths."""
    stem = f"note-{_slug(note.local_area)}"
    return _write(f"{stem}.docx", note_docx(note)), _write(f"{stem}.md", note_markdown(note))
