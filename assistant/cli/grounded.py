"""CLI commands that write cited output: ask, draft, compare, themes, gaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assistant.cli.main import cli, emit_json, friendly_errors, get_assistant
from assistant.records import SearchFilters

if TYPE_CHECKING:
    from assistant.grounding.records import Sentence

BACKENDS = ["auto", "local", "endpoint", "extractive"]


def backend_option(command: Any) -> Any:
    return click.option(
        "--backend",
        type=click.Choice(BACKENDS),
        default=None,
        help="LLM backend (default: WSOA_LLM_BACKEND, else auto).",
    )(command)


def sentence_json(sentence: Sentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "citations": sentence.citations,
        "supported": sentence.supported,
        "kind": sentence.kind.value,
    }


def citations_json(citations: list[Any]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in citations]


def _assistant(ctx: click.Context, backend: str | None) -> Any:
    assistant = get_assistant(ctx)
    if backend:
        assistant.use_backend(backend)
    return assistant


def _write(output: str | bytes, out: Path | None) -> None:
    if out is None:
        if isinstance(output, bytes):
            raise click.ClickException("A .docx needs --out FILE.")
        click.echo(output)
        return
    if not out.parent.is_dir():
        raise click.ClickException(
            f"Folder '{out.parent}' does not exist: create it or give another --out."
        )
    if isinstance(output, bytes):
        out.write_bytes(output)
    else:
        out.write_text(output, encoding="utf-8")
    click.echo(f"Wrote {out}", err=True)


@cli.command()
@click.argument("question")
@click.option("--area", help="Answer for this local area only.")
@click.option("--doc-type", help="Only this document type.")
@click.option("--from", "date_from", help="Earliest document date, YYYY[-MM[-DD]].")
@click.option("--to", "date_to", help="Latest document date, YYYY[-MM[-DD]].")
@backend_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def ask(
    ctx: click.Context,
    question: str,
    area: str | None,
    doc_type: str | None,
    date_from: str | None,
    date_to: str | None,
    backend: str | None,
    as_json: bool,
) -> None:
    """Answer a question from the documents, every sentence cited (or abstain)."""
    from assistant.grounding.records import Answer
    from assistant.render.markdown import answer_markdown

    assistant = _assistant(ctx, backend)
    filters = SearchFilters(doc_type=doc_type, date_from=date_from, date_to=date_to)
    answer = None
    for event in assistant.ask_stream(question, area, filters):
        if isinstance(event, Answer):
            answer = event
        elif not as_json and assistant.chat is not None:
            click.secho(event, nl=False, err=True, dim=True)  # live model output, unchecked
    assert answer is not None
    if as_json:
        emit_json(
            {
                "question": answer.question,
                "answer": answer.answer,
                "abstained": answer.abstained,
                "sentences": [sentence_json(s) for s in answer.sentences],
                "citations": citations_json(answer.citations),
                "backend": answer.backend,
            }
        )
        return
    if assistant.chat is not None:
        click.echo("\n", err=True)
    click.echo(answer_markdown(answer))


@cli.command()
@click.option("--area", required=True, help="Local area.")
@click.option("--priority", type=int, help="The area's own priority number.")
@click.option("--as-of", help="Only documents dated on or before, YYYY[-MM[-DD]].")
@click.option("--note", is_flag=True, help="Whole note: header, timescale check, every priority.")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "docx"]), default="md")
@click.option("--out", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--keep-unsupported", is_flag=True, help="Keep flagged sentences in the export.")
@backend_option
@click.pass_context
@friendly_errors
def draft(
    ctx: click.Context,
    area: str,
    priority: int | None,
    as_of: str | None,
    note: bool,
    fmt: str,
    out: Path | None,
    keep_unsupported: bool,
    backend: str | None,
) -> None:
    """Draft progress / evidence of impact / next steps for a priority (or a whole note)."""
    from assistant.render import docx as docx_render
    from assistant.render import markdown as md_render

    assistant = _assistant(ctx, backend)
    if note:
        from assistant.render import note as note_render

        whole = assistant.note(area, as_of)
        if fmt == "json":
            _write(whole.model_dump_json(indent=2), out)
        elif fmt == "docx":
            _write(note_render.note_docx(whole, keep_unsupported), out)
        else:
            _write(note_render.note_markdown(whole, keep_unsupported), out)
        return
    if priority is None:
        raise click.UsageError("Give --priority N (the area's own number), or --note.")
    result = assistant.draft(area, priority, as_of)
    if fmt == "json":
        payload = {
            "local_area": result.local_area,
            "priority": result.priority,
            "priority_title": result.priority_title,
            "as_of": result.as_of,
            "sections": {
                k: [sentence_json(s) for s in getattr(result.sections, k)]
                for k in ("progress", "impact", "next_steps")
            },
            "citations": citations_json(result.citations),
            "backend": result.backend,
        }
        _write(json.dumps(payload, indent=2, ensure_ascii=False), out)
    elif fmt == "docx":
        _write(docx_render.draft_docx(result, keep_unsupported), out or _default_docx(result))
    else:
        _write(md_render.draft_markdown(result, keep_unsupported), out)


def _default_docx(result: Any) -> Path:
    return Path(f"draft-{result.local_area.lower()}-priority-{result.priority}.docx")


@cli.command()
@click.option("--theme", required=True, help="Theme key or words, e.g. ehc_plans, 'SALT waits'.")
@click.option("--areas", help="Comma-separated local areas (default: all).")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "docx"]), default="md")
@click.option("--out", type=click.Path(path_type=Path), help="Write to this file.")
@click.pass_context
@friendly_errors
def compare(ctx: click.Context, theme: str, areas: str | None, fmt: str, out: Path | None) -> None:
    """Compare how areas tackle a theme: priorities, actions, impact, next steps, cited."""
    from assistant.render.docx import comparison_docx
    from assistant.render.markdown import comparison_markdown

    wanted = [a.strip() for a in areas.split(",") if a.strip()] if areas else None
    result = get_assistant(ctx).compare(theme, wanted)
    if result.theme_note and fmt != "json":
        click.echo(result.theme_note, err=True)
    if fmt == "md":
        _write(comparison_markdown(result), out)
        return
    if fmt == "docx":
        _write(comparison_docx(result), out or Path(f"compare-{result.theme}.docx"))
        return
    emit_json(
        {
            "theme": result.theme,
            "theme_title": result.theme_title,
            "theme_note": result.theme_note,
            "rows": [
                {
                    "local_area": r.local_area,
                    "priorities": [p.model_dump() for p in r.priorities],
                    "actions": [sentence_json(s) for s in r.actions],
                    "evidence": [sentence_json(s) for s in r.evidence],
                    "next_steps": [sentence_json(s) for s in r.next_steps],
                }
                for r in result.rows
            ],
            "citations": citations_json(result.citations),
        }
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def themes(ctx: click.Context, as_json: bool) -> None:
    """Themes and how each area's priorities map to them (override in corpus/themes.json)."""
    from assistant.grounding.themes import THEMES_BY_KEY

    mapping = get_assistant(ctx).themes()
    if as_json:
        emit_json(
            {
                "themes": [
                    {
                        "theme": key,
                        "title": THEMES_BY_KEY[key].title,
                        "areas": {a: [p.model_dump() for p in ps] for a, ps in areas.items()},
                    }
                    for key, areas in mapping.items()
                ]
            }
        )
        return
    for key, areas in mapping.items():
        click.echo(f"{key}: {THEMES_BY_KEY[key].title}")
        for area, ps in areas.items():
            listed = ", ".join(f"{p.number}" for p in ps) or "—"
            click.echo(f"    {area:<12} {listed}")


@cli.command()
@click.option("--area", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def gaps(ctx: click.Context, area: str, as_json: bool) -> None:
    """Per priority: measured evidence of impact, and where only activity is reported."""
    from assistant.render.markdown import gaps_markdown

    report = get_assistant(ctx).gaps(area)
    if not as_json:
        click.echo(gaps_markdown(report))
        return
    emit_json(
        {
            "local_area": report.local_area,
            "priorities": [
                {
                    "number": p.number,
                    "title": p.title,
                    "verdict": p.verdict,
                    "measured": [sentence_json(s) for s in p.measured],
                    "activity_only": [sentence_json(s) for s in p.activity_only],
                }
                for p in report.priorities
            ],
            "citations": citations_json(report.citations),
        }
    )
