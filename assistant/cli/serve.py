"""`wsoa serve`: the web app on this machine (127.0.0.1:7860 by default, never a share link)."""

from __future__ import annotations

import os

import click

from assistant.cli.grounded import BACKENDS
from assistant.cli.main import cli, friendly_errors
from assistant.service import Assistant
from assistant.settings import get_settings


@cli.command()
@click.option("--host", help="Address to listen on (default: WSOA_HOST, else 127.0.0.1).")
@click.option("--port", type=int, help="Port (default: WSOA_PORT, else 7860).")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="LLM backend (default: WSOA_LLM_BACKEND, else auto).",
)
@friendly_errors
def serve(host: str | None, port: int | None, backend: str | None) -> None:
    """Start the web app; the first start builds the index (progress shows in the page)."""
    # Gradio phones home for analytics unless told not to; this app makes no hidden calls.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from ui.app import parse_auth
    from ui.app import serve as serve_app
    from ui.security import check_exposure

    settings = get_settings()
    try:
        parse_auth(settings.ui.auth)
        check_exposure(host or settings.ui.host, settings.ui.auth)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Serving on http://{host or settings.ui.host}:{port or settings.ui.port} (Ctrl+C to stop)",
        err=True,
    )
    serve_app(Assistant(settings=settings, backend=backend), settings.ui, host, port)
