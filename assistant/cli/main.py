"""The `wsoa` command line: a thin adapter over :class:`assistant.service.Assistant`.

Every command takes ``--json`` for stable machine-readable output. Library errors
become ``click.ClickException`` here and nowhere else.
"""

from __future__ import annotations

import functools
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from assistant.domain.injection import document_warning, spans_from_record
from assistant.errors import AssistantError, UnknownDocumentError, empty_index_message
from assistant.records import DocType, IngestStatus, SearchFilters, cite_page
from assistant.service import Assistant

F = TypeVar("F", bound=Callable[..., Any])
DOC_TYPES = [t.value for t in DocType]


def friendly_errors(command: F) -> F:
    """Turn library errors into one-line CLI errors (exit 1), never tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AssistantError as error:
            raise click.ClickException(str(error)) from error
        except ValidationError as error:  # pydantic validation of user input
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            # A check across fields (e.g. an inverted date range) has no single field to name.
            raise click.ClickException(f"{field}: {message}" if field else message) from error
        except ValueError as error:
            raise click.ClickException(str(error).splitlines()[0]) from error

    return wrapper  # type: ignore[return-value]


def emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def get_assistant(ctx: click.Context) -> Assistant:
    assistant: Assistant | None = ctx.obj
    if assistant is None:
        assistant = ctx.obj = Assistant()
    return assistant


@click.group()
@click.version_option(package_name="wsoa-assistant")
def cli() -> None:
    """wsoa: a citation-grounded assistant for SEND Written Statement of Action work."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--area", help="Local area, overriding the manifest and detection.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Document type override.")
@click.option("--date", help="Document date override, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", help="Document title override.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@friendly_errors
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    area: str | None,
    doc_type: str | None,
    date: str | None,
    title: str | None,
    as_json: bool,
) -> None:
    """Add or update documents (files or folders) in the index."""
    from assistant.corpus.manifest import MetadataOverrides

    overrides = None
    if any([area, doc_type, date, title]):
        overrides = MetadataOverrides(local_area=area, doc_type=doc_type, date=date, title=title)
    missing = [str(p) for p in paths if not p.exists()]
    outcomes = get_assistant(ctx).ingest([p for p in paths if p.exists()], overrides=overrides)
    payload = [o.model_dump(mode="json") for o in outcomes] + [
        {
            "path": m,
            "status": "failed",
            "doc_id": "",
            "chunks": 0,
            "reason": f"{m}: no such file or folder. Check the path.",
        }
        for m in missing
    ]
    if as_json:
        emit_json({"results": payload})
    else:
        for item in payload:
            detail = item["reason"] if item["status"] == "failed" else f"{item['chunks']} chunks"
            click.echo(f"{item['status']:<9} {item['doc_id'] or item['path']}  {detail}")
    if any(item["status"] == IngestStatus.failed.value for item in payload):
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@friendly_errors
def build(ctx: click.Context, as_json: bool) -> None:
    """Index the bundled corpus (and library folders): the explicit first step.

    Prints each file as it goes; files already indexed unchanged are skipped, so running
    it again only adds what is new. Deleted documents stay deleted unless you run this.
    """
    assistant = get_assistant(ctx)
    sources = assistant.bundled_sources()
    click.echo(
        f"Building the index at {assistant.store.location} from "
        + ", ".join(str(s) for s in sources)
        + " (the first build embeds every passage: a few minutes on a laptop).",
        err=True,
    )

    def progress(done: int, total: int, name: str) -> None:
        if name and ": " not in name:  # one line per file, not per batch of passages
            click.echo(f"  file {done + 1} of {total}: {name}", err=True)

    outcomes = assistant.build_index(progress)
    if as_json:
        emit_json({"results": [o.model_dump(mode="json") for o in outcomes]})
    counts = Counter(o.status.value for o in outcomes)
    click.echo(
        "Index ready: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) + ".",
        err=True,
    )
    for failed in (o for o in outcomes if o.status == IngestStatus.failed):
        click.echo(f"failed    {failed.reason}", err=True)
    if counts.get(IngestStatus.failed.value):
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def docs(ctx: click.Context, as_json: bool) -> None:
    """List indexed documents with their metadata and chunk counts."""
    assistant = get_assistant(ctx)
    documents = assistant.documents()
    if not documents:  # say so, and how to build it: a read never builds the index
        click.echo(empty_index_message(assistant.store.location), err=True)
    if as_json:
        emit_json({"documents": [d.model_dump(mode="json") for d in documents]})
        return
    for d in documents:
        click.echo(
            f"{d.doc_id:<50} {d.local_area:<12} {d.doc_type.value:<26} {d.date:<10} "
            f"{d.chunks:>4} chunks  {d.title}"
        )
        if d.injections:
            click.echo(f"    {document_warning(d.injections)}")


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """Show a document's canonical text (what citations point into)."""
    from assistant.corpus.pages import describe_pages

    document = get_assistant(ctx).show(doc_id)
    if as_json:
        emit_json(
            document.model_dump(
                mode="json",
                include={
                    "doc_id",
                    "title",
                    "local_area",
                    "doc_type",
                    "date",
                    "source",
                    "text",
                    "pages",
                },
            )
        )
        return
    click.echo(
        f"# {document.title}\n{document.local_area} · {document.doc_type.value} · "
        f"{document.date} · {describe_pages(document.pages)}\n"
    )
    record = get_assistant(ctx).store.document_record(doc_id) or {}
    if warning := document_warning(spans_from_record(record)):  # as found at ingest
        click.echo(f"{warning}\n")
    click.echo(document.text)


