"""Damaged on-disk caches never change an answer, and `wsoa repair` finds and rebuilds them.

Real model, real store: a private copy of the session index (``real_assistant``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.grounding.records import Answer
from assistant.service import Assistant

# Answered from unit vectors: with scrambled ones (unchecked) it abstains.
QUESTION = "How many EHC plans were issued within 20 weeks in Shropshire?"
LEXICAL_QUERY = "speech and language therapy waiting times"


def reopened(assistant: Assistant) -> Assistant:
    """A new process on the same folder (nothing cached in memory)."""
    return Assistant(settings=assistant.settings, backend="extractive")


def shown(answer: Answer) -> tuple[str, list[tuple[str, int, int]]]:
    return answer.answer, [(c.doc_id, c.start, c.end) for c in answer.citations]


def vector_files(assistant: Assistant) -> list[Path]:
    files = sorted((assistant.settings.paths.index_dir / "unit-vectors").glob("*/*.vectors.npy"))
    assert files, "the real index keeps unit vectors"
    return files


def scramble_vectors(assistant: Assistant) -> None:
    rng = np.random.default_rng(7)
    for path in vector_files(assistant):
        matrix = np.load(path)
        with path.open("wb") as handle:  # a well-formed .npy, wrong numbers
            np.save(handle, rng.standard_normal(matrix.shape).astype(np.float32))


def edit_segment_ids(assistant: Assistant) -> list[Path]:
    files = sorted((assistant.settings.paths.index_dir / "lexical").glob("*/*.seg"))
    assert files, "the real index keeps lexical segments"
    for path in files:
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b"@", b"#"))  # every chunk id points nowhere
    return files


def test_scrambled_unit_vectors_do_not_change_an_answer_and_repair_rebuilds_them(
    real_assistant: Assistant,
) -> None:
    before = reopened(real_assistant).ask(QUESTION)
    assert not before.abstained and before.citations
    scramble_vectors(real_assistant)
    assert shown(reopened(real_assistant).ask(QUESTION)) == shown(before)

    scramble_vectors(real_assistant)
    doc_ids = sorted(d.doc_id for d in real_assistant.documents())
    report = reopened(real_assistant).repair()
    assert report.vectors_rebuilt == doc_ids
    assert reopened(real_assistant).repair().vectors_rebuilt == []  # rebuilt, and intact
    assert len(vector_files(real_assistant)) == len(doc_ids)
    assert shown(reopened(real_assistant).ask(QUESTION)) == shown(before)


def test_edited_lexical_segments_are_rebuilt_from_the_store(real_assistant: Assistant) -> None:
    def lexical_hits(assistant: Assistant) -> list[str]:
        return [r.chunk.chunk_id for r in assistant.search(LEXICAL_QUERY, k=8, mode="lexical")]

    before = lexical_hits(reopened(real_assistant))
    assert before
    edit_segment_ids(real_assistant)
    assert lexical_hits(reopened(real_assistant)) == before

    edited = edit_segment_ids(real_assistant)
    result = CliRunner().invoke(cli, ["repair"], obj=reopened(real_assistant))
    assert result.exit_code == 0, result.output
    assert result.output.count("its keyword-search file was damaged") == len(edited)
    clean = CliRunner().invoke(cli, ["repair"], obj=reopened(real_assistant))
    assert "no damage found" in clean.output
