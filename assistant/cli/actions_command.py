"""`wsoa actions`: the action register of an area, with its timescale check."""

from __future__ import annotations

import click

from assistant.cli.main import cli, emit_json, friendly_errors, get_assistant
from assistant.domain.ratings import RAG_COLOURS
from assistant.render.actions import action_json, actions_text, timescale_json


@cli.command()
@click.option("--area", required=True, help="Local area.")
@click.option("--priority", type=int, help="The area's own priority (or pillar) number.")
@click.option("--rag", type=click.Choice(RAG_COLOURS), help="Only actions with this rating.")
@click.option("--overdue-at", help="Only actions due before this month (YYYY-MM), not complete.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly_errors
def actions(
    ctx: click.Context,
    area: str,
    priority: int | None,
    rag: str | None,
    overdue_at: str | None,
    as_json: bool,
) -> None:
    """Registered actions of an area (WSoA, plan tables, RAG listings), every field cited."""
    assistant = get_assistant(ctx)
    found = assistant.actions(area, priority=priority, rag=rag, overdue_at=overdue_at)
    checks = assistant.timescale_check(area, overdue_at, priority) if overdue_at else None
    if not as_json:
        click.echo(actions_text(found, checks))
        return
    payload: dict[str, object] = {
        "local_area": found[0].local_area if found else area,
        "filters": {"priority": priority, "rag": rag, "overdue_at": overdue_at},
        "actions": [action_json(a) for a in found],
    }
    if checks is not None:
        payload["timescale_check"] = timescale_json(checks)
    emit_json(payload)
