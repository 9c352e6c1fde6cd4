"""`wsoa eval`: run the evaluation suite (this system against the LangChain baseline).

``wsoa eval`` runs a suite and writes ``evals/reports/<suite>-<backend>.md/.json``
and ``latest-<suite>.md``; ``wsoa eval retrieval`` prints recall@1/@5 and MRR for
hybrid, dense-only and BM25-only search. Both use the dedicated eval index
(``<index_dir>/eval``: the bundled corpus plus the two inspection-report PDFs),
built on first use.
"""

from __future__ import annotations

from typing import Any

import click

from assistant.cli.main import cli, emit_json, friendly_errors
from assistant.service import Assistant

SUITES = ["quick", "full"]
EVAL_BACKENDS = ["local", "extractive", "endpoint"]


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _eval_assistant(ctx: click.Context, backend: str) -> Assistant:
    """An injected Assistant (tests) with its eval documents ensured, else the eval index."""
    from evals.corpus import ensure_eval_index, eval_assistant

    injected: Assistant | None = ctx.obj
    if injected is None:
        _progress("Preparing the eval index (corpus + inspection PDFs) ...")
        return eval_assistant(backend)
    injected.use_backend(backend)
    ensure_eval_index(injected)
    return injected


@cli.group(name="eval", invoke_without_command=True)
@click.option(
    "--suite",
    type=click.Choice(SUITES),
    default="quick",
    show_default=True,
    help="quick: extractive, lexical judge, all items; full: model on a subset.",
)
@click.option(
    "--backend",
    type=click.Choice(EVAL_BACKENDS),
    default=None,
    help="Answer backend (default: extractive for quick, local for full).",
)
@click.option(
    "--limit",
    type=int,
    default=None,
    help="Answerable questions to run (other kinds in proportion).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@friendly_errors
def eval_group(
    ctx: click.Context, suite: str, backend: str | None, limit: int | None, as_json: bool
) -> None:
    """Evaluate retrieval, citations, answers, abstention, drafts and comparisons."""
    if ctx.invoked_subcommand is not None:
        return
    from evals.report import terminal_table, write_report
    from evals.runner import SuiteConfig, run_suite

    config = SuiteConfig.for_suite(suite, backend, limit)  # type: ignore[arg-type]
    assistant = _eval_assistant(ctx, config.backend)
    report = run_suite(assistant, config, progress=_progress)
    paths = write_report(report)
    if as_json:
        summary: dict[str, Any] = {k: v for k, v in report.items() if k != "items"}
        emit_json(summary | {"report_files": [str(p) for p in paths]})
        return
    click.echo(terminal_table(report))
    click.echo("\nWrote " + ", ".join(str(p) for p in paths), err=True)


@eval_group.command(name="retrieval")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
@friendly_errors
def eval_retrieval(ctx: click.Context, as_json: bool) -> None:
    """Recall@1, recall@5 and MRR@10 for hybrid, dense-only and BM25-only search."""
    from evals.items import load_retrieval
    from evals.report import retrieval_table
    from evals.retrieval import evaluate_retrieval

    assistant = _eval_assistant(ctx, "extractive")
    scores = evaluate_retrieval(assistant, load_retrieval())
    summaries = [s.summary() for s in scores]
    if as_json:
        emit_json(summaries)
        return
    click.echo(retrieval_table({"retrieval": summaries}))


@eval_group.command(name="kinds")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@friendly_errors
def eval_kinds(as_json: bool) -> None:
    """Statement kinds: per-kind precision, recall and F1 against the labelled units."""
    from evals.report import REPORTS_DIR, statement_kinds_table
    from evals.statement_kinds import evaluate_statement_kinds, write_kinds_report

    result = evaluate_statement_kinds()
    paths = write_kinds_report(result, REPORTS_DIR)
    if as_json:
        emit_json({k: v for k, v in result.items() if k != "misses"})
        return
    click.echo(statement_kinds_table(result))
    click.echo("\nWrote " + ", ".join(str(p) for p in paths), err=True)
