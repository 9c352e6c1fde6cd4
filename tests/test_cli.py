"""The `wsoa` CLI end to end, in-process, over the real index and model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.service import Assistant
from tests.conftest import CORPUS


def run(assistant: Assistant, *args: str) -> tuple[int, str]:
    """Exit code and output; for a JSON command that succeeded, stdout only (a progress
    line on stderr, such as a first ONNX export, must not break the parse)."""
    result = CliRunner().invoke(cli, list(args), obj=assistant, catch_exceptions=False)
    as_json = "--json" in args or ("--format" in args and "json" in args)
    return result.exit_code, result.stdout if as_json and result.exit_code == 0 else result.output


def test_docs_json_lists_metadata(shared_real_assistant: Assistant) -> None:
    code, out = run(shared_real_assistant, "docs", "--json")
    assert code == 0
    docs = {d["doc_id"]: d for d in json.loads(out)["documents"]}
    wirral = docs["wirral-2022-04-wsoa-review-preparation"]
    assert wirral["local_area"] == "Wirral"
    assert wirral["doc_type"] == "preparation_template"
    assert wirral["date"] == "2022-04"
    assert wirral["chunks"] > 0


def test_show_json_shape_and_pages(shared_real_assistant: Assistant) -> None:
    code, out = run(shared_real_assistant, "show", "wiltshire", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {
        "doc_id",
        "title",
        "local_area",
        "doc_type",
        "date",
        "source",
        "text",
        "pages",
    }
    assert doc["pages"][0]["start"] == 0 and doc["pages"][-1]["end"] <= len(doc["text"])
    assert [p["page"] for p in doc["pages"]] == list(range(1, len(doc["pages"]) + 1))


def test_search_json_text_is_the_canonical_span(shared_real_assistant: Assistant) -> None:
    code, out = run(
        shared_real_assistant,
        "search",
        "speech and language therapy waiting list",
        "--area",
        "Shropshire",
        "--k",
        "6",
        "--json",
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["query"] == "speech and language therapy waiting list"
    results = payload["results"]
    assert len(results) == 6
    expected_keys = {
        "chunk_id",
        "doc_id",
        "title",
        "local_area",
        "doc_type",
        "date",
        "priority",
        "priority_title",
        "section",
        "page",
        "page_label",
        "start",
        "end",
        "text",
        "score",
    }
    shown_docs: dict[str, dict] = {}
    for r in results:
        assert set(r) == expected_keys
        assert r["local_area"] == "Shropshire"
        if r["doc_id"] not in shown_docs:
            _, shown = run(shared_real_assistant, "show", r["doc_id"], "--json")
            shown_docs[r["doc_id"]] = json.loads(shown)
        assert shown_docs[r["doc_id"]]["text"][r["start"] : r["end"]] == r["text"]
        # The page is the one `show` gives for the chunk's start, exact or not.
        (span,) = [
            p for p in shown_docs[r["doc_id"]]["pages"] if p["start"] <= r["start"] < p["end"]
        ]
        assert (r["page"], r["page_label"]) == (span["page"], span["label"])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_search_priority_filter_uses_local_numbering(shared_real_assistant: Assistant) -> None:
    code, out = run(
        shared_real_assistant,
        "search",
        "annual reviews",
        "--area",
        "Torbay",
        "--priority",
        "6",
        "--json",
    )
    assert code == 0
    results = json.loads(out)["results"]
    assert results and all(r["priority"] == 6 for r in results)
    assert all(
        "EHC" in r["priority_title"] or "ehc" in r["priority_title"].lower() or r["priority_title"]
        for r in results
    )


def test_priorities_json(shared_real_assistant: Assistant) -> None:
    code, out = run(shared_real_assistant, "priorities", "--area", "Wirral", "--json")
    assert code == 0
    [area] = json.loads(out)["areas"]
    assert area["local_area"] == "Wirral"
    titles = {p["number"]: p["title"] for p in area["priorities"]}
    assert "EHC" in titles[2] or "assessment" in titles[2].lower()


def test_ingest_reports_each_file_and_fails_on_bad_input(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    code, out = run(
        real_assistant,
        "ingest",
        str(CORPUS / "torbay-2024-02-wsoa-review-note.txt"),
        str(bad),
        str(tmp_path / "missing.pdf"),
        "--json",
    )
    assert code == 1
    results = json.loads(out)["results"]
    assert [r["status"] for r in results] == ["unchanged", "failed", "failed"]
    assert "notes.xlsx" in results[1]["reason"]
    assert "missing.pdf" in results[2]["reason"]


def test_ingest_with_overrides_sets_metadata(real_assistant: Assistant, tmp_path: Path) -> None:
    note = tmp_path / "halton-note.md"
    note.write_text(
        "# Halton review\n\nArea 1 Leadership\n\nProgress on key actions\n\n"
        "- A new SEND strategy was agreed by the board.\n"
    )
    code, out = run(
        real_assistant,
        "ingest",
        str(note),
        "--area",
        "Halton",
        "--doc-type",
        "review_note",
        "--date",
        "2025-03",
        "--json",
    )
    assert code == 0, out
    [result] = json.loads(out)["results"]
    assert result["status"] == "added"
    doc = real_assistant.show(result["doc_id"])
    assert (doc.local_area, doc.doc_type.value, doc.date) == ("Halton", "review_note", "2025-03")


@pytest.mark.parametrize(
    "args",
    [["show", "no-such-doc"], ["ingest", "x.txt", "--date", "March"]],
    ids=["unknown-doc", "bad-date"],
)
def test_user_errors_are_one_line_messages(real_assistant: Assistant, args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, obj=real_assistant)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.startswith("Error:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "What is Torbay doing?", "--from", "last year"], "write the date as e.g."),
        (["ask", "What is Torbay doing?", "--to", "2024-13"], "not a real calendar date"),
        (["search", "EHC plans", "--from", "2023-02-30"], "not a real calendar date"),
        (["ask", "EHC plans?", "--from", "2024", "--to", "2022-05"], "starts (2024) after"),
        (["ask", "What about EHC plans?", "--area", "Bristol"], "No documents for local area"),
        (["draft", "--area", "Torbay", "--priority", "6", "--as-of", "2024-13"], "Documents up"),
        (
            ["draft", "--area", "Torbay", "--priority", "6", "--out", "no/such/folder/d.md"],
            "does not exist",
        ),
        (["compare", "--theme", "zzz quux"], "No theme matches"),
        (["ask", "   "], "The question is empty"),
        (["search", ""], "Type some words"),
        (["search", "EHC plans", "--k", "0"], "at least one result"),
        (["search", "EHC plans", "--k", "-3"], "at least one result"),
        (["priorities", "--area", "Bristol"], "No documents for local area"),
        (["gaps", "--area", "Bristol"], "No documents for local area"),
        (["search", "EHC plans", "--from", "2024", "--to", "2023"], "Error: the range starts"),
    ],
    ids=[
        "words-as-date",
        "month-13",
        "february-30",
        "inverted-range",
        "unknown-area-ask",
        "draft-as-of",
        "out-missing-folder",
        "unknown-theme",
        "empty-question",
        "empty-search",
        "k-zero",
        "k-negative",
        "unknown-area-priorities",
        "unknown-area-gaps",
        "inverted-range-names-no-field",
    ],
)
def test_cli_edges_are_one_line_errors(
    shared_real_assistant: Assistant, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, args, obj=shared_real_assistant)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error:") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("theme", ["co-production", "coproduction", "Co-production"])
def test_compare_takes_a_theme_in_words(
    shared_real_assistant: Assistant, theme: str, tmp_path: Path
) -> None:
    out = tmp_path / "compare.docx"
    code, output = run(
        shared_real_assistant, "compare", "--theme", theme, "--format", "docx", "--out", str(out)
    )
    assert code == 0, output
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Co-production and communication with families" in text
    assert {"Shropshire", "Wirral", "Torbay"} <= {
        p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("Heading")
    }


def test_compare_reads_a_phrase_as_the_nearest_theme(shared_real_assistant: Assistant) -> None:
    code, out = run(shared_real_assistant, "compare", "--theme", "SALT waits", "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    assert payload["theme"] == "speech_language"
    assert "“SALT waits” read as the theme" in payload["theme_note"]