@cli.command()
@click.argument("query")
@click.option("--area", help="Only this local area.")
@click.option("--doc-type", type=click.Choice(DOC_TYPES))
@click.option("--priority", type=int, help="The area's own priority number.")
@click.option("--section", help="Section kind, e.g. impact, progress, next_steps.")
@click.option("--from", "date_from", help="Earliest date, YYYY[-MM[-DD]].")
@click.option("--to", "date_to", help="Latest date, YYYY[-MM[-DD]].")
@click.option("--k", default=5, show_default=True)
@click.option("--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def search(
    ctx: click.Context,
    query: str,
    area: str | None,
    doc_type: str | None,
    priority: int | None,
    section: str | None,
    date_from: str | None,
    date_to: str | None,
    k: int,
    mode: str,
    as_json: bool,
) -> None:
    """Hybrid search of the index, with metadata filters."""
    filters = SearchFilters(
        local_area=area,
        doc_type=doc_type,
        priority=priority,
        section=section,
        date_from=date_from,
        date_to=date_to,
    )
    results = get_assistant(ctx).search(query, filters, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        emit_json({"query": query, "results": [search_result_json(r) for r in results]})
        return
    if not results:
        click.echo("No matching passages. Try fewer filters or other words.")
    for rank, r in enumerate(results, start=1):
        c = r.chunk
        where = f"{c.local_area} · {c.doc_id} {cite_page(c.page_label, c.page)} [{c.start}:{c.end}]"
        pri = f" · priority {c.priority}" if c.priority is not None else ""
        click.echo(f"{rank}. {where}{pri} · {c.section.value} · score {r.score:.4f}")
        click.echo("   " + " ".join(c.text.split())[:300] + "\n")


def search_result_json(result: Any) -> dict[str, Any]:
    c = result.chunk
    return {
        "chunk_id": c.chunk_id,
        "doc_id": c.doc_id,
        "title": c.title,
        "local_area": c.local_area,
        "doc_type": c.doc_type.value,
        "date": c.date,
        "priority": c.priority,
        "priority_title": c.priority_title,
        "section": c.section.value,
        "page": c.page,
        "page_label": c.page_label,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "score": round(result.score, 6),
    }


@cli.command()
@click.option("--area", help="Only this local area.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def priorities(ctx: click.Context, area: str | None, as_json: bool) -> None:
    """Priorities found per local area, with their titles."""
    found = get_assistant(ctx).priorities(area)
    if as_json:
        areas: dict[str, list[dict[str, Any]]] = {}
        for p in found:
            areas.setdefault(p.local_area, []).append(
                {
                    "number": p.number,
                    "title": p.title,
                    "mentions": [m.model_dump(mode="json") for m in p.mentions],
                }
            )
        emit_json({"areas": [{"local_area": a, "priorities": ps} for a, ps in areas.items()]})
        return
    current = None
    for p in found:
        if p.local_area != current:
            current = p.local_area
            click.echo(f"\n{current}")
        click.echo(f"  {p.number:>2}. {p.title}")


@cli.command()
@click.argument("doc_id")
@click.option("--yes", is_flag=True, help="Delete without asking.")
@click.pass_context
@friendly_errors
def delete(ctx: click.Context, doc_id: str, yes: bool) -> None:
    """Remove a document, its passages and actions from the index."""
    assistant = get_assistant(ctx)
    record = assistant.store.document_record(doc_id)
    if record is None:
        raise UnknownDocumentError(doc_id)
    if not yes:
        click.confirm(
            f"Delete '{doc_id}' ({record['title']}, {record['chunks']} passages)?", abort=True
        )
    assistant.delete(doc_id)
    click.echo(f"deleted   {doc_id}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def repair(ctx: click.Context, as_json: bool) -> None:
    """Remove passages and actions an interrupted ingest left behind; list damaged documents."""
    report = get_assistant(ctx).repair()
    if as_json:
        emit_json(report.model_dump(mode="json"))
        return
    click.echo(
        f"removed {report.removed_chunks} stray passages and {report.removed_actions} actions"
    )
    for doc_id in report.damaged:
        click.echo(f"damaged   {doc_id}  passages missing: ingest its file again")
    for doc_id in report.lexical_rebuilt:
        click.echo(f"rebuilt   {doc_id}  its keyword-search file was damaged")
    for doc_id in report.vectors_rebuilt:
        click.echo(f"rebuilt   {doc_id}  its cached passage vectors were damaged")
    if not (report.damaged or report.lexical_rebuilt or report.vectors_rebuilt):
        click.echo("every document and cache checked: no damage found")


def main() -> None:  # pragma: no cover
    cli()
