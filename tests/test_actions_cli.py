"""Actions in the store and through `wsoa actions` (fake embedder; one real-model test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.corpus.loaders import load_document
from assistant.corpus.manifest import Manifest
from assistant.errors import AssistantError
from assistant.records import IngestStatus
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.structure import parse_actions, parse_structure
from tests.conftest import CORPUS, fake_assistant_over
from tests.fakes import HashEmbedder
from tests.test_server_mode import chroma_server  # noqa: F401  (the fixture)

TORBAY = "torbay-2024-02-wsoa-review-note"


def writable_fake(tmp_path: Path) -> Assistant:
    settings = Settings()
    settings.paths.index_dir = tmp_path / "fake-index"
    return Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")


def run(assistant: Assistant, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=assistant, catch_exceptions=False)
    return result.exit_code, result.output


def store_snapshot(assistant: Assistant) -> list[tuple[str, str]]:
    got = assistant.store.action_records.get(include=["metadatas"])
    return sorted(zip(got["ids"], [m["record"] for m in got["metadatas"]], strict=True))


def test_store_round_trip_replace_and_delete(tmp_path: Path) -> None:
    assistant = writable_fake(tmp_path)
    assistant.ingest([CORPUS])
    document = load_document(
        CORPUS / f"{TORBAY}.txt", manifest=Manifest.load(CORPUS / "manifest.json")
    )
    parsed = parse_actions(document, parse_structure(document.text, document.doc_type))
    assert assistant.store.actions("Torbay") == parsed
    assert {a.reference for a in assistant.store.actions("Torbay", priority=5)} == {
        "11A.2",
        "11B",
        "12A.1",
        "12A.2",
        "11F",
        "12B",
        "12C",
    }
    shropshire = assistant.store.actions("Shropshire", priority=3)
    assert {a.doc_id for a in shropshire} == {
        "shropshire-2020-11-written-statement-of-action",
        "shropshire-2023-accelerated-progress-plan",
    }

    edited_dir = tmp_path / "edited"
    edited_dir.mkdir()
    (edited_dir / "manifest.json").write_text((CORPUS / "manifest.json").read_text())
    edited = edited_dir / f"{TORBAY}.txt"
    edited.write_text((CORPUS / edited.name).read_text().replace("11F, 12B, 12C", "11F, 12C"))
    [outcome] = assistant.ingest([edited])
    assert outcome.status is IngestStatus.replaced
    assert {a.reference for a in assistant.actions("Torbay", rag="red")} == {"11F", "12C"}
    assert assistant.store.actions("Shropshire", priority=3) == shropshire  # untouched

    assistant.delete(TORBAY)
    assert assistant.store.actions("Torbay") == []
    assert assistant.store.actions("Shropshire", priority=3) == shropshire


def test_failed_write_leaves_actions_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = writable_fake(tmp_path)
    assistant.ingest([CORPUS])
    before = store_snapshot(assistant)
    edited = tmp_path / f"{TORBAY}.txt"
    edited.write_text((CORPUS / edited.name).read_text().replace("11F, 12B, 12C", "11F"))
    documents = assistant.store.documents
    real_upsert = documents.upsert
    calls = {"n": 0}

    def failing_once(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:  # the commit-marker write, after the actions were written
            raise OSError("disk full")
        real_upsert(*args, **kwargs)  # the rollback's restore of the old record

    monkeypatch.setattr(documents, "upsert", failing_once)
    [outcome] = assistant.ingest([edited])
    monkeypatch.undo()
    assert outcome.status is IngestStatus.failed
    assert "left as it was" in outcome.reason
    assert store_snapshot(assistant) == before
    assert {a.reference for a in assistant.actions("Torbay", rag="red")} == {"11F", "12B", "12C"}


def test_an_index_stored_before_actions_is_parsed_again(tmp_path: Path) -> None:
    assistant = writable_fake(tmp_path)
    assistant.ingest([CORPUS])
    got = assistant.store.documents.get(ids=[TORBAY], include=["documents", "metadatas"])
    record = dict(got["metadatas"][0])
    del record["actions"]  # as an ingest before action registers wrote it
    assistant.store.documents.delete(ids=[TORBAY])
    assistant.store.documents.add(
        ids=[TORBAY], documents=got["documents"], metadatas=[record], embeddings=[[1.0]]
    )
    assistant.store.action_records.delete(where={"doc_id": TORBAY})
    statuses = {o.doc_id: o.status for o in assistant.ingest([CORPUS])}
    assert statuses[TORBAY] is IngestStatus.replaced
    assert len(assistant.actions("Torbay", rag="red")) == 3


@pytest.fixture()
def fake(fake_index_dir: Path) -> Assistant:
    return fake_assistant_over(fake_index_dir)


def test_cli_json_torbay_red_quotes_the_document(fake: Assistant) -> None:
    code, out = run(fake, "actions", "--area", "torbay", "--rag", "red", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["local_area"] == "Torbay"
    assert [a["reference"] for a in payload["actions"]] == ["11F", "12B", "12C"]
    text = fake.show(TORBAY).text
    for action in payload["actions"]:
        assert action["rag"] == "red"
        assert set(action["fields"]) >= {"reference", "outcome", "context"}
        for field in action["fields"].values():
            citation = field["citation"]
            assert citation["doc_id"] == TORBAY
            assert text[citation["start"] : citation["end"]] == citation["quote"] == field["text"]


def test_cli_text_lists_shropshire_priority_3_from_both_registers(fake: Assistant) -> None:
    code, out = run(fake, "actions", "--area", "Shropshire", "--priority", "3")
    assert code == 0
    plan, statement = out.index("# shropshire-2023"), out.index("# shropshire-2020")
    assert plan < statement  # newest document first
    line = next(ln for ln in out[plan:statement].splitlines() if ln.strip().startswith("3.1.1"))
    assert "Apr-23 (2023-04)" in line and "ND Workstream to confirm" in line
    line = next(ln for ln in out[statement:].splitlines() if ln.strip().startswith("3.1.1"))
    assert "Dec 20 (2020-12)" in line and " CC " in line
    assert "Priority 4" not in out


def test_cli_overdue_and_timescale_check(fake: Assistant) -> None:
    code, out = run(
        fake,
        "actions",
        "--area",
        "Shropshire",
        "--priority",
        "3",
        "--overdue-at",
        "2023-05",
        "--json",
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["actions"]
    assert all(a["due_month"] < "2023-05" and a["rag"] != "complete" for a in payload["actions"])
    [check] = payload["timescale_check"]
    assert check["priority"] == 3
    assert len(check["overdue"]) == len(payload["actions"])
    assert sum(check["by_rag"].values()) == len(fake.actions("Shropshire", priority=3))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "Shropshire", "--overdue-at", "2024-13"], "YYYY-MM"),
        (["--area", "Nowhere"], "No documents for local area"),
    ],
    ids=["bad-month", "unknown-area"],
)
def test_cli_errors_are_one_line(fake: Assistant, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["actions", *args], obj=fake)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_reading_actions_loads_no_embedding_model(fake_index_dir: Path) -> None:
    settings = Settings()
    settings.paths.index_dir = fake_index_dir
    assistant = Assistant(settings=settings, backend="extractive")  # no embedder given
    assert assistant.actions("Torbay", rag="red")
    assert assistant._embedder is None
    with pytest.raises(AssistantError, match="YYYY-MM"):
        assistant.actions("Torbay", overdue_at="2024-13")


def test_real_index_answers_which_torbay_actions_are_red(
    shared_real_assistant: Assistant,
) -> None:
    red = shared_real_assistant.actions("Torbay", rag="red")
    assert {a.reference for a in red} == {"11F", "12B", "12C"}
    text = shared_real_assistant.show(TORBAY).text
    for action in red:
        for span in action.spans().values():
            assert text[span.start : span.end] == span.text
    p3 = shared_real_assistant.actions("Shropshire", priority=3)
    first = {a.doc_id: a for a in reversed(p3) if a.reference == "3.1.1"}
    assert {d: a.due_month for d, a in first.items()} == {
        "shropshire-2023-accelerated-progress-plan": "2023-04",
        "shropshire-2020-11-written-statement-of-action": "2020-12",
    }


@pytest.mark.server
def test_a_second_client_of_a_chroma_server_reads_the_actions(
    chroma_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    settings = Settings()
    settings.store.chroma_url = chroma_server
    settings.paths.index_dir = tmp_path / "must-stay-empty"
    writer = Assistant(embedder=HashEmbedder(), settings=settings, backend="extractive")
    writer.ingest([CORPUS / f"{TORBAY}.txt"])
    reader = Assistant(settings=settings, backend="extractive")
    code, out = run(reader, "actions", "--area", "Torbay", "--rag", "red", "--json")
    assert code == 0
    assert [a["reference"] for a in json.loads(out)["actions"]] == ["11F", "12B", "12C"]
    assert reader._embedder is None
    # The store lives on the server; locally at most the lexical index's cache of it.
    local = tmp_path / "must-stay-empty"
    assert not list(local.glob("**/*.sqlite3"))
    assert not local.exists() or {p.name for p in local.iterdir()} <= {"lexical"}
